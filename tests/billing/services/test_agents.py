import pytest
from django.db import DatabaseError

from billing.models import TenantAgent
from billing.services import (
    tenant_agent_activate,
    tenant_agent_deactivate,
    tenant_subnucleo_activate,
)
from core.exceptions import ApplicationError, Conflict
from platform_app.actors import Actor
from platform_app.models import Agent, AgentActivation, AuditLog
from tests.billing.conftest import STAFF
from tests.factories import (
    AgentFactory,
    PlatformUserFactory,
    SubnucleoAgentFactory,
    TenantFactory,
    TenantSubscriptionFactory,
)

pytestmark = pytest.mark.django_db


def states(tenant, agent):
    """(tenant_agents.is_active, agent_activations.status) of one agent of a tenant."""
    row = TenantAgent.objects.filter(tenant=tenant, agent=agent).first()
    activation = AgentActivation.objects.filter(tenant=tenant, agent=agent).first()
    return (row and row.is_active, activation and activation.status)


def test_activating_writes_both_tables_and_one_audit_row():
    # given
    tenant = TenantSubscriptionFactory().tenant
    agent = AgentFactory(name="qualificador-leads")
    # when
    result = tenant_agent_activate(acting_user=STAFF, tenant_id=tenant.pk, agent_id=agent.pk)
    # then
    assert (result.tenant_id, result.agent_id, result.is_active) == (tenant.pk, agent.pk, True)
    assert states(tenant, agent) == (True, "active")
    activation = AgentActivation.objects.get(tenant=tenant, agent=agent)
    assert activation.deactivated_at is None and activation.activated_at is not None
    log = AuditLog.objects.get(tenant=tenant)
    assert (log.action_type, log.result, log.user_id, log.agent_id) == (
        "agent.activated",
        "success",
        None,
        agent.pk,
    )
    assert log.context == {
        "tenantId": str(tenant.pk),
        "agentId": str(agent.pk),
        "agentName": "qualificador-leads",
        "staff": "gestora.interna",
    }


def test_a_linked_staff_member_is_the_audit_rows_user():
    tenant = TenantSubscriptionFactory().tenant
    user = PlatformUserFactory(tenant=tenant)
    agent = AgentFactory()

    tenant_agent_activate(
        acting_user=Actor(platform_user_id=user.pk, staff_username="ana"),
        tenant_id=tenant.pk,
        agent_id=agent.pk,
    )

    assert AuditLog.objects.get(tenant=tenant).user_id == user.pk


def test_deactivating_and_reactivating_reuse_the_same_rows():
    tenant = TenantSubscriptionFactory().tenant
    agent = AgentFactory()
    tenant_agent_activate(acting_user=STAFF, tenant_id=tenant.pk, agent_id=agent.pk)
    ids = (
        TenantAgent.objects.get(tenant=tenant, agent=agent).pk,
        AgentActivation.objects.get(tenant=tenant, agent=agent).pk,
    )

    tenant_agent_deactivate(acting_user=STAFF, tenant_id=tenant.pk, agent_id=agent.pk)
    after_deactivation = states(tenant, agent)
    deactivated_at = TenantAgent.objects.get(tenant=tenant, agent=agent).deactivated_at
    tenant_agent_activate(acting_user=STAFF, tenant_id=tenant.pk, agent_id=agent.pk)

    assert after_deactivation == (False, "inactive")
    assert deactivated_at is not None
    assert states(tenant, agent) == (True, "active")
    assert TenantAgent.objects.get(tenant=tenant, agent=agent).deactivated_at is None
    assert (
        TenantAgent.objects.get(tenant=tenant, agent=agent).pk,
        AgentActivation.objects.get(tenant=tenant, agent=agent).pk,
    ) == ids
    assert sorted(AuditLog.objects.filter(tenant=tenant).values_list("action_type", flat=True)) == [
        "agent.activated",
        "agent.activated",
        "agent.deactivated",
    ]


def test_the_agent_past_the_plans_limit_is_refused_and_nothing_is_written():
    # given: a plan of 2 agents, both in use
    subscription = TenantSubscriptionFactory(
        plan__max_agents=2, plan__display_name="Profissional", plan__name="profissional"
    )
    tenant = subscription.tenant
    for agent in AgentFactory.create_batch(2):
        tenant_agent_activate(acting_user=STAFF, tenant_id=tenant.pk, agent_id=agent.pk)
    third = AgentFactory()
    audit_rows = AuditLog.objects.filter(tenant=tenant).count()
    # when
    with pytest.raises(Conflict) as refusal:
        tenant_agent_activate(acting_user=STAFF, tenant_id=tenant.pk, agent_id=third.pk)
    # then
    assert refusal.value.status == 409
    assert refusal.value.code == "plan_limit_reached"
    assert refusal.value.message == (
        "Limite do plano Profissional atingido: 2 de 2 agentes em uso. "
        "Desative agentes ou mude de plano."
    )
    assert refusal.value.details == {
        "resource": "agents",
        "used": 2,
        "limit": 2,
        "requested": 1,
        "plan": "profissional",
    }
    assert states(tenant, third) == (None, None)
    assert AuditLog.objects.filter(tenant=tenant).count() == audit_rows


