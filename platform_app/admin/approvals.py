"""Approval requests: the approvers' inbox, the decision page, and the read-only decisions.

No form edits a request: its status and decisions change only through the services
(decide, cancel, expire, execute), which the buttons of the decision page call.
"""

from datetime import datetime

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode

from adminkit.filters import selected_object_filter
from adminkit.ids import short_id
from adminkit.links import object_link, related_link
from adminkit.options import PlatformAdmin, ReadOnlyAdmin
from adminkit.search import IndexedSearch
from core.privacy import mask_instance
from platform_app.admin.approval_display import (
    action_label,
    action_subject,
    detail_rows,
    resource_link,
    result_rows,
    status_badge,
    time_left,
)
from platform_app.admin.gated_actions import not_linked_help
from platform_app.models import ApprovalDecision, ApprovalRequest, PlatformUser
from platform_app.selectors import (
    approval_request_approvers,
    approval_requests_awaiting,
    approval_requests_requested_by,
)
from platform_app.services import (
    approval_request_cancel,
    approval_request_decide,
    approval_request_execute,
    approval_requests_expire_due,
)
from platform_app.services.approval_actions import gated_action_for
from platform_app.services.approvals import (
    approval_cancel_refusal,
    approval_decision_refusal,
    approval_execution,
    approval_execution_refusal,
)
from staff.services import actor_for_staff

TO_DECIDE, REQUESTED, HISTORY, ALL = "a_decidir", "solicitadas", "historico", "todas"
TABS = (
    (TO_DECIDE, "Aguardando minha decisão"),
    (REQUESTED, "Solicitadas por mim"),
    (HISTORY, "Histórico"),
    (ALL, "Todas"),
)


def staff_actor(request):
    """The staff member's Actor, looked up once per request."""
    if not hasattr(request, "_approval_actor"):
        request._approval_actor = actor_for_staff(request.user)
    return request._approval_actor


def _moment(value) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _user_name(user_id) -> str | None:
    try:
        user = PlatformUser.objects.filter(pk=user_id).first() if user_id else None
    except ValidationError:
        return None
    return mask_instance(user).full_name if user else None


def current_tab(request, value: str | None) -> str:
    if value in dict(TABS):
        return value
    return TO_DECIDE if staff_actor(request).platform_user_id else ALL


class InboxFilter(admin.SimpleListFilter):
    """The inbox tabs (rendered above the list, not in the sidebar)."""

    title = "caixa"
    parameter_name = "caixa"
    template = "admin/platform_app/approvalrequest/inbox_filter.html"

    def lookups(self, request, model_admin):
        return TABS

    def queryset(self, request, queryset):
        tab = current_tab(request, self.value())
        user_id = staff_actor(request).platform_user_id
        if tab == HISTORY:
            return queryset.filter(
                ~Q(status=ApprovalRequest.Status.PENDING) | Q(expires_at__lte=timezone.now())
            )
        if tab == ALL:
            return queryset
        if user_id is None:
            return queryset.none()
        if tab == REQUESTED:
            return queryset.filter(pk__in=approval_requests_requested_by(user_id).values("pk"))
        return queryset.filter(pk__in=approval_requests_awaiting(user_id).values("pk"))


