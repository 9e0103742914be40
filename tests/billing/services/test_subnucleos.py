import pytest
from django.db import DatabaseError

from billing.models import TenantAgent, TenantSubnucleo
from billing.services import (
    tenant_agent_activate,
    tenant_subnucleo_activate,
    tenant_subnucleo_deactivate,
)
from core.exceptions import ApplicationError, Conflict
from platform_app.models import AgentActivation, AuditLog
from tests.billing.conftest import STAFF
from tests.factories import (
    AgentFactory,
    SubnucleoAgentFactory,
    SubnucleoFactory,
    TenantSubscriptionFactory,
)

pytestmark = pytest.mark.django_db


def active_agents(tenant) -> set:
    """The tenant's active agents, asserting both tables agree."""
    counted = set(
        TenantAgent.objects.filter(tenant=tenant, is_active=True).values_list("agent_id", flat=True)
    )
    running = set(
        AgentActivation.objects.filter(tenant=tenant, status="active").values_list(
            "agent_id", flat=True
        )
    )
    assert counted == running
    return counted


def subnucleo_with(required: int, optional: int, **kwargs):
    """A SubNúcleo and its required and optional agents."""
    subnucleo = SubnucleoFactory(**kwargs)
    needed = [SubnucleoAgentFactory(subnucleo=subnucleo).agent for _ in range(required)]
    extra = [
        SubnucleoAgentFactory(subnucleo=subnucleo, is_required=False).agent for _ in range(optional)
    ]
    return subnucleo, needed, extra


def test_activation_brings_the_required_agents_and_only_the_optional_ones_chosen():
    # given
    tenant = TenantSubscriptionFactory(plan__max_agents=8).tenant
    subnucleo, required, optional = subnucleo_with(2, 2, name="vendas-sdr")
    # when
    row = tenant_subnucleo_activate(
        acting_user=STAFF,
        tenant_id=tenant.pk,
        subnucleo_id=subnucleo.pk,
        optional_agent_ids=[optional[1].pk],
    )
    # then
    assert (row.tenant_id, row.subnucleo_id, row.is_active) == (tenant.pk, subnucleo.pk, True)
    assert active_agents(tenant) == {required[0].pk, required[1].pk, optional[1].pk}
    assert set(
        TenantAgent.objects.filter(tenant=tenant).values_list("subnucleo_id", flat=True)
    ) == {subnucleo.pk}
    log = AuditLog.objects.get(tenant=tenant)
    assert log.action_type == "subnucleo.activated"
    assert log.context == {
        "tenantId": str(tenant.pk),
        "subnucleoId": str(subnucleo.pk),
        "subnucleoName": "vendas-sdr",
        "agentIds": [str(a.pk) for a in (*required, optional[1])],
        "newAgentIds": [str(a.pk) for a in (*required, optional[1])],
        "staff": "gestora.interna",
    }


def test_an_agent_that_is_not_the_subnucleos_is_refused_as_optional():
    tenant = TenantSubscriptionFactory().tenant
    subnucleo, _, _ = subnucleo_with(1, 0, display_name="Vendas SDR")
    stranger = AgentFactory()

    with pytest.raises(ApplicationError) as refusal:
        tenant_subnucleo_activate(
            acting_user=STAFF,
            tenant_id=tenant.pk,
            subnucleo_id=subnucleo.pk,
            optional_agent_ids=[stranger.pk],
        )

    assert (refusal.value.code, refusal.value.status) == ("invalid_optional_agents", 400)
    assert refusal.value.message == (
        f"Agentes que não fazem parte do SubNúcleo Vendas SDR: {stranger.pk}."
    )
    assert not TenantSubnucleo.objects.filter(tenant=tenant).exists()
    assert active_agents(tenant) == set()


def test_the_subnucleo_past_the_plans_limit_is_refused_and_nothing_is_written():
    tenant = TenantSubscriptionFactory(
        plan__max_subnucleos=1, plan__max_agents=8, plan__display_name="Starter"
    ).tenant
    first, _, _ = subnucleo_with(1, 0)
    second, _, _ = subnucleo_with(1, 0)
    tenant_subnucleo_activate(acting_user=STAFF, tenant_id=tenant.pk, subnucleo_id=first.pk)
    before = active_agents(tenant)

    with pytest.raises(Conflict) as refusal:
        tenant_subnucleo_activate(acting_user=STAFF, tenant_id=tenant.pk, subnucleo_id=second.pk)

    assert refusal.value.code == "plan_limit_reached"
    assert refusal.value.message == (
        "Limite do plano Starter atingido: 1 de 1 SubNúcleo em uso. "
        "Desative um SubNúcleo ou mude de plano."
    )
    assert refusal.value.details["resource"] == "subnucleos"
    assert (refusal.value.details["used"], refusal.value.details["limit"]) == (1, 1)
    assert not TenantSubnucleo.objects.filter(tenant=tenant, subnucleo=second).exists()
    assert active_agents(tenant) == before
    assert AuditLog.objects.filter(tenant=tenant).count() == 1


def test_a_subnucleo_whose_agents_would_pass_the_agent_limit_is_refused():
    tenant = TenantSubscriptionFactory(
        plan__max_subnucleos=2, plan__max_agents=4, plan__display_name="Profissional"
    ).tenant
    for agent in AgentFactory.create_batch(2):
        tenant_agent_activate(acting_user=STAFF, tenant_id=tenant.pk, agent_id=agent.pk)
    subnucleo, _, _ = subnucleo_with(3, 0)

    with pytest.raises(Conflict) as refusal:
        tenant_subnucleo_activate(acting_user=STAFF, tenant_id=tenant.pk, subnucleo_id=subnucleo.pk)

    assert refusal.value.code == "plan_limit_reached"
    assert refusal.value.message == (
        "Limite do plano Profissional atingido: 2 de 4 agentes em uso, e a ativação "
        "acrescentaria 3 agentes. Desative agentes ou mude de plano."
    )
    assert refusal.value.details == {
        "resource": "agents",
        "used": 2,
        "limit": 4,
        "requested": 3,
        "plan": refusal.value.details["plan"],
    }
    assert not TenantSubnucleo.objects.filter(tenant=tenant).exists()
    assert len(active_agents(tenant)) == 2


