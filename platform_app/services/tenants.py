"""A tenant's company data and its own status: suspended tenants' users are refused by
the API."""

import uuid
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from core.brazil import format_cnpj, is_valid_cnpj
from core.exceptions import ApplicationError, Conflict
from platform_app.actors import Actor
from platform_app.locks import tenant_for_update
from platform_app.models import AuditAction, Tenant
from platform_app.services.audit import audit_log_record

# What `tenant_update` changes (status has services of its own; the plan is billing's).
EDITABLE = ("company_name", "cnpj", "subscription_tier", "settings")


@transaction.atomic
def tenant_create(
    *,
    acting_user: Actor,
    company_name: str,
    cnpj: str | None = None,
    subscription_tier: str = Tenant.Tier.FREE,
    settings: Mapping[str, Any] | None = None,
) -> Tenant:
    """A new active tenant; its CNPJ, when given, validated and stored formatted."""
    values = _clean(
        {
            "company_name": company_name,
            "cnpj": cnpj,
            "subscription_tier": subscription_tier,
            "settings": dict(settings or {}),
        }
    )
    tenant = Tenant.objects.create(subscription_status=Tenant.Status.ACTIVE, **values)
    audit_log_record(
        action=AuditAction.TENANT_CREATED,
        acting_user=acting_user,
        tenant_id=tenant.pk,
        context={"tenantId": str(tenant.pk), "tier": tenant.subscription_tier},
    )
    return tenant


@transaction.atomic
def tenant_update(*, acting_user: Actor, tenant_id: uuid.UUID, **changes: Any) -> Tenant:
    """Change a tenant's company data (`company_name`, `cnpj`, `subscription_tier`,
    `settings`); the audit row names the fields changed, not their values."""
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise ApplicationError(
            "invalid_field", f"Campos que não se alteram aqui: {', '.join(unknown)}."
        )
    tenant = tenant_for_update(tenant_id)
    current = {field: getattr(tenant, field) for field in EDITABLE}
    # A tier only the Lambdas know (the admin shows it as it is) is checked when changed.
    values = _clean({**current, **changes}, tier_checked="subscription_tier" in changes)
    changed = [field for field in EDITABLE if values[field] != current[field]]
    if not changed:
        raise Conflict("tenant_unchanged", "Nada a alterar: os dados já são esses.")
    for field in changed:
        setattr(tenant, field, values[field])
    tenant.save(update_fields=changed)
    audit_log_record(
        action=AuditAction.TENANT_UPDATED,
        acting_user=acting_user,
        tenant_id=tenant.pk,
        context={"tenantId": str(tenant.pk), "fields": changed},
    )
    return tenant


def _clean(values: dict[str, Any], *, tier_checked: bool = True) -> dict[str, Any]:
    company_name = " ".join(str(values["company_name"] or "").split())
    if not company_name:
        raise ApplicationError("company_name_required", "Informe o nome da empresa.")
    if len(company_name) > 255:
        raise ApplicationError(
            "company_name_too_long", "O nome da empresa tem no máximo 255 caracteres."
        )
    cnpj = (values["cnpj"] or "").strip() or None
    if cnpj is not None:
        if not is_valid_cnpj(cnpj):
            raise ApplicationError(
                "invalid_cnpj", "CNPJ inválido: confira os 14 dígitos (ex.: 11.222.333/0001-81)."
            )
        cnpj = format_cnpj(cnpj)
    if tier_checked and values["subscription_tier"] not in Tenant.Tier.values:
        raise ApplicationError(
            "invalid_tier",
            "Nível de assinatura inválido.",
            details={"allowed": Tenant.Tier.values},
        )
    if values["settings"] is not None and not isinstance(values["settings"], dict):
        raise ApplicationError("invalid_settings", "As configurações devem ser um objeto JSON.")
    return {
        "company_name": company_name,
        "cnpj": cnpj,
        "subscription_tier": values["subscription_tier"],
        "settings": values["settings"],
    }


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
