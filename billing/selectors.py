"""Reads of plans, limits and usage shared by the services, the admin and the API.

Usage counts are the ones `public.v_tenant_subscription_summary` shows: distinct agents
active in `tenant_agents` and distinct SubNúcleos active in `tenant_subnucleos`; users
(which the view does not count) are the tenant's users holding a seat.
"""

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from django.db.models import Prefetch, Q, QuerySet

from billing.models import (
    Subnucleo,
    SubnucleoAgent,
    SubscriptionPlan,
    TenantAgent,
    TenantSubnucleo,
    TenantSubscription,
)
from platform_app.models import Agent, PlatformUser, Tenant

Resource = Literal["users", "agents", "subnucleos"]

# Subscriptions whose plan is in force: a trial, or an unpaid invoice, still has its plan.
PLAN_IN_FORCE_STATUSES = (
    TenantSubscription.Status.ACTIVE,
    TenantSubscription.Status.TRIALING,
    TenantSubscription.Status.PAST_DUE,
)
# Users that hold no seat: suspended or deactivated ones. Any other status (`active`, or
# `invited` as the platform writes for a user who has not signed in yet) holds one.
SEATLESS_USER_STATUSES = (PlatformUser.Status.SUSPENDED, PlatformUser.Status.INACTIVE)
# Production's enterprise plan says "unlimited users" as 999999.
UNLIMITED = 999_999

NOUNS: dict[Resource, tuple[str, str]] = {
    "users": ("usuário", "usuários"),
    "agents": ("agente", "agentes"),
    "subnucleos": ("SubNúcleo", "SubNúcleos"),
}
LIMIT_FIELDS: dict[Resource, str] = {
    "users": "max_users",
    "agents": "max_agents",
    "subnucleos": "max_subnucleos",
}


def count_noun(resource: Resource, count: int) -> str:
    """'1 agente', '7 agentes'."""
    singular, plural = NOUNS[resource]
    return f"{count} {singular if count == 1 else plural}"


@dataclass(frozen=True)
class Usage:
    """How much of one resource a tenant uses, against its plan's limit (None: no plan)."""

    resource: Resource
    used: int
    limit: int | None

    @property
    def unlimited(self) -> bool:
        return self.limit is not None and self.limit >= UNLIMITED

    def fits(self, more: int = 1) -> bool:
        """Whether `more` of the resource fit in the plan (False without a plan)."""
        return self.limit is not None and self.used + more <= self.limit

    @property
    def exceeded(self) -> bool:
        return self.limit is not None and self.used > self.limit

    def __str__(self) -> str:
        """'7 de 16 agentes', '4 usuários (ilimitado)', '2 agentes (sem plano)'."""
        if self.limit is None:
            return f"{count_noun(self.resource, self.used)} (sem plano)"
        if self.unlimited:
            return f"{count_noun(self.resource, self.used)} (ilimitado)"
        singular, plural = NOUNS[self.resource]
        return f"{self.used} de {self.limit} {singular if self.limit == 1 else plural}"

    def as_dict(self) -> dict[str, int | None]:
        return {"used": self.used, "limit": self.limit}


@dataclass(frozen=True)
class TenantUsage:
    """A tenant's plan in force (None without one) and its usage of each limited resource."""

    plan: SubscriptionPlan | None
    users: Usage
    agents: Usage
    subnucleos: Usage

    def __iter__(self) -> Iterator[Usage]:
        return iter((self.users, self.agents, self.subnucleos))

    def of(self, resource: Resource) -> Usage:
        return {"users": self.users, "agents": self.agents, "subnucleos": self.subnucleos}[resource]


def tenant_subscription(tenant_id: uuid.UUID) -> TenantSubscription | None:
    """The tenant's subscription row (one per tenant), with its plan, in any status."""
    return TenantSubscription.objects.select_related("plan").filter(tenant_id=tenant_id).first()


def plan_in_force(subscription: TenantSubscription | None) -> SubscriptionPlan | None:
    """The plan whose limits apply: that of a subscription that is not cancelled."""
    if subscription is None or subscription.status not in PLAN_IN_FORCE_STATUSES:
        return None
    return subscription.plan


def seat_holders(tenant_id: uuid.UUID) -> QuerySet[PlatformUser]:
    """The tenant's users that hold a seat of its plan."""
    return PlatformUser.objects.filter(tenant_id=tenant_id).exclude(
        status__in=SEATLESS_USER_STATUSES
    )


def active_agent_ids(tenant_id: uuid.UUID) -> set[uuid.UUID]:
    """The agents the tenant has active in `tenant_agents` (what the view counts)."""
    return set(
        TenantAgent.objects.filter(tenant_id=tenant_id, is_active=True).values_list(
            "agent_id", flat=True
        )
    )


def active_subnucleo_ids(tenant_id: uuid.UUID) -> set[uuid.UUID]:
    """The SubNúcleos the tenant has active in `tenant_subnucleos`."""
    return set(
        TenantSubnucleo.objects.filter(tenant_id=tenant_id, is_active=True).values_list(
            "subnucleo_id", flat=True
        )
    )