@admin.register(ApprovalRequest)
class ApprovalRequestAdmin(PlatformAdmin):
    change_list_template = "admin/platform_app/approvalrequest/change_list.html"
    list_display = (
        "action",
        related_link("tenant", "tenant"),
        "requester",
        "status_column",
        "progress",
        "deadline",
    )
    list_display_links = ("action",)
    list_filter = (
        InboxFilter,
        "status",
        "action_type",
        selected_object_filter("tenant"),
    )
    list_select_related = ("tenant", "requested_by")
    indexed_search = IndexedSearch(
        uuid=("id", "resource_id", "tenant_id"),
        exact=("id", "resource_id", "action_type"),
        contains=("tenant__company_name",),
        names=("empresa", "ação"),
    )
    date_hierarchy = "created_at"
    actions = ("expire_due",)

    # No add form (requests come from the gated actions' buttons and the API), no
    # deletion (a request is cancelled), and the change page is the decision page.
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        approvals = ApprovalDecision.objects.filter(
            approval=OuterRef("pk"), decision=ApprovalDecision.Decision.APPROVE
        )
        count = approvals.order_by().values("approval").annotate(n=Count("*")).values("n")
        return (
            super()
            .get_queryset(request)
            .annotate(approve_count=Coalesce(Subquery(count), Value(0)))
        )

    def get_ordering(self, request):
        if current_tab(request, request.GET.get("caixa")) == TO_DECIDE:
            return ("expires_at",)  # most urgent first
        return super().get_ordering(request)

    @admin.display(description="ação")
    def action(self, approval):
        return format_html(
            '{}<br><span class="approval-muted">{}</span>',
            action_label(approval),
            action_subject(approval),
        )

    @admin.display(description="solicitado por")
    def requester(self, approval):
        return mask_instance(approval.requested_by).full_name

    @admin.display(description="situação", ordering="status")
    def status_column(self, approval):
        return status_badge(approval)

    @admin.display(description="aprovações")
    def progress(self, approval):
        return f"{approval.approve_count} de {approval.required_approvals}"

    @admin.display(description="prazo", ordering="expires_at")
    def deadline(self, approval):
        return format_html('<span class="approval-nowrap">{}</span>', time_left(approval))

    def changelist_view(self, request, extra_context=None):
        actor = staff_actor(request)
        tab = current_tab(request, request.GET.get("caixa"))
        awaiting = (
            approval_requests_awaiting(actor.platform_user_id).count()
            if actor.platform_user_id
            else None
        )
        tabs = [
            {
                "label": f"{label} ({awaiting})" if key == TO_DECIDE and awaiting else label,
                "url": "?" + urlencode({"caixa": key}),
                "selected": key == tab,
            }
            for key, label in TABS
        ]
        extra = {
            "title": "Aprovações",
            "inbox_tabs": tabs,
            "not_linked_help": None if actor.platform_user_id else not_linked_help(request),
        }
        return super().changelist_view(request, {**(extra_context or {}), **extra})

    @admin.action(description="Expirar as vencidas entre as selecionadas", permissions=["change"])
    def expire_due(self, request, queryset):
        count = self.call_service(
            request,
            approval_requests_expire_due,
            approval_ids=list(queryset.values_list("pk", flat=True)),
        )
        if count is not None:
            self.message_user(
                request,
                f"{count} solicitação(ões) vencida(s) marcada(s) como expirada(s).",
                messages.SUCCESS,
            )

    # The decision page and its buttons ---------------------------------------------

    def get_urls(self):
        def view(function):
            # The services commit on their own (an expiry or a failed execution is kept
            # even when the staff member gets a refusal): no request-wide transaction.
            return transaction.non_atomic_requests(self.admin_site.admin_view(function))

        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("<path:object_id>/decidir/", view(self.decide_view), name=f"{name}_decide"),
            path("<path:object_id>/cancelar/", view(self.cancel_view), name=f"{name}_cancel"),
            path("<path:object_id>/executar/", view(self.execute_view), name=f"{name}_execute"),
            *super().get_urls(),
        ]

    def _approval(self, request, object_id) -> ApprovalRequest:
        object_id = unquote(object_id)
        approval = (
            None
            if "\x00" in object_id
            else ApprovalRequest.objects.select_related("tenant", "requested_by")
            .filter(pk=object_id)
            .first()
        )
        if approval is None:
            raise Http404("Solicitação de aprovação não encontrada.")
        if not self.has_view_permission(request, approval):
            raise PermissionDenied
        return approval

    def _page_url(self, approval) -> str:
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[approval.pk]
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The decision page: what is asked, by whom, who decided what, and the buttons
        the rules allow for this staff member (with the reason when there are none)."""
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        approval = self._approval(request, object_id)
        actor = staff_actor(request)
        now = timezone.now()
        linked = actor.platform_user_id is not None
        may_decide = self.has_change_permission(request, approval)
        decision_refusal = approval_decision_refusal(approval=approval, acting_user=actor, now=now)
        approvers = approval_request_approvers(approval)
        # Shown, never saved: people outside the viewer's audience masked (core.privacy).
        for person in [approval.requested_by, *(a.user for a in approvers)]:
            if person is not None:
                mask_instance(person)
        gated = gated_action_for(approval.action_type)
        execution_refusal = approval_execution_refusal(approval=approval, acting_user=actor)
        execution = approval_execution(approval)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": action_label(approval),
            "subject": action_subject(approval),
            "approval": approval,
            "status_badge": status_badge(approval, now),
            "time_left": time_left(approval, now),
            "resource_link": resource_link(approval),
            "detail_rows": detail_rows(approval),
            "approvers": approvers,
            "approve_count": sum(
                1 for a in approvers if a.decision and a.decision.decision == "approve"
            ),
            "not_linked_help": None if linked else not_linked_help(request),
            "can_decide": may_decide and decision_refusal is None,
            "decision_refusal": (
                decision_refusal.message
                if decision_refusal is not None
                else None
                if may_decide
                else "Somente membros do grupo Aprovadores decidem pelo back-office."
            ),
            "can_cancel": approval_cancel_refusal(approval=approval, acting_user=actor) is None,
            "gated": gated,
            "execution": execution,
            "executed_at": _moment(execution.get("executedAt")),
            "executed_by": _user_name(execution.get("executedBy")),
            "execution_result": result_rows(approval, execution.get("result")),
            "can_execute": execution_refusal is None,
            "decide_url": reverse(f"admin:{self._name}_decide", args=[approval.pk]),
            "cancel_url": reverse(f"admin:{self._name}_cancel", args=[approval.pk]),
            "execute_url": reverse(f"admin:{self._name}_execute", args=[approval.pk]),
            "inbox_url": reverse(f"admin:{self._name}_changelist"),
        }
        return TemplateResponse(
            request, "admin/platform_app/approvalrequest/decision.html", context
        )

    @property
    def _name(self) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}"

    def _press(self, request, object_id, service, *, decide=False, **kwargs):
        """A decision page button: the request, and the service's result (None when
        refused, the reason shown as a message)."""
        if request.method != "POST":
            raise Http404
        approval = self._approval(request, object_id)
        if decide and not self.has_change_permission(request, approval):
            raise PermissionDenied
        if staff_actor(request).platform_user_id is None:
            self.message_user(request, not_linked_help(request), messages.ERROR)
            return approval, None
        return approval, self.call_service(request, service, approval_id=approval.pk, **kwargs)

    def decide_view(self, request, object_id):
        approval, outcome = self._press(
            request,
            object_id,
            approval_request_decide,
            decide=True,
            decision=request.POST.get("decision", ""),
            comment=request.POST.get("comment", "")[:5000],
        )
        if outcome is not None:
            self._report_decision(request, approval.pk)
        return HttpResponseRedirect(self._page_url(approval))

    def _report_decision(self, request, approval_id: str) -> None:
        approval = ApprovalRequest.objects.get(pk=approval_id)
        execution = approval_execution(approval)
        if approval.status == ApprovalRequest.Status.REJECTED:
            self.message_user(request, "Solicitação rejeitada.", messages.SUCCESS)
        elif approval.status == ApprovalRequest.Status.PENDING:
            self.message_user(
                request,
                "Decisão registrada; a solicitação aguarda mais aprovações.",
                messages.SUCCESS,
            )
        elif execution.get("status") == "succeeded":
            self.message_user(request, "Solicitação aprovada e ação executada.", messages.SUCCESS)
        elif execution.get("status") == "failed":
            self.message_user(
                request,
                "Solicitação aprovada, mas a execução falhou: "
                f"{str(execution.get('error')).rstrip('.')}. "
                "Corrija a causa e use “Executar novamente”.",
                messages.WARNING,
            )
        else:
            self.message_user(request, "Solicitação aprovada.", messages.SUCCESS)

    def cancel_view(self, request, object_id):
        approval, cancelled = self._press(request, object_id, approval_request_cancel)
        if cancelled is not None:
            self.message_user(request, "Solicitação cancelada.", messages.SUCCESS)
        return HttpResponseRedirect(self._page_url(approval))

    def execute_view(self, request, object_id):
        approval, executed = self._press(request, object_id, approval_request_execute)
        if executed is not None:
            self.message_user(request, "Ação executada.", messages.SUCCESS)
        return HttpResponseRedirect(self._page_url(approval))


@admin.register(ApprovalDecision)
class ApprovalDecisionAdmin(ReadOnlyAdmin):
    list_display = (
        "decision",
        "approval_column",
        related_link("approver", "aprovador"),
        "created_at",
    )
    list_filter = ("decision",)
    list_select_related = ("approval", "approver")

    @admin.display(description="solicitação")
    def approval_column(self, decision):
        """The request's action in words and its id shortened (approval-<uuid> is long)."""
        approval = decision.approval
        return format_html(
            '{} <span class="approval-muted">{}</span>',
            object_link(approval, label=action_label(approval)),
            short_id(approval.pk),
        )
