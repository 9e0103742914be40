"""A tenant's subscription: subscribe or change plan, cancel at period end, reactivate.

`tenant_subscriptions.status` spells `cancelled`; the legacy `subscriptions` table spells
`canceled` and is not written here.
"""

import calendar
import uuid
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from billing.locks import subscription_for_update
from billing.models import SubscriptionPlan, TenantSubscription
from billing.selectors import count_noun, tenant_usage
from core.exceptions import ApplicationError, Conflict, NotFound
from platform_app.actors import Actor
from platform_app.locks import tenant_for_update
from platform_app.models import AuditAction
from platform_app.services import audit_log_record

Cycle = TenantSubscription.BillingCycle
CYCLE_MONTHS = {Cycle.MONTHLY: 1, Cycle.YEARLY: 12}


def period_end(start: datetime, billing_cycle: str) -> datetime:
    """One month or one year after `start`, on the same day (or the month's last day)."""
    months = CYCLE_MONTHS[Cycle(billing_cycle)]
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return start.replace(
        year=year, month=month, day=min(start.day, calendar.monthrange(year, month)[1])
    )


def plan_amount(plan: SubscriptionPlan, billing_cycle: str) -> Decimal:
    """What the plan costs per cycle."""
    return plan.price_yearly if billing_cycle == Cycle.YEARLY else plan.price_monthly


@transaction.atomic
def subscription_plan_change(
    *, acting_user: Actor, tenant_id: uuid.UUID, plan_id: uuid.UUID, billing_cycle: str
) -> TenantSubscription:
    """Subscribe the tenant to a plan, or move its subscription to another plan or cycle;
    a new period starts now and ends one cycle later. Refused while the tenant's usage
    exceeds the new plan's limits."""
    if billing_cycle not in Cycle.values:
        raise ApplicationError(
            "invalid_billing_cycle", "Ciclo de cobrança inválido: use mensal ou anual."
        )
    tenant = tenant_for_update(tenant_id)
    plan = SubscriptionPlan.objects.filter(pk=plan_id).first()
    if plan is None:
        raise NotFound("plan_not_found", "Plano não encontrado.")
    subscription = subscription_for_update(tenant.pk)
    cancelled = (
        subscription is not None and subscription.status == TenantSubscription.Status.CANCELLED
    )
    if subscription is not None and not cancelled:
        if subscription.cancel_at_period_end:
            raise Conflict(
                "subscription_cancel_scheduled",
                "A assinatura está marcada para cancelar ao fim do período: reative-a antes "
                "de trocar de plano.",
            )
        if subscription.plan_id == plan.pk and subscription.billing_cycle == billing_cycle:
            raise Conflict(
                "subscription_unchanged",
                f"A assinatura já está no plano {plan.display_name}, ciclo "
                f"{Cycle(billing_cycle).label}.",
            )
    if not plan.is_active and (subscription is None or subscription.plan_id != plan.pk):
        raise Conflict("plan_unavailable", f"O plano {plan.display_name} está fora de venda.")
    ensure_fits(tenant.pk, plan)

    now = timezone.now()
    values = {
        "plan": plan,
        "billing_cycle": billing_cycle,
        "amount": plan_amount(plan, billing_cycle),
        "current_period_start": now,
        "current_period_end": period_end(now, billing_cycle),
    }
    context: dict[str, object] = {"tenantId": str(tenant.pk)}
    if subscription is None:
        subscription = TenantSubscription.objects.create(
            tenant=tenant, status=TenantSubscription.Status.ACTIVE, **values
        )
        action = AuditAction.SUBSCRIPTION_CREATED
    else:
        context |= {
            "previousPlanName": subscription.plan.name,
            "previousBillingCycle": subscription.billing_cycle,
            "previousStatus": subscription.status,
        }
        for field, value in values.items():
            setattr(subscription, field, value)
        if cancelled:
            subscription.status = TenantSubscription.Status.ACTIVE
            subscription.cancel_at_period_end, subscription.cancelled_at = False, None
        subscription.save(
            update_fields=[
                *values,
                "status",
                "cancel_at_period_end",
                "cancelled_at",
            ]
        )
        action = AuditAction.SUBSCRIPTION_PLAN_CHANGED
    audit_log_record(
        action=action,
        acting_user=acting_user,
        tenant_id=tenant.pk,
        context={
            **context,
            "subscriptionId": str(subscription.pk),
            "planId": str(plan.pk),
            "planName": plan.name,
            "billingCycle": billing_cycle,
            "currentPeriodEnd": subscription.current_period_end.isoformat()
            if subscription.current_period_end
            else None,
        },
    )
    return subscription


