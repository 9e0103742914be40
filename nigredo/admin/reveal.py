"""“Revelar dados pessoais”: a row's masked contacts shown whole, once, for a reason.

For staff who see a table's people masked (`nigredo.privacy`) and may view the row:
a form asks why; the service audits who, which row and why, and the page shows the
values (on that answer only: the next visit is masked again)."""

from typing import Any, cast

from django import forms
from django.contrib.admin.utils import unquote
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from core.exceptions import ApplicationError
from core.privacy import masked_columns
from nigredo.services import personal_data_reveal
from nigredo.services.reveal import MAX_REASON, MIN_REASON
from staff.services import actor_for_staff


class RevealForm(forms.Form):
    reason = forms.CharField(
        label="Motivo",
        min_length=MIN_REASON,
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=(
            "Por que precisa ver o e-mail, o telefone e o nome completos (ex.: o chamado "
            "que está atendendo). Fica no registro de auditoria com o seu nome."
        ),
    )


class RevealPersonalDataMixin:
    """Adds `<id>/revelar/` to a ModelAdmin of a table the registry lists."""

    reveal_template = "admin/nigredo/reveal.html"

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/revelar/",
                self.admin_site.admin_view(self.reveal_view),
                name=f"{opts.app_label}_{opts.model_name}_reveal",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """The page's object tools get “Revelar dados pessoais” when something is masked."""
        response = super().render_change_form(request, context, add, change, form_url, obj)
        url = self.reveal_url(obj) if obj is not None and not add else None
        if url is not None and getattr(response, "context_data", None) is not None:
            buttons = response.context_data.get("gated_action_buttons") or []
            response.context_data["gated_action_buttons"] = [
                *buttons,
                {"label": "Revelar dados pessoais", "url": url},
            ]
        return response

    def reveal_url(self, obj: Model) -> str | None:
        """The reveal page of `obj`, when the viewer sees some of its columns masked."""
        if not masked_columns(type(obj)):
            return None
        opts = obj._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_reveal", args=[obj.pk])

    def reveal_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        admin = cast(Any, self)
        obj = admin.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not admin.has_view_permission(request, obj):
            raise PermissionDenied
        opts = obj._meta
        back = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        if not masked_columns(type(obj)):  # the viewer sees it whole already
            return HttpResponseRedirect(back)
        form = RevealForm(request.POST if request.method == "POST" else None)
        revealed = None
        if request.method == "POST" and form.is_valid():
            try:
                values = personal_data_reveal(
                    acting_user=actor_for_staff(cast(User, request.user)),
                    model=type(obj),
                    object_id=obj.pk,
                    reason=form.cleaned_data["reason"],
                )
            except ApplicationError as exc:
                form.add_error("reason", exc.message)
            else:
                revealed = [
                    (opts.get_field(column).verbose_name, value or "-")
                    for column, value in values.items()
                ]
        return TemplateResponse(
            request,
            self.reveal_template,
            {
                **admin.admin_site.each_context(request),
                "title": f"Revelar dados pessoais de {obj}",
                "subtitle": None,
                "object": obj,
                "opts": opts,
                "form": form,
                "revealed": revealed,
                "back_url": back,
                "has_view_permission": True,
            },
        )