def test_agents_already_active_do_not_count_again():
    tenant = TenantSubscriptionFactory(plan__max_agents=2).tenant
    subnucleo, required, _ = subnucleo_with(2, 0)
    tenant_agent_activate(acting_user=STAFF, tenant_id=tenant.pk, agent_id=required[0].pk)

    tenant_subnucleo_activate(acting_user=STAFF, tenant_id=tenant.pk, subnucleo_id=subnucleo.pk)

    assert active_agents(tenant) == {a.pk for a in required}
    log = AuditLog.objects.get(tenant=tenant, action_type="subnucleo.activated")
    assert log.context["newAgentIds"] == [str(required[1].pk)]


def test_an_active_subnucleo_is_refused_and_a_reactivation_reuses_its_row():
    tenant = TenantSubscriptionFactory().tenant
    subnucleo, _, _ = subnucleo_with(1, 0, display_name="Cobrança")
    first = tenant_subnucleo_activate(
        acting_user=STAFF, tenant_id=tenant.pk, subnucleo_id=subnucleo.pk
    )

    with pytest.raises(Conflict) as refusal:
        tenant_subnucleo_activate(acting_user=STAFF, tenant_id=tenant.pk, subnucleo_id=subnucleo.pk)
    tenant_subnucleo_deactivate(acting_user=STAFF, tenant_id=tenant.pk, subnucleo_id=subnucleo.pk)
    again = tenant_subnucleo_activate(
        acting_user=STAFF, tenant_id=tenant.pk, subnucleo_id=subnucleo.pk
    )

    assert (refusal.value.code, refusal.value.message) == (
        "subnucleo_already_active",
        "O SubNúcleo Cobrança já está ativo para este tenant.",
    )
    assert again.pk == first.pk
    assert TenantSubnucleo.objects.filter(tenant=tenant).count() == 1


def test_deactivation_keeps_the_agents_another_active_subnucleo_provides():
    # given: "shared" is required in A and optional (chosen) in B
    tenant = TenantSubscriptionFactory(plan__max_subnucleos=2, plan__max_agents=8).tenant
    a, a_agents, _ = subnucleo_with(1, 0, name="a")
    b, b_agents, _ = subnucleo_with(1, 0, name="b")
    shared = AgentFactory()
    SubnucleoAgentFactory(subnucleo=a, agent=shared, is_required=True)
    SubnucleoAgentFactory(subnucleo=b, agent=shared, is_required=False)
    tenant_subnucleo_activate(acting_user=STAFF, tenant_id=tenant.pk, subnucleo_id=a.pk)
    tenant_subnucleo_activate(
        acting_user=STAFF, tenant_id=tenant.pk, subnucleo_id=b.pk, optional_agent_ids=[shared.pk]
    )
    # when
    row = tenant_subnucleo_deactivate(acting_user=STAFF, tenant_id=tenant.pk, subnucleo_id=a.pk)
    # then
    assert (row.is_active, row.deactivated_at is not None) == (False, True)
    assert active_agents(tenant) == {b_agents[0].pk, shared.pk}
    log = AuditLog.objects.get(tenant=tenant, action_type="subnucleo.deactivated")
    assert log.context["deactivatedAgentIds"] == [str(a_agents[0].pk)]
    assert log.context["keptAgentIds"] == [str(shared.pk)]
    assert log.context["subnucleoName"] == "a"


def test_deactivating_a_subnucleo_that_is_not_active_is_refused():
    tenant = TenantSubscriptionFactory().tenant
    subnucleo, _, _ = subnucleo_with(1, 0, display_name="Eventos")

    with pytest.raises(Conflict) as refusal:
        tenant_subnucleo_deactivate(
            acting_user=STAFF, tenant_id=tenant.pk, subnucleo_id=subnucleo.pk
        )

    assert (refusal.value.code, refusal.value.message) == (
        "subnucleo_not_active",
        "O SubNúcleo Eventos não está ativo para este tenant.",
    )
    assert not AuditLog.objects.filter(tenant=tenant).exists()


def test_a_subnucleo_off_sale_is_refused():
    tenant = TenantSubscriptionFactory().tenant
    subnucleo, _, _ = subnucleo_with(1, 0, display_name="Jurídico", is_active=False)

    with pytest.raises(Conflict) as refusal:
        tenant_subnucleo_activate(acting_user=STAFF, tenant_id=tenant.pk, subnucleo_id=subnucleo.pk)

    assert (refusal.value.code, refusal.value.message) == (
        "subnucleo_unavailable",
        "O SubNúcleo Jurídico está fora de venda no catálogo.",
    )


def test_a_failure_while_writing_the_agents_leaves_the_subnucleo_inactive(failing_inserts):
    tenant = TenantSubscriptionFactory().tenant
    subnucleo, _, _ = subnucleo_with(2, 0)
    failing_inserts("alquimista_platform.agent_activations")

    with pytest.raises(DatabaseError):
        tenant_subnucleo_activate(acting_user=STAFF, tenant_id=tenant.pk, subnucleo_id=subnucleo.pk)

    assert not TenantSubnucleo.objects.filter(tenant=tenant).exists()
    assert not TenantAgent.objects.filter(tenant=tenant).exists()
    assert not AuditLog.objects.filter(tenant=tenant).exists()