def ensure_fits(tenant_id: uuid.UUID, plan: SubscriptionPlan) -> None:
    """Refuse with `plan_downgrade_blocked`, naming each excess, when the tenant uses more
    than `plan` allows."""
    exceeded = [usage for usage in tenant_usage(tenant_id=tenant_id, plan=plan) if usage.exceeded]
    if not exceeded:
        return
    raise Conflict(
        "plan_downgrade_blocked",
        f"O plano {plan.display_name} não comporta o uso atual do tenant: "
        + "; ".join(
            f"{count_noun(usage.resource, usage.used)} em uso para um limite de {usage.limit}"
            for usage in exceeded
        )
        + ". Desative o excedente antes de trocar de plano.",
        details={
            "plan": plan.name,
            "exceeded": [
                {"resource": usage.resource, "used": usage.used, "limit": usage.limit}
                for usage in exceeded
            ],
        },
    )


@transaction.atomic
def subscription_cancel(*, acting_user: Actor, tenant_id: uuid.UUID) -> TenantSubscription:
    """Cancel the subscription at the end of its current period."""
    tenant = tenant_for_update(tenant_id)
    subscription = _existing(tenant.pk)
    if subscription.status == TenantSubscription.Status.CANCELLED:
        raise Conflict("subscription_already_cancelled", "A assinatura já está cancelada.")
    if subscription.cancel_at_period_end:
        raise Conflict(
            "subscription_cancel_scheduled",
            "O cancelamento já está agendado para o fim do período.",
        )
    subscription.cancel_at_period_end, subscription.cancelled_at = True, timezone.now()
    subscription.save(update_fields=["cancel_at_period_end", "cancelled_at"])
    _audit(AuditAction.SUBSCRIPTION_CANCELLED, acting_user, subscription)
    return subscription


@transaction.atomic
def subscription_reactivate(*, acting_user: Actor, tenant_id: uuid.UUID) -> TenantSubscription:
    """Undo a cancellation: a scheduled one is dropped (the period goes on); a cancelled
    subscription starts a new period on its plan and cycle."""
    tenant = tenant_for_update(tenant_id)
    subscription = _existing(tenant.pk)
    if subscription.status == TenantSubscription.Status.CANCELLED:
        now = timezone.now()
        subscription.status = TenantSubscription.Status.ACTIVE
        subscription.current_period_start = now
        subscription.current_period_end = period_end(now, subscription.billing_cycle)
    elif not subscription.cancel_at_period_end:
        raise Conflict(
            "subscription_not_cancelled",
            "A assinatura não está cancelada nem com cancelamento agendado.",
        )
    subscription.cancel_at_period_end, subscription.cancelled_at = False, None
    subscription.save(
        update_fields=[
            "status",
            "current_period_start",
            "current_period_end",
            "cancel_at_period_end",
            "cancelled_at",
        ]
    )
    _audit(AuditAction.SUBSCRIPTION_REACTIVATED, acting_user, subscription)
    return subscription


def _existing(tenant_id: uuid.UUID) -> TenantSubscription:
    subscription = subscription_for_update(tenant_id)
    if subscription is None:
        raise NotFound("subscription_not_found", "O tenant não tem assinatura.")
    return subscription


def _audit(action: AuditAction, acting_user: Actor, subscription: TenantSubscription) -> None:
    audit_log_record(
        action=action,
        acting_user=acting_user,
        tenant_id=subscription.tenant_id,
        context={
            "tenantId": str(subscription.tenant_id),
            "subscriptionId": str(subscription.pk),
            "planName": subscription.plan.name,
            "currentPeriodEnd": subscription.current_period_end.isoformat()
            if subscription.current_period_end
            else None,
        },
    )
