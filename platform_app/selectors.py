"""Reads of the alquimista_platform schema shared by the admin and the API.

Under a platform user's API request these querysets see only its tenant's rows
(PostgreSQL row-level security); staff see every tenant.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, cast

from django.db import connection, router
from django.db.models import Exists, ForeignKey, Model, OuterRef, Q, QuerySet
from django.utils import timezone

from api.pagination import Page, keyset_after_sql, page_of
from core.fields import UTCDateTimeField
from core.postgresql.base import from_row, prepared_cursor
from platform_app.models import (
    INTERNAL_TENANT_ID,
    Agent,
    ApprovalDecision,
    ApprovalRequest,
    AuditLog,
    PlatformUser,
    Tenant,
)


def _lists_approver(user_id: uuid.UUID) -> Q:
    # `approvers` is TEXT holding a JSON array of ids: the quoted id occurs in it exactly
    # when the user is listed (compact or spaced JSON alike).
    return Q(approvers__contains=f'"{user_id}"')


def approval_requests_awaiting(
    user_id: uuid.UUID, *, now: datetime | None = None
) -> QuerySet[ApprovalRequest]:
    """Pending, unexpired requests listing `user_id` as an approver that they did not
    request and have not decided yet: their queue."""
    decided = ApprovalDecision.objects.filter(approval=OuterRef("pk"), approver_id=user_id)
    return (
        ApprovalRequest.objects.filter(
            _lists_approver(user_id),
            status=ApprovalRequest.Status.PENDING,
            expires_at__gt=now or timezone.now(),
        )
        .exclude(requested_by_id=user_id)
        .exclude(Exists(decided))
    )


def approval_requests_requested_by(user_id: uuid.UUID) -> QuerySet[ApprovalRequest]:
    """The requests `user_id` asked for."""
    return ApprovalRequest.objects.filter(requested_by_id=user_id)


def approval_requests_involving(user_id: uuid.UUID) -> QuerySet[ApprovalRequest]:
    """The requests `user_id` asked for or is an approver of."""
    return ApprovalRequest.objects.filter(Q(requested_by_id=user_id) | _lists_approver(user_id))


@dataclass(frozen=True)
class ApproverState:
    """One listed approver and their decision so far (None: not decided yet)."""

    approver_id: str
    user: PlatformUser | None
    decision: ApprovalDecision | None


def approval_request_approvers(approval: ApprovalRequest) -> list[ApproverState]:
    """Each listed approver, in the request's order, with their decision; a decision by
    someone the list does not name (written by hand) is listed after them."""
    listed: Any = approval.approvers  # JSONListTextField: a list, or a hand-written string
    approvers = listed if isinstance(listed, list) else []
    decisions = {
        str(decision.approver_id): decision
        for decision in ApprovalDecision.objects.filter(approval=approval).order_by("created_at")
    }
    ids = list(dict.fromkeys([*map(str, approvers), *decisions]))
    users = {str(user.pk): user for user in PlatformUser.objects.filter(pk__in=ids)}
    return [ApproverState(i, users.get(i), decisions.get(i)) for i in ids]


def approval_approver_candidates(requester_id: uuid.UUID) -> QuerySet[PlatformUser]:
    """Who may be asked to approve a back-office action: the internal tenant's active
    users other than the requester."""
    return (
        PlatformUser.objects.filter(tenant_id=INTERNAL_TENANT_ID, status=PlatformUser.Status.ACTIVE)
        .exclude(pk=requester_id)
        .order_by("full_name")
    )


def agent_list_active(*, category: str | None = None) -> QuerySet[Agent]:
    """Active agents of the catalogue, optionally of one category, by display name."""
    agents = Agent.objects.filter(status=Agent.Status.ACTIVE)
    if category:
        agents = agents.filter(category=category)
    return agents.order_by("display_name", "id")


def tenant_list(
    *, subscription_status: str | None = None, subscription_tier: str | None = None
) -> QuerySet[Tenant]:
    """Tenants with their subscription and plan (one query)."""
    tenants = Tenant.objects.select_related("subscription__plan")
    if subscription_status:
        tenants = tenants.filter(subscription_status=subscription_status)
    if subscription_tier:
        tenants = tenants.filter(subscription_tier=subscription_tier)
    return tenants


def tenant_get(*, tenant_id: uuid.UUID) -> Tenant | None:
    """One tenant with its subscription and plan, or None."""
    return tenant_list().filter(pk=tenant_id).first()


def tenant_user_list(
    *, tenant_id: uuid.UUID, status: str | None = None, role: str | None = None
) -> QuerySet[PlatformUser]:
    """The platform users of one tenant."""
    users = PlatformUser.objects.filter(tenant_id=tenant_id)
    if status:
        users = users.filter(status=status)
    if role:
        users = users.filter(user_role=role)
    return users


AUDIT_LOG_FILTERS = {
    "tenant_id": "a.tenant_id = %s",
    "user_id": "a.user_id = %s",
    "agent_id": "a.agent_id = %s",
    "trace_id": "a.trace_id = %s",
    "action_type": "a.action_type = %s",
    "result": "a.result = %s",
    "start": "a.created_at >= %s",
    "end": "a.created_at <= %s",
}


# Read beside each audit row, as select_related would: relation → (alias, model, columns).
AUDIT_LOG_JOINS: dict[str, tuple[str, type[Model], tuple[str, ...]]] = {
    "user": ("u", PlatformUser, ("id", "email", "full_name", "tenant_id")),
    "agent": ("g", Agent, ("id", "name", "display_name")),
}


def audit_log_page(
    *,
    limit: int,
    cursor: str | None = None,
    tenant_id: uuid.UUID | None = None,
    user_id: uuid.UUID | None = None,
    agent_id: uuid.UUID | None = None,
    trace_id: uuid.UUID | None = None,
    action_type: str | None = None,
    result: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> Page[AuditLog]:
    """One keyset page, newest first, of the audit rows matching production's filters
    (and traceId), each with the user and agent names production's answer carries
    (`log.user`, `log.agent`: only those columns, and the user's tenant).

    Support looks traces up all day, so this is one prepared statement instead of the
    ORM's select_related query, which costs several times more to build than to run.
    """
    created_at = cast("UTCDateTimeField[Any, Any]", AuditLog._meta.get_field("created_at"))
    values = {
        "tenant_id": tenant_id,
        "user_id": user_id,
        "agent_id": agent_id,
        "trace_id": trace_id,
        "action_type": action_type,
        "result": result,
        "start": start and created_at.get_db_prep_value(start, connection),
        "end": end and created_at.get_db_prep_value(end, connection),
    }
    conditions = [AUDIT_LOG_FILTERS[name] for name, value in values.items() if value is not None]
    params: list[Any] = [value for value in values.values() if value is not None]
    if cursor:
        after, after_params = keyset_after_sql(created_at, cursor, alias="a")
        conditions.append(after)
        params.extend(after_params)
    sql = (
        f"{_audit_log_select()} WHERE {' AND '.join(conditions) or 'true'}"
        " ORDER BY a.created_at DESC NULLS FIRST, a.id DESC LIMIT %s"
    )
    using = router.db_for_read(AuditLog)
    with prepared_cursor(using) as rows:
        rows.execute(sql, [*params, limit + 1])
        logs = [_audit_log(row, using) for row in rows.fetchall()]
    return page_of(logs, limit=limit, order_field="created_at")


def _fields_of(model: type[Model], names: tuple[str, ...]) -> list[Any]:
    """The model's fields named `names`, in the model's order (the order from_db takes)."""
    return [field for field in model._meta.concrete_fields if field.attname in names]


@cache
def _audit_log_columns() -> list[tuple[str, type[Model], list[Any]]]:
    """(alias, model, fields) of what each audit row reads: every AuditLog column, then
    each join's."""
    return [("a", AuditLog, list(AuditLog._meta.concrete_fields))] + [
        (alias, model, _fields_of(model, names)) for alias, model, names in AUDIT_LOG_JOINS.values()
    ]


@cache
def _audit_log_select() -> str:
    columns = [
        f'{alias}."{field.column}"' for alias, _, fields in _audit_log_columns() for field in fields
    ]
    joins = [
        f'LEFT JOIN "{model._meta.db_table}" {alias} ON {alias}.id = a."{_relation(name).column}"'
        for name, (alias, model, _) in AUDIT_LOG_JOINS.items()
    ]
    return f'SELECT {", ".join(columns)} FROM "{AuditLog._meta.db_table}" a {" ".join(joins)}'


def _relation(name: str) -> "ForeignKey[Any, Any]":
    return cast("ForeignKey[Any, Any]", AuditLog._meta.get_field(name))


def _audit_log(row: tuple[Any, ...], using: str) -> AuditLog:
    """The row read by `_audit_log_select` as an AuditLog with its user and agent set (the
    related row with the columns read, the rest deferred; None when the join found none:
    no key, or a row the caller cannot see)."""
    values = iter(row)
    log, *related = [
        from_row(model, fields, values, using) for _, model, fields in _audit_log_columns()
    ]
    for name, instance in zip(AUDIT_LOG_JOINS, related, strict=True):
        _relation(name).set_cached_value(log, instance if instance.pk is not None else None)
    return cast(AuditLog, log)


def approval_request_list(
    *, status: str | None = None, action_type: str | None = None
) -> QuerySet[ApprovalRequest]:
    """Approval requests with their requester, optionally of one status and action."""
    requests = ApprovalRequest.objects.select_related("requested_by")
    if status:
        requests = requests.filter(status=status)
    if action_type:
        requests = requests.filter(action_type=action_type)
    return requests


def approval_request_get(*, approval_id: str) -> ApprovalRequest | None:
    """One approval request with its requester, or None (an id no request can have, too)."""
    if len(approval_id) > 255 or "\x00" in approval_id:
        return None
    return approval_request_list().filter(pk=approval_id).first()


def approval_decision_list(*, approval: ApprovalRequest) -> QuerySet[ApprovalDecision]:
    """A request's decisions with their approvers, oldest first."""
    return (
        ApprovalDecision.objects.filter(approval=approval)
        .select_related("approver")
        .order_by("created_at", "id")
    )
