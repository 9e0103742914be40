"""Deleting what the platform sells: only what no tenant uses (otherwise, deactivate it)."""

import uuid

from django.db import transaction
from django.db.models import QuerySet

from billing.locks import subnucleo_for_update, subscription_plan_for_update
from billing.models import Subnucleo, SubscriptionPlan
from billing.selectors import plan_subscribers, subnucleo_tenants
from core.exceptions import Conflict
from platform_app.actors import Actor
from platform_app.models import AuditAction, Tenant
from platform_app.services import audit_log_record

NAMED_TENANTS = 5


def subscription_plan_delete_refusal(plan_id: uuid.UUID) -> Conflict | None:
    """Why the plan cannot be deleted (the tenants on it), or None."""
    plan = SubscriptionPlan.objects.filter(pk=plan_id).first()
    subscribers = plan_subscribers(plan_id)
    if plan is None or not subscribers.exists():
        return None
    return Conflict(
        "plan_in_use",
        f"O plano {plan.display_name} não pode ser excluído: é o plano de "
        f"{_tenants(subscribers)}. Desative-o (desmarque “ativo”) para tirá-lo de venda.",
        details={"tenantIds": [str(pk) for pk in subscribers.values_list("pk", flat=True)]},
    )


def subnucleo_delete_refusal(subnucleo_id: uuid.UUID) -> Conflict | None:
    """Why the SubNúcleo cannot be deleted (the tenants that have or had it), or None."""
    subnucleo = Subnucleo.objects.filter(pk=subnucleo_id).first()
    tenants = subnucleo_tenants(subnucleo_id)
    if subnucleo is None or not tenants.exists():
        return None
    return Conflict(
        "subnucleo_in_use",
        f"O SubNúcleo {subnucleo.display_name} não pode ser excluído: é ou foi usado por "
        f"{_tenants(tenants)}. Desative-o (desmarque “ativo”) para tirá-lo de venda.",
        details={"tenantIds": [str(pk) for pk in tenants.values_list("pk", flat=True)]},
    )


@transaction.atomic
def subscription_plan_delete(*, acting_user: Actor, plan_id: uuid.UUID) -> None:
    """Delete a plan no tenant subscribes to (in any status)."""
    plan = subscription_plan_for_update(plan_id)
    refusal = subscription_plan_delete_refusal(plan.pk)
    if refusal is not None:
        raise refusal
    context = {"planId": str(plan.pk), "planName": plan.name}
    plan.delete()
    audit_log_record(
        action=AuditAction.PLAN_DELETED, acting_user=acting_user, tenant_id=None, context=context
    )


@transaction.atomic
def subnucleo_delete(*, acting_user: Actor, subnucleo_id: uuid.UUID) -> None:
    """Delete a SubNúcleo no tenant has or had (their rows would be deleted with it)."""
    subnucleo = subnucleo_for_update(subnucleo_id)
    refusal = subnucleo_delete_refusal(subnucleo.pk)
    if refusal is not None:
        raise refusal
    context = {"subnucleoId": str(subnucleo.pk), "subnucleoName": subnucleo.name}
    subnucleo.delete()
    audit_log_record(
        action=AuditAction.SUBNUCLEO_DELETED,
        acting_user=acting_user,
        tenant_id=None,
        context=context,
    )


def _tenants(tenants: QuerySet[Tenant]) -> str:
    """'Alfa', 'Alfa e Beta', 'Alfa, Beta, Gama e mais 4 tenants'."""
    names = list(tenants.values_list("company_name", flat=True)[: NAMED_TENANTS + 1])
    if len(names) > NAMED_TENANTS:
        rest = tenants.count() - NAMED_TENANTS
        return ", ".join(names[:NAMED_TENANTS]) + f" e mais {rest} tenant{'s' if rest > 1 else ''}"
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + f" e {names[-1]}"
