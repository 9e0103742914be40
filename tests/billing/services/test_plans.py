"""Plan prices change only through an approved `plan.price_change` request."""

from decimal import Decimal

import pytest

from billing.models import SubscriptionPlan
from billing.services import subscription_plan_change_prices
from billing.services.plans import plan_price
from core.exceptions import ApplicationError, Conflict
from platform_app.models import AuditLog
from platform_app.services import approval_request_create, approval_request_decide
from tests.support.approvals import actor, build_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    return SubscriptionPlan.objects.create(
        name="starter-teste",
        display_name="Starter (teste)",
        price_monthly=Decimal("297.00"),
        price_yearly=Decimal("2970.00"),
    )


@pytest.fixture
def team(db):
    return build_team()


def prices(plan):
    plan.refresh_from_db()
    return plan.price_monthly, plan.price_yearly


def test_a_price_change_request_needs_two_approvals_then_changes_the_plan(
    team, plan, django_capture_on_commit_callbacks
):
    approval = approval_request_create(
        acting_user=actor(team.requester),
        action_type="plan.price_change",
        resource_type="subscription_plan",
        resource_id=str(plan.pk),
        action_details={"priceMonthly": "327,00", "reason": "Reajuste anual (IPCA)"},
        approvers=[u.pk for u in team.approvers[:2]],
    )
    assert approval.tenant_id == team.internal.pk
    assert approval.required_approvals == 2
    assert approval.action_details == {
        "planId": str(plan.pk),
        "plan": "starter-teste",
        "planDisplayName": "Starter (teste)",
        "priceMonthly": {"from": "297.00", "to": "327.00"},
        "priceYearly": {"from": "2970.00", "to": "2970.00"},
        "reason": "Reajuste anual (IPCA)",
    }

    with django_capture_on_commit_callbacks(execute=True) as first:
        approval_request_decide(
            acting_user=actor(team.approvers[0]), approval_id=approval.pk, decision="approve"
        )
    assert (first, prices(plan)) == ([], (Decimal("297.00"), Decimal("2970.00")))
    with django_capture_on_commit_callbacks(execute=True):
        approval_request_decide(
            acting_user=actor(team.approvers[1]), approval_id=approval.pk, decision="approve"
        )

    assert prices(plan) == (Decimal("327.00"), Decimal("2970.00"))
    approval.refresh_from_db()
    assert approval.action_details["execution"]["result"] == {
        "planId": str(plan.pk),
        "priceMonthly": "327.00",
        "priceYearly": "2970.00",
    }
    log = AuditLog.objects.get(action_type="plan.prices_changed")
    assert log.tenant_id is None
    assert log.context == {
        "planId": str(plan.pk),
        "plan": "starter-teste",
        "priceMonthly": {"from": "297.00", "to": "327.00"},
        "priceYearly": {"from": "2970.00", "to": "2970.00"},
    }


def test_prices_changed_since_the_request_are_not_overwritten(team, plan):
    actor_ = actor(team.requester)

    with pytest.raises(Conflict) as refusal:
        subscription_plan_change_prices(
            acting_user=actor_,
            plan_id=plan.pk,
            price_monthly=Decimal("327.00"),
            price_yearly=Decimal("2970.00"),
            expected_monthly=Decimal("250.00"),
            expected_yearly=Decimal("2970.00"),
        )

    assert (refusal.value.code, refusal.value.message) == (
        "plan_prices_changed",
        "Os preços do plano mudaram desde a solicitação; peça uma nova aprovação.",
    )
    assert prices(plan) == (Decimal("297.00"), Decimal("2970.00"))
    assert not AuditLog.objects.exists()


@pytest.mark.parametrize("value", ["-1", "abc", "1.005", "100000000", "NaN", "Infinity"])
def test_a_price_is_non_negative_with_two_decimals_at_most(value):
    with pytest.raises(ApplicationError) as refusal:
        plan_price(value)

    assert refusal.value.code == "invalid_price"


def test_prices_are_read_with_a_comma_or_a_point():
    assert [plan_price("1.497,00".replace(".", "")), plan_price(2997), plan_price("0.5")] == [
        Decimal("1497.00"),
        Decimal("2997.00"),
        Decimal("0.50"),
    ]


def test_a_request_that_changes_no_price_is_refused(team, plan):
    with pytest.raises(ApplicationError) as refusal:
        approval_request_create(
            acting_user=actor(team.requester),
            action_type="plan.price_change",
            resource_type="subscription_plan",
            resource_id=str(plan.pk),
            action_details={"priceMonthly": "297", "reason": "nada"},
            approvers=[u.pk for u in team.approvers[:2]],
        )

    assert (refusal.value.code, refusal.value.message) == (
        "plan_prices_unchanged",
        "Os novos preços são iguais aos atuais.",
    )
