"""The rows that serialise concurrent changes, locked with SELECT … FOR UPDATE."""

import uuid

from core.exceptions import NotFound
from platform_app.models import Tenant


def tenant_for_update(tenant_id: uuid.UUID) -> Tenant:
    """Lock the tenant's row for the rest of the transaction: every change that counts a
    tenant's users, agents or SubNúcleos against its plan takes this lock first."""
    tenant = Tenant.objects.select_for_update().filter(pk=tenant_id).first()
    if tenant is None:
        raise NotFound("tenant_not_found", "Tenant não encontrado.")
    return tenant
