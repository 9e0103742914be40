"""Plan prices: changed only through an approved request (`plan.price_change`)."""

import uuid
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from billing.locks import subscription_plan_for_update
from billing.models import SubscriptionPlan
from core.exceptions import ApplicationError, Conflict, NotFound
from platform_app.actors import Actor
from platform_app.models import ApprovalRequest, AuditAction
from platform_app.services import audit_log_record
from platform_app.services.approval_actions import GatedAction

CENT = Decimal("0.01")
MAX_PRICE = Decimal("99999999.99")  # numeric(10,2)


@transaction.atomic
def subscription_plan_change_prices(
    *,
    acting_user: Actor,
    plan_id: uuid.UUID,
    price_monthly: Decimal,
    price_yearly: Decimal,
    expected_monthly: Decimal | None = None,
    expected_yearly: Decimal | None = None,
) -> SubscriptionPlan:
    """Set a plan's monthly and yearly prices. With `expected_*` (the prices an approval
    was asked against), a plan whose prices changed in between is refused."""
    plan = subscription_plan_for_update(plan_id)
    monthly, yearly = plan_price(price_monthly), plan_price(price_yearly)
    if (expected_monthly is not None and plan.price_monthly != expected_monthly) or (
        expected_yearly is not None and plan.price_yearly != expected_yearly
    ):
        raise Conflict(
            "plan_prices_changed",
            "Os preços do plano mudaram desde a solicitação; peça uma nova aprovação.",
        )
    if (monthly, yearly) == (plan.price_monthly, plan.price_yearly):
        raise ApplicationError("plan_prices_unchanged", "Os novos preços são iguais aos atuais.")
    previous = (plan.price_monthly, plan.price_yearly)
    plan.price_monthly, plan.price_yearly = monthly, yearly
    plan.save(update_fields=["price_monthly", "price_yearly"])
    audit_log_record(
        action=AuditAction.PLAN_PRICES_CHANGED,
        acting_user=acting_user,
        tenant_id=None,
        context={
            "planId": str(plan.pk),
            "plan": plan.name,
            "priceMonthly": {"from": f"{previous[0]:.2f}", "to": f"{monthly:.2f}"},
            "priceYearly": {"from": f"{previous[1]:.2f}", "to": f"{yearly:.2f}"},
        },
    )
    return plan


def plan_price(value: Any) -> Decimal:
    """A price as the column holds it: non-negative, at most two decimals, numeric(10,2)."""
    try:
        price = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ApplicationError("invalid_price", f"Preço inválido: {value}.") from None
    if not price.is_finite() or price < 0 or price > MAX_PRICE or price != price.quantize(CENT):
        raise ApplicationError(
            "invalid_price",
            "O preço deve ser um valor entre 0 e 99.999.999,99, com até duas casas decimais.",
        )
    return price.quantize(CENT)


# The approval-gated action -----------------------------------------------------------


def _plan(resource_id: str | None) -> SubscriptionPlan:
    try:
        plan = SubscriptionPlan.objects.filter(pk=uuid.UUID(str(resource_id))).first()
    except ValueError:
        plan = None
    if plan is None:
        raise NotFound("plan_not_found", "Plano não encontrado.")
    return plan


def _prepare_price_change(*, resource_id: str | None, details: Mapping[str, Any]) -> dict[str, Any]:
    plan = _plan(resource_id)
    monthly = plan_price(details.get("priceMonthly", plan.price_monthly))
    yearly = plan_price(details.get("priceYearly", plan.price_yearly))
    if (monthly, yearly) == (plan.price_monthly, plan.price_yearly):
        raise ApplicationError("plan_prices_unchanged", "Os novos preços são iguais aos atuais.")
    reason = str(details.get("reason") or "").strip()
    if not reason:
        raise ApplicationError("reason_required", "Informe o motivo da alteração de preço.")
    return {
        "planId": str(plan.pk),
        "plan": plan.name,
        "planDisplayName": plan.display_name,
        "priceMonthly": {"from": f"{plan.price_monthly:.2f}", "to": f"{monthly:.2f}"},
        "priceYearly": {"from": f"{plan.price_yearly:.2f}", "to": f"{yearly:.2f}"},
        "reason": reason,
    }


def _execute_price_change(
    *, acting_user: Actor, resource_id: str | None, details: Mapping[str, Any]
) -> dict[str, Any]:
    monthly, yearly = details["priceMonthly"], details["priceYearly"]
    plan = subscription_plan_change_prices(
        acting_user=acting_user,
        plan_id=_plan(resource_id).pk,
        price_monthly=Decimal(monthly["to"]),
        price_yearly=Decimal(yearly["to"]),
        expected_monthly=Decimal(monthly["from"]),
        expected_yearly=Decimal(yearly["from"]),
    )
    return {
        "planId": str(plan.pk),
        "priceMonthly": f"{plan.price_monthly:.2f}",
        "priceYearly": f"{plan.price_yearly:.2f}",
    }


PLAN_PRICE_CHANGE = GatedAction(
    action_type=ApprovalRequest.ActionType.PLAN_PRICE_CHANGE,
    label="Alterar preços de plano",
    resource_type="subscription_plan",
    required_approvals=2,
    prepare=_prepare_price_change,
    execute=_execute_price_change,
    resource_model="billing.subscriptionplan",
    detail_labels={
        "planDisplayName": "Plano",
        "plan": "Código do plano",
        "priceMonthly": "Preço mensal",
        "priceYearly": "Preço anual",
        "reason": "Motivo",
        "planId": "Id do plano",
    },
    detail_formats={"priceMonthly": "money", "priceYearly": "money"},
    # The execution's result uses the same keys: "priceMonthly" / "priceYearly" as applied.
)