def test_an_agent_already_active_is_refused():
    tenant = TenantSubscriptionFactory().tenant
    agent = AgentFactory(display_name="Agendador")
    tenant_agent_activate(acting_user=STAFF, tenant_id=tenant.pk, agent_id=agent.pk)

    with pytest.raises(Conflict) as refusal:
        tenant_agent_activate(acting_user=STAFF, tenant_id=tenant.pk, agent_id=agent.pk)

    assert (refusal.value.code, refusal.value.message) == (
        "agent_already_active",
        "O agente Agendador já está ativo para este tenant.",
    )


def test_activation_repairs_an_agent_active_in_one_table_only_without_counting_it_twice():
    # given: the Lambdas' drift, counted in tenant_agents but inactive for the platform,
    # on a plan whose one agent is that one
    tenant = TenantSubscriptionFactory(plan__max_agents=1).tenant
    agent = AgentFactory()
    TenantAgent.objects.create(tenant=tenant, agent=agent, is_active=True)
    AgentActivation.objects.create(tenant=tenant, agent=agent, status="inactive")
    # when
    tenant_agent_activate(acting_user=STAFF, tenant_id=tenant.pk, agent_id=agent.pk)
    # then
    assert states(tenant, agent) == (True, "active")


@pytest.mark.parametrize("status", [None, "cancelled"])
def test_a_tenant_without_a_plan_in_force_cannot_activate_agents(status):
    tenant = TenantFactory() if status is None else TenantSubscriptionFactory(status=status).tenant
    agent = AgentFactory()

    with pytest.raises(Conflict) as refusal:
        tenant_agent_activate(acting_user=STAFF, tenant_id=tenant.pk, agent_id=agent.pk)

    assert refusal.value.code == "subscription_required"
    assert refusal.value.message == (
        "O tenant não tem um plano ativo: assine um plano antes de ativar agentes, "
        "SubNúcleos ou usuários."
    )
    assert states(tenant, agent) == (None, None)


@pytest.mark.parametrize("status", ["trialing", "past_due"])
def test_a_trial_or_an_unpaid_invoice_keeps_the_plan_in_force(status):
    tenant = TenantSubscriptionFactory(status=status).tenant
    agent = AgentFactory()

    tenant_agent_activate(acting_user=STAFF, tenant_id=tenant.pk, agent_id=agent.pk)

    assert states(tenant, agent) == (True, "active")


def test_an_agent_switched_off_in_the_catalogue_is_refused():
    tenant = TenantSubscriptionFactory().tenant
    agent = AgentFactory(display_name="Cobrador", status=Agent.Status.INACTIVE)

    with pytest.raises(Conflict) as refusal:
        tenant_agent_activate(acting_user=STAFF, tenant_id=tenant.pk, agent_id=agent.pk)

    assert (refusal.value.code, refusal.value.message) == (
        "agent_unavailable",
        "Agente fora de operação no catálogo: Cobrador.",
    )


def test_unknown_tenant_and_agent_are_not_found():
    tenant = TenantSubscriptionFactory().tenant
    agent = AgentFactory()

    with pytest.raises(ApplicationError) as no_tenant:
        tenant_agent_activate(acting_user=STAFF, tenant_id=agent.pk, agent_id=agent.pk)
    with pytest.raises(ApplicationError) as no_agent:
        tenant_agent_activate(acting_user=STAFF, tenant_id=tenant.pk, agent_id=tenant.pk)

    assert (no_tenant.value.code, no_tenant.value.status) == ("tenant_not_found", 404)
    assert (no_agent.value.code, no_agent.value.status) == ("agent_not_found", 404)


def test_deactivating_an_agent_that_is_not_active_is_refused():
    tenant = TenantSubscriptionFactory().tenant
    agent = AgentFactory(display_name="Agendador")

    with pytest.raises(Conflict) as refusal:
        tenant_agent_deactivate(acting_user=STAFF, tenant_id=tenant.pk, agent_id=agent.pk)

    assert (refusal.value.code, refusal.value.message) == (
        "agent_not_active",
        "O agente Agendador não está ativo para este tenant.",
    )
    assert not AuditLog.objects.filter(tenant=tenant).exists()


def test_an_agent_an_active_subnucleo_requires_is_deactivated_with_the_subnucleo():
    tenant = TenantSubscriptionFactory().tenant
    link = SubnucleoAgentFactory(
        agent__display_name="Triagem", subnucleo__display_name="Saúde e Telemedicina"
    )
    tenant_subnucleo_activate(
        acting_user=STAFF, tenant_id=tenant.pk, subnucleo_id=link.subnucleo_id
    )

    with pytest.raises(Conflict) as refusal:
        tenant_agent_deactivate(acting_user=STAFF, tenant_id=tenant.pk, agent_id=link.agent_id)

    assert (refusal.value.code, refusal.value.message) == (
        "agent_required_by_subnucleo",
        "O agente Triagem é obrigatório no SubNúcleo Saúde e Telemedicina, ativo para este "
        "tenant: desative o SubNúcleo.",
    )
    assert states(tenant, link.agent) == (True, "active")


def test_a_failure_in_the_second_table_leaves_the_first_untouched(failing_inserts):
    # given: PostgreSQL refuses the agent_activations insert that follows tenant_agents'
    tenant = TenantSubscriptionFactory().tenant
    agent = AgentFactory()
    failing_inserts("alquimista_platform.agent_activations")
    # when
    with pytest.raises(DatabaseError):
        tenant_agent_activate(acting_user=STAFF, tenant_id=tenant.pk, agent_id=agent.pk)
    # then
    assert states(tenant, agent) == (None, None)
    assert not AuditLog.objects.filter(tenant=tenant).exists()
