"""A tenant's SubNúcleos: each brings its required agents and the optional ones chosen."""

import uuid
from collections.abc import Collection

from django.db import transaction
from django.utils import timezone

from billing.models import Subnucleo, TenantSubnucleo
from billing.selectors import (
    active_agent_ids,
    subnucleo_links,
    subnucleo_release,
    tenant_usage,
)
from billing.services.agents import ensure_available, switch_off, switch_on
from billing.services.limits import ensure_room
from core.exceptions import ApplicationError, Conflict, NotFound
from platform_app.actors import Actor
from platform_app.locks import tenant_for_update
from platform_app.models import AuditAction
from platform_app.services import audit_log_record


@transaction.atomic
def tenant_subnucleo_activate(
    *,
    acting_user: Actor,
    tenant_id: uuid.UUID,
    subnucleo_id: uuid.UUID,
    optional_agent_ids: Collection[uuid.UUID] = (),
) -> TenantSubnucleo:
    """Activate a SubNúcleo for the tenant with its required agents and the optional ones
    in `optional_agent_ids`, within the plan's `max_subnucleos` and `max_agents`."""
    tenant = tenant_for_update(tenant_id)
    subnucleo = catalogue_subnucleo(subnucleo_id)
    if not subnucleo.is_active:
        raise Conflict(
            "subnucleo_unavailable",
            f"O SubNúcleo {subnucleo.display_name} está fora de venda no catálogo.",
        )
    row = TenantSubnucleo.objects.filter(tenant=tenant, subnucleo=subnucleo).first()
    if row is not None and row.is_active:
        raise Conflict(
            "subnucleo_already_active",
            f"O SubNúcleo {subnucleo.display_name} já está ativo para este tenant.",
        )
    links = list(subnucleo_links(subnucleo.pk))
    chosen = set(optional_agent_ids)
    strangers = chosen - {link.agent_id for link in links}
    if strangers:
        raise ApplicationError(
            "invalid_optional_agents",
            f"Agentes que não fazem parte do SubNúcleo {subnucleo.display_name}: "
            f"{', '.join(sorted(str(agent) for agent in strangers))}.",
            details={"agentIds": sorted(str(agent) for agent in strangers)},
        )
    agents = [
        link.agent for link in links if link.is_required is not False or link.agent_id in chosen
    ]
    ensure_available(agents)
    usage = tenant_usage(tenant_id=tenant.pk)
    ensure_room(usage, "subnucleos")
    already = active_agent_ids(tenant.pk)
    new = [agent.pk for agent in agents if agent.pk not in already]
    if new:
        ensure_room(usage, "agents", len(new))

    now = timezone.now()
    if row is None:
        row = TenantSubnucleo.objects.create(
            tenant=tenant, subnucleo=subnucleo, is_active=True, activated_at=now
        )
    else:
        row.is_active, row.activated_at, row.deactivated_at = True, now, None
        row.save(update_fields=["is_active", "activated_at", "deactivated_at"])
    switch_on(tenant.pk, [agent.pk for agent in agents], subnucleo_id=subnucleo.pk, now=now)
    audit_log_record(
        action=AuditAction.SUBNUCLEO_ACTIVATED,
        acting_user=acting_user,
        tenant_id=tenant.pk,
        context={
            "tenantId": str(tenant.pk),
            "subnucleoId": str(subnucleo.pk),
            "subnucleoName": subnucleo.name,
            "agentIds": [str(agent.pk) for agent in agents],
            "newAgentIds": [str(agent) for agent in new],
        },
    )
    return row


@transaction.atomic
def tenant_subnucleo_deactivate(
    *, acting_user: Actor, tenant_id: uuid.UUID, subnucleo_id: uuid.UUID
) -> TenantSubnucleo:
    """Deactivate a SubNúcleo of the tenant and those of its agents that no other active
    SubNúcleo of the tenant provides."""
    tenant = tenant_for_update(tenant_id)
    subnucleo = catalogue_subnucleo(subnucleo_id)
    row = TenantSubnucleo.objects.filter(tenant=tenant, subnucleo=subnucleo, is_active=True).first()
    if row is None:
        raise Conflict(
            "subnucleo_not_active",
            f"O SubNúcleo {subnucleo.display_name} não está ativo para este tenant.",
        )
    release = subnucleo_release(tenant_id=tenant.pk, subnucleo_id=subnucleo.pk)
    now = timezone.now()
    switch_off(tenant.pk, release.released, now=now)
    row.is_active, row.deactivated_at = False, now
    row.save(update_fields=["is_active", "deactivated_at"])
    audit_log_record(
        action=AuditAction.SUBNUCLEO_DEACTIVATED,
        acting_user=acting_user,
        tenant_id=tenant.pk,
        context={
            "tenantId": str(tenant.pk),
            "subnucleoId": str(subnucleo.pk),
            "subnucleoName": subnucleo.name,
            "deactivatedAgentIds": [str(agent) for agent in release.released],
            "keptAgentIds": [str(agent) for agent in release.kept],
        },
    )
    return row


def catalogue_subnucleo(subnucleo_id: uuid.UUID) -> Subnucleo:
    subnucleo = Subnucleo.objects.filter(pk=subnucleo_id).first()
    if subnucleo is None:
        raise NotFound("subnucleo_not_found", "SubNúcleo não encontrado.")
    return subnucleo
