"""Reads of the public schema's catalogue (plans, SubNúcleos)."""

from django.db.models import Prefetch, QuerySet

from billing.models import Subnucleo, SubnucleoAgent, SubscriptionPlan
from platform_app.models import Agent


def plan_list_active() -> QuerySet[SubscriptionPlan]:
    """Active plans, by sort order then monthly price (production's order)."""
    return SubscriptionPlan.objects.filter(is_active=True).order_by(
        "sort_order", "price_monthly", "id"
    )


def subnucleo_list_active() -> QuerySet[Subnucleo]:
    """Active SubNúcleos by sort order and display name, each with its active agents
    (`agents_links`, by their sort order) prefetched: two queries."""
    links = (
        SubnucleoAgent.objects.filter(agent__status=Agent.Status.ACTIVE)
        .select_related("agent")
        .order_by("sort_order", "agent__display_name")
    )
    return (
        Subnucleo.objects.filter(is_active=True)
        .order_by("sort_order", "display_name", "id")
        .prefetch_related(Prefetch("agents_links", queryset=links))
    )
