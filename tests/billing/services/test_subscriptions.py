from datetime import UTC, datetime
from decimal import Decimal

import pytest

from billing.models import TenantSubscription
from billing.services import (
    subscription_cancel,
    subscription_plan_change,
    subscription_reactivate,
    tenant_agent_activate,
)
from billing.services.subscriptions import period_end
from core.exceptions import ApplicationError, Conflict, NotFound
from platform_app.models import AuditLog
from tests.billing.conftest import STAFF
from tests.factories import (
    AgentFactory,
    PlatformUserFactory,
    SubscriptionPlanFactory,
    TenantFactory,
    TenantSubscriptionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("start", "cycle", "end"),
    [
        (datetime(2025, 1, 15, 10, tzinfo=UTC), "monthly", datetime(2025, 2, 15, 10, tzinfo=UTC)),
        (datetime(2025, 1, 31, 10, tzinfo=UTC), "monthly", datetime(2025, 2, 28, 10, tzinfo=UTC)),
        (datetime(2025, 12, 5, 10, tzinfo=UTC), "monthly", datetime(2026, 1, 5, 10, tzinfo=UTC)),
        (datetime(2025, 3, 10, 10, tzinfo=UTC), "yearly", datetime(2026, 3, 10, 10, tzinfo=UTC)),
        (datetime(2024, 2, 29, 10, tzinfo=UTC), "yearly", datetime(2025, 2, 28, 10, tzinfo=UTC)),
    ],
)
def test_the_period_end_follows_the_cycle(start, cycle, end):
    assert period_end(start, cycle) == end


def test_subscribing_creates_the_subscription_for_a_year():
    # given
    tenant = TenantFactory()
    plan = SubscriptionPlanFactory(name="expert", price_yearly=Decimal("14970.00"))
    # when
    subscription = subscription_plan_change(
        acting_user=STAFF, tenant_id=tenant.pk, plan_id=plan.pk, billing_cycle="yearly"
    )
    # then
    subscription.refresh_from_db()
    assert (subscription.plan_id, subscription.billing_cycle, subscription.status) == (
        plan.pk,
        "yearly",
        "active",
    )
    assert subscription.amount == Decimal("14970.00")
    assert subscription.current_period_end == period_end(
        subscription.current_period_start, "yearly"
    )
    assert subscription.current_period_end.year == subscription.current_period_start.year + 1
    log = AuditLog.objects.get(tenant=tenant)
    assert log.action_type == "subscription.created"
    assert log.context["planName"] == "expert"
    assert log.context["billingCycle"] == "yearly"


def test_changing_plan_and_cycle_starts_a_new_period_and_names_the_previous_plan():
    subscription = TenantSubscriptionFactory(plan__name="starter")
    bigger = SubscriptionPlanFactory(name="profissional", price_monthly=Decimal("697.00"))

    result = subscription_plan_change(
        acting_user=STAFF,
        tenant_id=subscription.tenant_id,
        plan_id=bigger.pk,
        billing_cycle="monthly",
    )

    result.refresh_from_db()
    assert result.pk == subscription.pk
    assert (result.plan_id, result.amount) == (bigger.pk, Decimal("697.00"))
    assert result.current_period_end == period_end(result.current_period_start, "monthly")
    log = AuditLog.objects.get(tenant=subscription.tenant)
    assert log.action_type == "subscription.plan_changed"
    assert {key: log.context[key] for key in ("previousPlanName", "planName", "billingCycle")} == {
        "previousPlanName": "starter",
        "planName": "profissional",
        "billingCycle": "monthly",
    }


def test_a_downgrade_is_refused_while_usage_exceeds_the_new_plan_naming_each_excess():
    # given: 3 agents and 3 users in use; the smaller plan allows 2 and 1
    subscription = TenantSubscriptionFactory(plan__max_agents=5, plan__max_users=5)
    tenant = subscription.tenant
    for agent in AgentFactory.create_batch(3):
        tenant_agent_activate(acting_user=STAFF, tenant_id=tenant.pk, agent_id=agent.pk)
    PlatformUserFactory.create_batch(3, tenant=tenant)
    smaller = SubscriptionPlanFactory(
        name="starter", display_name="Starter", max_agents=2, max_users=1, max_subnucleos=1
    )
    audit_rows = AuditLog.objects.filter(tenant=tenant).count()
    # when
    with pytest.raises(Conflict) as refusal:
        subscription_plan_change(
            acting_user=STAFF, tenant_id=tenant.pk, plan_id=smaller.pk, billing_cycle="monthly"
        )
    # then
    assert refusal.value.code == "plan_downgrade_blocked"
    assert refusal.value.message == (
        "O plano Starter não comporta o uso atual do tenant: 3 usuários em uso para um "
        "limite de 1; 3 agentes em uso para um limite de 2. Desative o excedente antes de "
        "trocar de plano."
    )
    assert refusal.value.details == {
        "plan": "starter",
        "exceeded": [
            {"resource": "users", "used": 3, "limit": 1},
            {"resource": "agents", "used": 3, "limit": 2},
        ],
    }
    subscription.refresh_from_db()
    assert subscription.plan_id != smaller.pk
    assert AuditLog.objects.filter(tenant=tenant).count() == audit_rows


def test_the_same_plan_and_cycle_is_refused():
    subscription = TenantSubscriptionFactory(plan__display_name="Expert")

    with pytest.raises(Conflict) as refusal:
        subscription_plan_change(
            acting_user=STAFF,
            tenant_id=subscription.tenant_id,
            plan_id=subscription.plan_id,
            billing_cycle="monthly",
        )

    assert (refusal.value.code, refusal.value.message) == (
        "subscription_unchanged",
        "A assinatura já está no plano Expert, ciclo mensal.",
    )


