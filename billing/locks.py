"""The rows that serialise concurrent changes of the public schema's billing tables."""

import uuid

from billing.models import SubscriptionPlan
from core.exceptions import NotFound


def subscription_plan_for_update(plan_id: uuid.UUID) -> SubscriptionPlan:
    """Lock a plan's row: its prices change one writer at a time."""
    plan = SubscriptionPlan.objects.select_for_update().filter(pk=plan_id).first()
    if plan is None:
        raise NotFound("plan_not_found", "Plano não encontrado.")
    return plan
