"""A tenant's users: the changes that take no seat of the plan.

Adding a user and reactivating one consume a seat (`max_users` of the tenant's plan), so
they live in `billing.services.users`, beside the plan limits; platform_app never
imports billing.
"""

import uuid

from django.db import transaction

from core.exceptions import ApplicationError, Conflict
from platform_app.actors import Actor
from platform_app.locks import user_for_update
from platform_app.models import AuditAction, PlatformUser
from platform_app.services.audit import audit_log_record


@transaction.atomic
def user_suspend(*, acting_user: Actor, user_id: uuid.UUID) -> PlatformUser:
    """Suspend a tenant user: the user loses access and frees a seat of the plan."""
    tenant, user = user_for_update(user_id)
    if user.status == PlatformUser.Status.SUSPENDED:
        raise Conflict("user_already_suspended", "O usuário já está suspenso.")
    previous = user.status
    user.status = PlatformUser.Status.SUSPENDED
    user.save(update_fields=["status"])
    audit_log_record(
        action=AuditAction.USER_SUSPENDED,
        acting_user=acting_user,
        tenant_id=tenant.pk,
        context={"tenantId": str(tenant.pk), "userId": str(user.pk), "from": previous},
    )
    return user


@transaction.atomic
def user_role_change(*, acting_user: Actor, user_id: uuid.UUID, role: str) -> PlatformUser:
    """Give a tenant user another role (`admin`, `manager`, `operator`, `viewer`)."""
    if role not in PlatformUser.Role.values:
        raise ApplicationError(
            "invalid_role",
            "Papel inválido: use administrador, gestor, operador ou leitor.",
            details={"role": role, "allowed": PlatformUser.Role.values},
        )
    tenant, user = user_for_update(user_id)
    if user.user_role == role:
        raise Conflict("user_role_unchanged", "O usuário já tem esse papel.")
    previous = user.user_role
    user.user_role = role
    user.save(update_fields=["user_role"])
    audit_log_record(
        action=AuditAction.USER_ROLE_CHANGED,
        acting_user=acting_user,
        tenant_id=tenant.pk,
        context={"tenantId": str(tenant.pk), "userId": str(user.pk), "from": previous, "to": role},
    )
    return user
