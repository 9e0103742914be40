"""A tenant's users, where a change takes a seat of the plan (`max_users`).

These two live in billing rather than in platform_app, which owns the users table,
because they enforce a plan limit and platform_app never imports billing; suspending a
user or changing a role takes no seat and stays in `platform_app.services.users`.
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from billing.selectors import SEATLESS_USER_STATUSES, tenant_usage
from billing.services.limits import ensure_room
from core.exceptions import ApplicationError, Conflict
from core.validators import validate_email
from platform_app.actors import Actor
from platform_app.locks import tenant_for_update, user_for_update
from platform_app.models import AuditAction, PlatformUser
from platform_app.services import audit_log_record


@transaction.atomic
def user_create(
    *,
    acting_user: Actor,
    tenant_id: uuid.UUID,
    email: str,
    full_name: str,
    role: str = PlatformUser.Role.VIEWER,
) -> PlatformUser:
    """Add an active user to the tenant, within its plan's `max_users`."""
    email = email.strip().lower()
    full_name = " ".join(full_name.split())
    try:
        validate_email(email)
    except ValidationError:
        raise ApplicationError("invalid_email", "E-mail inválido.") from None
    if not full_name:
        raise ApplicationError("full_name_required", "Informe o nome completo.")
    if role not in PlatformUser.Role.values:
        raise ApplicationError(
            "invalid_role",
            "Papel inválido: use administrador, gestor, operador ou leitor.",
            details={"role": role, "allowed": PlatformUser.Role.values},
        )
    tenant = tenant_for_update(tenant_id)
    ensure_room(tenant_usage(tenant_id=tenant.pk), "users")
    if PlatformUser.objects.filter(email__iexact=email).exists():
        raise _email_taken()
    try:
        with transaction.atomic():
            user = PlatformUser.objects.create(
                tenant=tenant,
                email=email,
                full_name=full_name,
                user_role=role,
                status=PlatformUser.Status.ACTIVE,
            )
    except IntegrityError:  # the same e-mail added meanwhile for another tenant
        raise _email_taken() from None
    audit_log_record(
        action=AuditAction.USER_CREATED,
        acting_user=acting_user,
        tenant_id=tenant.pk,
        context={"tenantId": str(tenant.pk), "userId": str(user.pk), "role": role},
    )
    return user


@transaction.atomic
def user_reactivate(*, acting_user: Actor, user_id: uuid.UUID) -> PlatformUser:
    """Reactivate a suspended or inactive user, within the plan's `max_users`."""
    tenant, user = user_for_update(user_id)
    if user.status not in SEATLESS_USER_STATUSES:
        raise Conflict("user_not_suspended", "O usuário não está suspenso nem inativo.")
    ensure_room(tenant_usage(tenant_id=tenant.pk), "users")
    previous = user.status
    user.status = PlatformUser.Status.ACTIVE
    user.save(update_fields=["status"])
    audit_log_record(
        action=AuditAction.USER_REACTIVATED,
        acting_user=acting_user,
        tenant_id=tenant.pk,
        context={"tenantId": str(tenant.pk), "userId": str(user.pk), "from": previous},
    )
    return user


def _email_taken() -> Conflict:
    return Conflict("user_email_taken", "Já existe um usuário da plataforma com esse e-mail.")
