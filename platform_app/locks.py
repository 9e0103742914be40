"""The rows that serialise concurrent changes, locked with SELECT … FOR UPDATE."""

import uuid
from collections.abc import Iterable
from datetime import datetime

from django.db import connection
from django.db.models import QuerySet

from core.exceptions import NotFound
from platform_app.models import ApprovalRequest, PlatformUser, Tenant


def tenant_for_update(tenant_id: uuid.UUID) -> Tenant:
    """Lock the tenant's row for the rest of the transaction: every change that counts a
    tenant's users, agents or SubNúcleos against its plan takes this lock first."""
    tenant = Tenant.objects.select_for_update().filter(pk=tenant_id).first()
    if tenant is None:
        raise NotFound("tenant_not_found", "Tenant não encontrado.")
    return tenant


def approval_request_for_update(approval_id: str) -> ApprovalRequest:
    """Lock an approval request's row: its decisions, cancellation, expiry and execution
    are serialised on it, so each reads the decisions the previous one committed."""
    approval = (
        ApprovalRequest.objects.select_for_update().filter(pk=approval_id).first()
        if "\x00" not in approval_id
        else None
    )
    if approval is None:
        raise NotFound("approval_not_found", "Solicitação de aprovação não encontrada.")
    return approval


def approval_requests_due_for_update(
    *, now: datetime, approval_ids: Iterable[str] | None = None
) -> QuerySet[ApprovalRequest]:
    """Pending requests past their expiry, locked; rows a decision holds right now are
    skipped (that decision expires them itself, or the next run does)."""
    due = ApprovalRequest.objects.select_for_update(skip_locked=True).filter(
        status=ApprovalRequest.Status.PENDING, expires_at__lte=now
    )
    if approval_ids is not None:
        due = due.filter(pk__in=list(approval_ids))
    return due.order_by("expires_at")


def approval_action_lock(action_type: str, resource_id: str | None) -> None:
    """Serialise the creation of requests for the same action on the same row (a
    transaction-level advisory lock), so two staff cannot open duplicates at once."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
            [f"approval:{action_type}:{resource_id or ''}"],
        )


def user_for_update(user_id: uuid.UUID) -> tuple[Tenant, PlatformUser]:
    """Lock a platform user's tenant, then the user: tenant first, as every change that
    counts the tenant's seats does, so two such changes never wait on each other in turn."""
    tenant_id = PlatformUser.objects.filter(pk=user_id).values_list("tenant_id", flat=True).first()
    if tenant_id is None:
        raise NotFound("user_not_found", "Usuário não encontrado.")
    tenant = tenant_for_update(tenant_id)
    user = PlatformUser.objects.select_for_update().filter(pk=user_id, tenant=tenant).first()
    if user is None:  # moved or removed between the two reads
        raise NotFound("user_not_found", "Usuário não encontrado.")
    return tenant, user