def tenant_usage(*, tenant_id: uuid.UUID, plan: SubscriptionPlan | None = None) -> TenantUsage:
    """Users, agents and SubNúcleos the tenant uses against its plan in force (or `plan`,
    to weigh a plan change)."""
    if plan is None:
        plan = plan_in_force(tenant_subscription(tenant_id))

    def usage(resource: Resource, used: int) -> Usage:
        limit = getattr(plan, LIMIT_FIELDS[resource]) if plan is not None else None
        return Usage(resource, used, limit)

    return TenantUsage(
        plan=plan,
        users=usage("users", seat_holders(tenant_id).count()),
        agents=usage("agents", len(active_agent_ids(tenant_id))),
        subnucleos=usage("subnucleos", len(active_subnucleo_ids(tenant_id))),
    )


def subnucleo_links(subnucleo_id: uuid.UUID) -> QuerySet[SubnucleoAgent]:
    """A SubNúcleo's agents, in their order, required ones flagged."""
    return (
        SubnucleoAgent.objects.filter(subnucleo_id=subnucleo_id)
        .select_related("agent")
        .order_by("sort_order", "agent__display_name")
    )


@dataclass(frozen=True)
class SubnucleoRelease:
    """What deactivating a SubNúcleo does to the tenant's active agents."""

    released: list[uuid.UUID]  # active, and no other active SubNúcleo of the tenant has them
    kept: list[uuid.UUID]  # active, and still provided by another active SubNúcleo


def subnucleo_release(*, tenant_id: uuid.UUID, subnucleo_id: uuid.UUID) -> SubnucleoRelease:
    """Which of the SubNúcleo's active agents its deactivation would deactivate.

    Computed from `subnucleo_agents` (`tenant_agents.subnucleo_id` names a single
    SubNúcleo and cannot tell which others provide the agent)."""
    others = active_subnucleo_ids(tenant_id) - {subnucleo_id}
    provided_elsewhere = set(
        SubnucleoAgent.objects.filter(subnucleo_id__in=others).values_list("agent_id", flat=True)
    )
    active = active_agent_ids(tenant_id)
    own = [link.agent_id for link in subnucleo_links(subnucleo_id) if link.agent_id in active]
    return SubnucleoRelease(
        released=[agent for agent in own if agent not in provided_elsewhere],
        kept=[agent for agent in own if agent in provided_elsewhere],
    )


def plan_subscribers(plan_id: uuid.UUID) -> QuerySet[Tenant]:
    """The tenants whose subscription (in any status) is on the plan."""
    return Tenant.objects.filter(subscription__plan_id=plan_id).order_by("company_name")


def subnucleo_tenants(subnucleo_id: uuid.UUID) -> QuerySet[Tenant]:
    """The tenants that have, or had, the SubNúcleo or one of its agents through it (their
    rows would be deleted or lose it with the SubNúcleo)."""
    return Tenant.objects.filter(
        Q(pk__in=TenantSubnucleo.objects.filter(subnucleo_id=subnucleo_id).values("tenant_id"))
        | Q(pk__in=TenantAgent.objects.filter(subnucleo_id=subnucleo_id).values("tenant_id"))
    ).order_by("company_name")


def active_plans() -> QuerySet[SubscriptionPlan]:
    """The plans on sale, in their order."""
    return SubscriptionPlan.objects.filter(is_active=True).order_by("sort_order", "price_monthly")


def available_subnucleos() -> QuerySet[Subnucleo]:
    """The SubNúcleos on sale, in their order."""
    return Subnucleo.objects.filter(is_active=True).order_by("sort_order", "display_name")


def subnucleo_list_active() -> QuerySet[Subnucleo]:
    """The SubNúcleos on sale, each with its active agents (`agents_links`, in their
    order) prefetched: two queries."""
    links = (
        SubnucleoAgent.objects.filter(agent__status=Agent.Status.ACTIVE)
        .select_related("agent")
        .order_by("sort_order", "agent__display_name")
    )
    return available_subnucleos().prefetch_related(Prefetch("agents_links", queryset=links))


def tenant_active_subnucleos(tenant_id: uuid.UUID) -> QuerySet[TenantSubnucleo]:
    """The tenant's active SubNúcleos with their catalogue rows, by name."""
    return (
        TenantSubnucleo.objects.filter(tenant_id=tenant_id, is_active=True)
        .select_related("subnucleo")
        .order_by("subnucleo__display_name", "id")
    )


def tenant_active_agents(tenant_id: uuid.UUID) -> QuerySet[TenantAgent]:
    """The tenant's active agents (as the billing view counts them), by name."""
    return (
        TenantAgent.objects.filter(tenant_id=tenant_id, is_active=True)
        .select_related("agent")
        .order_by("agent__display_name", "id")
    )
