"""A tenant's agents, kept the same in `public.tenant_agents` (what the billing view
counts) and `alquimista_platform.agent_activations` (what the platform's Lambdas read)."""

import uuid
from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from billing.models import SubnucleoAgent, TenantAgent
from billing.selectors import active_subnucleo_ids, tenant_usage
from billing.services.limits import ensure_room
from core.exceptions import Conflict, NotFound
from platform_app.actors import Actor
from platform_app.locks import tenant_for_update
from platform_app.models import Agent, AgentActivation, AuditAction
from platform_app.services import audit_log_record


@transaction.atomic
def tenant_agent_activate(
    *, acting_user: Actor, tenant_id: uuid.UUID, agent_id: uuid.UUID
) -> TenantAgent:
    """Activate a catalogue agent for the tenant, within its plan's `max_agents`."""
    tenant = tenant_for_update(tenant_id)
    agent = catalogue_agent(agent_id)
    ensure_available([agent])
    counted, running = agent_state(tenant.pk, agent.pk)
    if counted and running:
        raise Conflict(
            "agent_already_active", f"O agente {agent.display_name} já está ativo para este tenant."
        )
    if not counted:
        ensure_room(tenant_usage(tenant_id=tenant.pk), "agents")
    switch_on(tenant.pk, [agent.pk], subnucleo_id=None, now=timezone.now())
    audit_log_record(
        action=AuditAction.AGENT_ACTIVATED,
        acting_user=acting_user,
        tenant_id=tenant.pk,
        agent_id=agent.pk,
        context={"tenantId": str(tenant.pk), "agentId": str(agent.pk), "agentName": agent.name},
    )
    return TenantAgent.objects.get(tenant=tenant, agent=agent)


@transaction.atomic
def tenant_agent_deactivate(
    *, acting_user: Actor, tenant_id: uuid.UUID, agent_id: uuid.UUID
) -> TenantAgent | None:
    """Deactivate an agent of the tenant, unless an active SubNúcleo requires it."""
    tenant = tenant_for_update(tenant_id)
    agent = catalogue_agent(agent_id)
    counted, running = agent_state(tenant.pk, agent.pk)
    if not (counted or running):
        raise Conflict(
            "agent_not_active", f"O agente {agent.display_name} não está ativo para este tenant."
        )
    requiring = (
        SubnucleoAgent.objects.filter(
            agent=agent, is_required=True, subnucleo_id__in=active_subnucleo_ids(tenant.pk)
        )
        .select_related("subnucleo")
        .order_by("subnucleo__display_name")
        .first()
    )
    if requiring is not None:
        raise Conflict(
            "agent_required_by_subnucleo",
            f"O agente {agent.display_name} é obrigatório no SubNúcleo "
            f"{requiring.subnucleo.display_name}, ativo para este tenant: desative o SubNúcleo.",
            details={"subnucleoId": str(requiring.subnucleo_id)},
        )
    switch_off(tenant.pk, [agent.pk], now=timezone.now())
    audit_log_record(
        action=AuditAction.AGENT_DEACTIVATED,
        acting_user=acting_user,
        tenant_id=tenant.pk,
        agent_id=agent.pk,
        context={"tenantId": str(tenant.pk), "agentId": str(agent.pk), "agentName": agent.name},
    )
    return TenantAgent.objects.filter(tenant=tenant, agent=agent).first()


def agent_state(tenant_id: uuid.UUID, agent_id: uuid.UUID) -> tuple[bool, bool]:
    """Whether the agent is active for the tenant in tenant_agents (counted by the billing
    view) and in agent_activations (running for the Lambdas)."""
    counted = TenantAgent.objects.filter(
        tenant_id=tenant_id, agent_id=agent_id, is_active=True
    ).exists()
    running = (
        AgentActivation.objects.filter(tenant_id=tenant_id, agent_id=agent_id)
        .exclude(status=AgentActivation.Status.INACTIVE)
        .exists()
    )
    return counted, running


def catalogue_agent(agent_id: uuid.UUID) -> Agent:
    agent = Agent.objects.filter(pk=agent_id).first()
    if agent is None:
        raise NotFound("agent_not_found", "Agente não encontrado.")
    return agent


def ensure_available(agents: Iterable[Agent]) -> None:
    """Refuse agents the catalogue has switched off."""
    unavailable = [agent for agent in agents if agent.status != Agent.Status.ACTIVE]
    if unavailable:
        names = ", ".join(agent.display_name for agent in unavailable)
        raise Conflict(
            "agent_unavailable",
            f"Agente fora de operação no catálogo: {names}.",
            details={"agentIds": [str(agent.pk) for agent in unavailable]},
        )


def switch_on(
    tenant_id: uuid.UUID,
    agent_ids: Iterable[uuid.UUID],
    *,
    subnucleo_id: uuid.UUID | None,
    now: datetime,
) -> None:
    """Make the agents active in both tables, reusing each (tenant, agent) row. An agent
    that was inactive records `subnucleo_id` as the SubNúcleo that brought it back."""
    for agent_id in agent_ids:
        row = TenantAgent.objects.filter(tenant_id=tenant_id, agent_id=agent_id).first()
        if row is None:
            TenantAgent.objects.create(
                tenant_id=tenant_id,
                agent_id=agent_id,
                subnucleo_id=subnucleo_id,
                is_active=True,
                activated_at=now,
            )
        elif not row.is_active:
            row.is_active, row.activated_at, row.deactivated_at = True, now, None
            row.subnucleo_id = subnucleo_id or row.subnucleo_id
            row.save(update_fields=["is_active", "activated_at", "deactivated_at", "subnucleo"])
        activation = AgentActivation.objects.filter(tenant_id=tenant_id, agent_id=agent_id).first()
        if activation is None:
            AgentActivation.objects.create(
                tenant_id=tenant_id,
                agent_id=agent_id,
                status=AgentActivation.Status.ACTIVE,
                activated_at=now,
            )
        elif activation.status != AgentActivation.Status.ACTIVE:
            activation.status = AgentActivation.Status.ACTIVE
            activation.activated_at, activation.deactivated_at = now, None
            activation.save(update_fields=["status", "activated_at", "deactivated_at"])


def switch_off(tenant_id: uuid.UUID, agent_ids: Iterable[uuid.UUID], *, now: datetime) -> None:
    """Make the agents inactive in both tables."""
    ids = list(agent_ids)
    TenantAgent.objects.filter(tenant_id=tenant_id, agent_id__in=ids).exclude(
        is_active=False
    ).update(is_active=False, deactivated_at=now)
    AgentActivation.objects.filter(tenant_id=tenant_id, agent_id__in=ids).exclude(
        status=AgentActivation.Status.INACTIVE
    ).update(status=AgentActivation.Status.INACTIVE, deactivated_at=now)
