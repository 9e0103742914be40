"""The billing rows that serialise concurrent changes, locked with SELECT … FOR UPDATE.

A change to a tenant's subscription, agents or SubNúcleos locks the tenant's row first
(`platform_app.locks.tenant_for_update`), then the rows below.
"""

import uuid

from billing.models import CommercialRequest, Subnucleo, SubscriptionPlan, TenantSubscription
from core.exceptions import NotFound


def subscription_for_update(tenant_id: uuid.UUID) -> TenantSubscription | None:
    """Lock the tenant's subscription row, if it has one (not its plan's: joining the plan
    here would lock it too, and serialise every tenant on that plan)."""
    return TenantSubscription.objects.select_for_update().filter(tenant_id=tenant_id).first()


def commercial_request_for_update(request_id: uuid.UUID) -> CommercialRequest:
    """Lock a commercial request while its status moves."""
    row = CommercialRequest.objects.select_for_update().filter(pk=request_id).first()
    if row is None:
        raise NotFound("commercial_request_not_found", "Solicitação comercial não encontrada.")
    return row


def subscription_plan_for_update(plan_id: uuid.UUID) -> SubscriptionPlan:
    """Lock a plan's row: its prices change one writer at a time, and a subscription
    written while it is deleted (its foreign key check takes a share lock on the plan) is
    either seen or refused."""
    plan = SubscriptionPlan.objects.select_for_update().filter(pk=plan_id).first()
    if plan is None:
        raise NotFound("plan_not_found", "Plano não encontrado.")
    return plan


def subnucleo_for_update(subnucleo_id: uuid.UUID) -> Subnucleo:
    """Lock a SubNúcleo row before deleting it: a tenant activating it meanwhile is then
    either seen or refused by the foreign key."""
    subnucleo = Subnucleo.objects.select_for_update().filter(pk=subnucleo_id).first()
    if subnucleo is None:
        raise NotFound("subnucleo_not_found", "SubNúcleo não encontrado.")
    return subnucleo
