"""Buttons that ask for an approval-gated action instead of doing it.

A ModelAdmin lists its gated actions with a request form each:

    class TenantAdmin(GatedActionsMixin, PlatformAdmin):
        gated_action_forms = {ApprovalRequest.ActionType.TENANT_SUSPEND: TenantSuspensionForm}

Its change page then offers "Solicitar …" (or links to the request already pending), and
the form creates an approval request through `approval_request_create`; nothing changes
until the request is approved (the action then runs by itself, see
`platform_app.services.approval_actions`).
"""

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from adminkit.links import change_url
from platform_app.models import ApprovalRequest
from platform_app.selectors import approval_approver_candidates
from platform_app.services import approval_request_create
from platform_app.services.approval_actions import gated_action_for
from staff.roles import APPROVERS
from staff.selectors import staff_platform_user_ids_in_group, staff_superuser_usernames
from staff.services import actor_for_staff

REQUEST_PERMISSION = "platform_app.add_approvalrequest"


def not_linked_help(request) -> str:
    """Why an unlinked account cannot request or decide, and who can fix it."""
    if request.user.is_superuser:
        return (
            "Sua conta da equipe não está vinculada a um usuário da plataforma. Vincule-a em "
            "Equipe interna > Vínculos com usuários da plataforma."
        )
    superusers = ", ".join(staff_superuser_usernames()) or "um superusuário"
    return (
        "Sua conta da equipe não está vinculada a um usuário da plataforma, por isso não pode "
        f"solicitar nem decidir aprovações. Peça a um superusuário ({superusers}) que a vincule "
        "em Equipe interna > Vínculos com usuários da plataforma."
    )


class GatedActionRequestForm(forms.Form):
    """The reason and the approvers; subclasses add the action's own fields and details."""

    # The staff group whose linked platform users are preselected as approvers.
    approver_group = APPROVERS

    reason = forms.CharField(
        label="Motivo",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Os aprovadores leem isto para decidir.",
    )
    approvers = forms.MultipleChoiceField(
        label="Aprovadores",
        widget=forms.CheckboxSelectMultiple(attrs={"class": "approver-choices"}),
        help_text="Usuários da equipe interna; qualquer um deles pode decidir.",
    )

    def __init__(self, *args: Any, obj: Any, candidates, preselected, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.obj = obj
        field = cast(forms.MultipleChoiceField, self.fields["approvers"])
        field.choices = [
            (
                str(user.pk),
                f"{user.full_name} <{user.email}>"
                + (" — aprovador no back-office" if user.pk in preselected else ""),
            )
            for user in candidates
        ]
        field.initial = [str(user.pk) for user in candidates if user.pk in preselected]

    def details(self) -> dict[str, Any]:
        """The request's action_details (the action's `prepare` completes them)."""
        return {"reason": self.cleaned_data["reason"]}

    def create_request(self, model_admin: Any, request: Any, action: Any) -> Any:
        """Create the approval request as the staff member (None, with an error message,
        when the service refuses)."""
        return model_admin.call_service(
            request,
            approval_request_create,
            action_type=action.action_type,
            resource_type=action.resource_type,
            resource_id=str(self.obj.pk),
            action_details=self.details(),
            approvers=self.cleaned_data["approvers"],
        )


class TenantSuspensionForm(GatedActionRequestForm):
    """Suspending a tenant: its users lose access once the request is approved."""


class GatedActionsMixin:
    """Adds the gated actions' buttons to the change page and their request forms."""

    gated_action_forms: dict[str, type[GatedActionRequestForm]] = {}
    model: Any  # the ModelAdmin's

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/solicitar/<str:action_type>/",
                self.admin_site.admin_view(self.gated_action_request_view),
                name=f"{opts.app_label}_{opts.model_name}_gated_request",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and not add:
            context["gated_action_buttons"] = self.gated_action_buttons(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def gated_action_buttons(self, request, obj) -> list[dict[str, str]]:
        """'Solicitar …' per gated action, or a link to the request already pending."""
        if not request.user.has_perm(REQUEST_PERMISSION):
            return []
        opts = self.model._meta
        buttons = []
        for action_type in self.gated_action_forms:
            action = gated_action_for(action_type)
            if action is None or action.unavailable(resource_id=str(obj.pk)) is not None:
                continue
            pending = ApprovalRequest.objects.filter(
                action_type=action_type,
                resource_id=str(obj.pk),
                status=ApprovalRequest.Status.PENDING,
                expires_at__gt=timezone.now(),
            ).first()
            if pending is not None:
                label, url = f"{action.label}: aguardando aprovação", change_url(pending)
            else:
                label = f"Solicitar: {action.label.lower()}"
                url = reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_gated_request",
                    args=[obj.pk, action_type],
                )
            buttons.append({"label": label, "url": url or ""})
        return buttons

    def gated_action_request_view(self, request, object_id, action_type):
        obj = self.get_object(request, unquote(object_id))
        form_class = self.gated_action_forms.get(action_type)
        action = gated_action_for(action_type)
        if obj is None or form_class is None or action is None:
            raise Http404
        if not self.has_view_permission(request, obj) or not request.user.has_perm(
            REQUEST_PERMISSION
        ):
            raise PermissionDenied
        actor = actor_for_staff(request.user)
        form = None
        unavailable = action.unavailable(resource_id=str(obj.pk))
        if actor.platform_user_id is not None and unavailable is None:
            candidates = list(approval_approver_candidates(actor.platform_user_id))
            form = form_class(
                request.POST if request.method == "POST" else None,
                obj=obj,
                candidates=candidates,
                preselected=staff_platform_user_ids_in_group(form_class.approver_group),
            )
            if request.method == "POST" and form.is_valid():
                approval = form.create_request(self, request, action)
                if approval is not None:
                    self.message_user(
                        request,
                        f"Solicitação enviada a {len(approval.approvers)} aprovador(es). "
                        "Nada muda até ela ser aprovada.",
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(change_url(approval) or change_url(obj))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Solicitar: {action.label.lower()}",
            "object": obj,
            "object_url": change_url(obj),
            "action": action,
            "form": form,
            "unavailable": unavailable.message if unavailable else None,
            "not_linked_help": (
                None if actor.platform_user_id is not None else not_linked_help(request)
            ),
        }
        return TemplateResponse(request, "admin/gated_action_request.html", context)
