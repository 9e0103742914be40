"""How an approval request reads on screen: its action, details, deadline and status."""

import re
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from adminkit.links import change_url
from platform_app.models import ApprovalRequest
from platform_app.services.approval_actions import GatedAction, gated_action_for
from platform_app.services.approvals import EXECUTION_KEY

STATUS_CLASSES: dict[str, str] = {
    ApprovalRequest.Status.PENDING: "pending",
    ApprovalRequest.Status.APPROVED: "approved",
    ApprovalRequest.Status.REJECTED: "rejected",
    ApprovalRequest.Status.EXPIRED: "expired",
    ApprovalRequest.Status.CANCELLED: "cancelled",
}


def action_label(approval: ApprovalRequest) -> str:
    """'Suspender tenant' for a registered action; the Lambdas' own types as they are."""
    action = gated_action_for(approval.action_type)
    if action is not None:
        return action.label
    try:
        return ApprovalRequest.ActionType(approval.action_type).label.capitalize()
    except ValueError:
        return approval.action_type


def action_subject(approval: ApprovalRequest) -> str:
    """The row the action is about, in words: 'Cliente Ltda', 'Starter'."""
    details = approval.action_details if isinstance(approval.action_details, dict) else {}
    for key in ("companyName", "planDisplayName", "title", "titulo", "nome"):
        if isinstance(details.get(key), str):
            return str(details[key])
    return approval.resource_id or ""


def status_badge(approval: ApprovalRequest, now: datetime | None = None) -> SafeString:
    overdue = approval.status == ApprovalRequest.Status.PENDING and approval.expires_at <= (
        now or timezone.now()
    )
    label = "vencida" if overdue else approval.get_status_display()
    css = "expired" if overdue else STATUS_CLASSES.get(approval.status, "unknown")
    return format_html('<span class="approval-status approval-{}">{}</span>', css, label)


def time_left(approval: ApprovalRequest, now: datetime | None = None) -> str:
    """'expira em 5 h 12 min', 'venceu há 2 h'; for a decided request, its deadline."""
    now = now or timezone.now()
    if approval.status != ApprovalRequest.Status.PENDING:
        return "—"
    delta = approval.expires_at - now
    span = _span(abs(delta.total_seconds()))
    return f"expira em {span}" if delta.total_seconds() > 0 else f"venceu há {span}"


def _span(seconds: float) -> str:
    minutes = int(seconds // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days} d {hours} h" if hours else f"{days} d"
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{max(minutes, 1)} min"


def resource_link(approval: ApprovalRequest) -> SafeString | str:
    """A link to the row the action is about, when the back-office has a page for it."""
    action = gated_action_for(approval.action_type)
    label = f"{approval.resource_type} {approval.resource_id or ''}".strip()
    if action is None or action.resource_model is None or not approval.resource_id:
        return label
    model = apps.get_model(action.resource_model)
    row = model._default_manager.filter(pk=approval.resource_id).first()
    url = change_url(row) if row is not None else None
    return format_html('<a href="{}">{}</a>', url, row) if url else label


def detail_rows(approval: ApprovalRequest) -> list[tuple[str, SafeString]]:
    """The action's details as (label, value) rows: the action's own labels and formats
    first, in its order; other keys after them, named from the key."""
    details = approval.action_details
    if not isinstance(details, dict):
        return [("Detalhes", format_html("{}", details))]
    action = gated_action_for(approval.action_type)
    labels = dict(action.detail_labels) if action else {}
    keys = [k for k in labels if k in details] + [
        k for k in details if k not in labels and k != EXECUTION_KEY
    ]
    return [
        (
            labels.get(key) or humanize_key(key),
            format_value(_value(action, key, details[key]), _format(action, key)),
        )
        for key in keys
    ]


def result_rows(approval: ApprovalRequest, result: Any) -> list[tuple[str, SafeString]]:
    """An execution's result as (label, value) rows, named as the details are."""
    if not isinstance(result, dict):
        return [] if result is None else [("Resultado", format_value(result))]
    action = gated_action_for(approval.action_type)
    labels = dict(action.detail_labels) if action else {}
    return [
        (labels.get(key) or humanize_key(key), format_value(value, _format(action, key)))
        for key, value in result.items()
    ]


def _value(action: GatedAction | None, key: str, value: Any) -> Any:
    """A coded value's label where the action names one (an unknown code shows as it is)."""
    if action is None or not isinstance(value, str):
        return value
    return action.detail_values.get(key, {}).get(value, value)


def _format(action: GatedAction | None, key: str) -> str | None:
    return action.detail_formats.get(key) if action else None


def humanize_key(key: str) -> str:
    """'leadsAlvo' / 'leads_alvo' → 'Leads alvo'."""
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", key).replace("_", " ").strip()
    return words[:1].upper() + words[1:].lower()


def format_value(value: Any, kind: str | None = None) -> SafeString:
    if value is None or value == "":
        return mark_safe("—")
    if isinstance(value, bool):
        return format_html("{}", "sim" if value else "não")
    if isinstance(value, Mapping) and set(value) == {"from", "to"}:
        before, after = format_value(value["from"], kind), format_value(value["to"], kind)
        if value["from"] == value["to"]:
            return format_html('{} <span class="approval-muted">(sem alteração)</span>', after)
        return format_html("<s>{}</s> → <strong>{}</strong>", before, after)
    if isinstance(value, Mapping):
        return format_html(
            '<dl class="approval-nested">{}</dl>',
            format_html_join(
                "",
                "<dt>{}</dt><dd>{}</dd>",
                ((humanize_key(str(k)), format_value(v, kind)) for k, v in value.items()),
            ),
        )
    if isinstance(value, list):
        if all(not isinstance(item, Mapping | list) for item in value):
            return format_html("{}", ", ".join(str(item) for item in value))
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((format_value(i),) for i in value))
        )
    if kind == "money":
        return format_html("{}", brl(value))
    if isinstance(value, int | float):
        return format_html("{}", f"{value:,}".replace(",", "."))
    return format_html("{}", value)


def brl(value: Any) -> str:
    """'R$ 1.497,00' (a value that is not a number is shown as it is)."""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    text = f"{amount:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"R$ {text}"
