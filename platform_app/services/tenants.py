"""A tenant's own status: suspended tenants' users are refused by the API."""

import uuid

from django.db import transaction

from core.exceptions import Conflict
from platform_app.actors import Actor
from platform_app.locks import tenant_for_update
from platform_app.models import AuditAction, Tenant
from platform_app.services.audit import audit_log_record


@transaction.atomic
def tenant_suspend(*, acting_user: Actor, tenant_id: uuid.UUID) -> Tenant:
    """Suspend an active tenant; its users lose access until it is reactivated."""
    tenant = tenant_for_update(tenant_id)
    if tenant.subscription_status == Tenant.Status.SUSPENDED:
        raise Conflict("tenant_already_suspended", "O tenant já está suspenso.")
    return _set_status(tenant, Tenant.Status.SUSPENDED, AuditAction.TENANT_SUSPENDED, acting_user)


@transaction.atomic
def tenant_reactivate(*, acting_user: Actor, tenant_id: uuid.UUID) -> Tenant:
    """Reactivate a suspended tenant."""
    tenant = tenant_for_update(tenant_id)
    if tenant.subscription_status != Tenant.Status.SUSPENDED:
        raise Conflict("tenant_not_suspended", "O tenant não está suspenso.")
    return _set_status(tenant, Tenant.Status.ACTIVE, AuditAction.TENANT_REACTIVATED, acting_user)


def _set_status(
    tenant: Tenant, status: Tenant.Status, action: AuditAction, acting_user: Actor
) -> Tenant:
    previous = tenant.subscription_status
    tenant.subscription_status = status
    tenant.save(update_fields=["subscription_status"])
    audit_log_record(
        action=action,
        acting_user=acting_user,
        tenant_id=tenant.pk,
        context={"tenantId": str(tenant.pk), "from": previous, "to": status.value},
    )
    return tenant
