"""The rows that serialise concurrent changes, locked with SELECT … FOR UPDATE."""

import uuid

from core.exceptions import NotFound
from platform_app.models import PlatformUser, Tenant


def tenant_for_update(tenant_id: uuid.UUID) -> Tenant:
    """Lock the tenant's row for the rest of the transaction: every change that counts a
    tenant's users, agents or SubNúcleos against its plan takes this lock first."""
    tenant = Tenant.objects.select_for_update().filter(pk=tenant_id).first()
    if tenant is None:
        raise NotFound("tenant_not_found", "Tenant não encontrado.")
    return tenant


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
