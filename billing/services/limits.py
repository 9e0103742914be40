"""The plan limits every change that consumes a seat, an agent or a SubNúcleo checks,
after locking the tenant's row (so the counts cannot move under it)."""

from billing.models import SubscriptionPlan
from billing.selectors import Resource, TenantUsage, count_noun
from core.exceptions import Conflict

REMEDIES: dict[Resource, str] = {
    "users": "Suspenda um usuário ou mude de plano.",
    "agents": "Desative agentes ou mude de plano.",
    "subnucleos": "Desative um SubNúcleo ou mude de plano.",
}


def require_plan(usage: TenantUsage) -> SubscriptionPlan:
    """The plan in force, or a refusal: without a plan a tenant has no room for anything."""
    if usage.plan is None:
        raise Conflict(
            "subscription_required",
            "O tenant não tem um plano ativo: assine um plano antes de ativar agentes, "
            "SubNúcleos ou usuários.",
        )
    return usage.plan


def ensure_room(usage: TenantUsage, resource: Resource, more: int = 1) -> None:
    """Refuse with `plan_limit_reached` unless `more` of the resource fit in the plan."""
    plan = require_plan(usage)
    current = usage.of(resource)
    if current.fits(more):
        return
    message = f"Limite do plano {plan.display_name} atingido: {current} em uso"
    if more > 1:
        message += f", e a ativação acrescentaria {count_noun(resource, more)}"
    raise Conflict(
        "plan_limit_reached",
        f"{message}. {REMEDIES[resource]}",
        details={
            "resource": resource,
            "used": current.used,
            "limit": current.limit,
            "requested": more,
            "plan": plan.name,
        },
    )
