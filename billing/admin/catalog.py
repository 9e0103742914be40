"""Plans and SubNúcleos: what the platform sells."""

from django.contrib import admin

from adminkit.links import related_link
from adminkit.options import PlatformAdmin
from billing.models import (
    Subnucleo,
    SubnucleoAgent,
    SubscriptionPlan,
)


@admin.register(SubscriptionPlan)
class SubscriptionPlanAdmin(PlatformAdmin):
    list_display = (
        "display_name",
        "name",
        "price_monthly",
        "price_yearly",
        "max_subnucleos",
        "max_agents",
        "max_users",
        "includes_fibonacci",
        "is_active",
        "sort_order",
    )
    list_filter = ("is_active", "includes_fibonacci")
    search_fields = ("name", "display_name")


class SubnucleoAgentInline(admin.TabularInline):
    model = SubnucleoAgent
    fields = ("agent", "is_required", "sort_order")
    autocomplete_fields = ("agent",)
    extra = 0


@admin.register(Subnucleo)
class SubnucleoAdmin(PlatformAdmin):
    list_display = ("display_name", "name", "category", "is_active", "sort_order")
    list_filter = ("category", "is_active")
    search_fields = ("name", "display_name")
    inlines = (SubnucleoAgentInline,)


@admin.register(SubnucleoAgent)
class SubnucleoAgentAdmin(PlatformAdmin):
    list_display = (
        related_link("subnucleo", "SubNúcleo"),
        related_link("agent", "agente"),
        "is_required",
        "sort_order",
    )
    list_filter = ("subnucleo", "is_required")
    list_select_related = ("subnucleo", "agent")
    autocomplete_fields = ("subnucleo", "agent")
