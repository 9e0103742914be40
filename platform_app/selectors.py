"""Reads of the alquimista_platform schema shared by the API and the admin.

Under a platform user's request these querysets see only its tenant's rows (PostgreSQL
row-level security); staff see every tenant.
"""

import uuid
from datetime import datetime

from django.db.models import QuerySet

from platform_app.models import Agent, AuditLog, PlatformUser, Tenant


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


def audit_log_list(
    *,
    tenant_id: uuid.UUID | None = None,
    user_id: uuid.UUID | None = None,
    agent_id: uuid.UUID | None = None,
    trace_id: uuid.UUID | None = None,
    action_type: str | None = None,
    result: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> QuerySet[AuditLog]:
    """Audit rows matching production's filters (and traceId), with the user and agent
    names production's answer carries."""
    logs = AuditLog.objects.select_related("user", "agent")
    filters = {
        "tenant_id": tenant_id,
        "user_id": user_id,
        "agent_id": agent_id,
        "trace_id": trace_id,
        "action_type": action_type,
        "result": result,
        "created_at__gte": start,
        "created_at__lte": end,
    }
    return logs.filter(**{key: value for key, value in filters.items() if value is not None})