def test_a_plan_off_sale_is_refused_and_a_bad_cycle_too():
    tenant = TenantFactory()
    off_sale = SubscriptionPlanFactory(display_name="Antigo", is_active=False)

    with pytest.raises(Conflict) as off:
        subscription_plan_change(
            acting_user=STAFF, tenant_id=tenant.pk, plan_id=off_sale.pk, billing_cycle="monthly"
        )
    with pytest.raises(ApplicationError) as cycle:
        subscription_plan_change(
            acting_user=STAFF, tenant_id=tenant.pk, plan_id=off_sale.pk, billing_cycle="weekly"
        )

    assert (off.value.code, off.value.message) == (
        "plan_unavailable",
        "O plano Antigo está fora de venda.",
    )
    assert (cycle.value.code, cycle.value.message) == (
        "invalid_billing_cycle",
        "Ciclo de cobrança inválido: use mensal ou anual.",
    )
    assert not TenantSubscription.objects.filter(tenant=tenant).exists()


def test_cancelling_at_period_end_keeps_the_plan_until_then():
    subscription = TenantSubscriptionFactory()

    result = subscription_cancel(acting_user=STAFF, tenant_id=subscription.tenant_id)

    result.refresh_from_db()
    assert (result.status, result.cancel_at_period_end) == ("active", True)
    assert result.cancelled_at is not None
    assert result.current_period_end == subscription.current_period_end
    log = AuditLog.objects.get(tenant=subscription.tenant)
    assert log.action_type == "subscription.cancelled"


def test_a_scheduled_cancellation_blocks_a_second_one_and_a_plan_change():
    subscription = TenantSubscriptionFactory()
    other = SubscriptionPlanFactory()
    subscription_cancel(acting_user=STAFF, tenant_id=subscription.tenant_id)

    with pytest.raises(Conflict) as twice:
        subscription_cancel(acting_user=STAFF, tenant_id=subscription.tenant_id)
    with pytest.raises(Conflict) as change:
        subscription_plan_change(
            acting_user=STAFF,
            tenant_id=subscription.tenant_id,
            plan_id=other.pk,
            billing_cycle="monthly",
        )

    assert (twice.value.code, twice.value.message) == (
        "subscription_cancel_scheduled",
        "O cancelamento já está agendado para o fim do período.",
    )
    assert (change.value.code, change.value.message) == (
        "subscription_cancel_scheduled",
        "A assinatura está marcada para cancelar ao fim do período: reative-a antes de "
        "trocar de plano.",
    )


def test_reactivating_drops_a_scheduled_cancellation_and_keeps_the_period():
    subscription = TenantSubscriptionFactory()
    subscription_cancel(acting_user=STAFF, tenant_id=subscription.tenant_id)

    result = subscription_reactivate(acting_user=STAFF, tenant_id=subscription.tenant_id)

    result.refresh_from_db()
    assert (result.status, result.cancel_at_period_end, result.cancelled_at) == (
        "active",
        False,
        None,
    )
    assert result.current_period_end == subscription.current_period_end
    assert AuditLog.objects.filter(
        tenant=subscription.tenant, action_type="subscription.reactivated"
    ).exists()


def test_reactivating_a_cancelled_subscription_starts_a_new_period_on_its_cycle():
    subscription = TenantSubscriptionFactory(
        status="cancelled", billing_cycle="yearly", cancel_at_period_end=True
    )

    result = subscription_reactivate(acting_user=STAFF, tenant_id=subscription.tenant_id)

    result.refresh_from_db()
    assert (result.status, result.cancel_at_period_end) == ("active", False)
    assert result.current_period_end == period_end(result.current_period_start, "yearly")


def test_cancel_and_reactivate_refusals():
    active = TenantSubscriptionFactory()
    cancelled = TenantSubscriptionFactory(status="cancelled")
    bare = TenantFactory()

    with pytest.raises(Conflict) as not_cancelled:
        subscription_reactivate(acting_user=STAFF, tenant_id=active.tenant_id)
    with pytest.raises(Conflict) as already:
        subscription_cancel(acting_user=STAFF, tenant_id=cancelled.tenant_id)
    with pytest.raises(NotFound) as missing:
        subscription_cancel(acting_user=STAFF, tenant_id=bare.pk)

    assert (not_cancelled.value.code, not_cancelled.value.message) == (
        "subscription_not_cancelled",
        "A assinatura não está cancelada nem com cancelamento agendado.",
    )
    assert (already.value.code, already.value.message) == (
        "subscription_already_cancelled",
        "A assinatura já está cancelada.",
    )
    assert (missing.value.code, missing.value.message) == (
        "subscription_not_found",
        "O tenant não tem assinatura.",
    )
    assert not AuditLog.objects.filter(
        tenant_id__in=[active.tenant_id, cancelled.tenant_id, bare.pk]
    ).exists()


def test_a_cancelled_subscription_resubscribes_through_a_plan_change():
    subscription = TenantSubscriptionFactory(status="cancelled", cancel_at_period_end=True)
    plan = SubscriptionPlanFactory()

    result = subscription_plan_change(
        acting_user=STAFF, tenant_id=subscription.tenant_id, plan_id=plan.pk, billing_cycle="yearly"
    )

    result.refresh_from_db()
    assert (result.status, result.cancel_at_period_end, result.cancelled_at, result.plan_id) == (
        "active",
        False,
        None,
        plan.pk,
    )
