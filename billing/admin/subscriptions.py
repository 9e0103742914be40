"""What each tenant subscribes to. The subscription, SubNúcleo and agent rows of a tenant
change only through the services, from the tenant's page: here they are read-only."""

from django.contrib import admin

from adminkit.filters import selected_object_filter
from adminkit.links import related_link
from adminkit.options import ReadOnlyAdmin
from adminkit.search import IndexedSearch
from billing.models import (
    LegacySubscription,
    TenantAgent,
    TenantSubnucleo,
    TenantSubscription,
    TenantSubscriptionSummary,
)

tenant_column = related_link("tenant", "tenant")


@admin.register(TenantSubscription)
class TenantSubscriptionAdmin(ReadOnlyAdmin):
    list_display = (
        tenant_column,
        "plan",
        "billing_cycle",
        "status",
        "amount",
        "currency",
        "current_period_end",
        "cancel_at_period_end",
    )
    list_filter = ("status", "billing_cycle", "plan", "cancel_at_period_end")
    list_select_related = ("tenant", "plan")
    indexed_search = IndexedSearch(
        uuid=("id", "tenant_id"),
        exact=("provider_subscription_id", "provider_customer_id"),
        contains=("tenant__company_name",),
        names=("empresa", "id no provedor de pagamento"),
    )
    date_hierarchy = "current_period_end"


@admin.register(TenantSubnucleo)
class TenantSubnucleoAdmin(ReadOnlyAdmin):
    list_display = (tenant_column, "subnucleo", "is_active", "activated_at", "deactivated_at")
    list_filter = ("is_active", "subnucleo", selected_object_filter("tenant"))
    list_select_related = ("tenant", "subnucleo")
    indexed_search = IndexedSearch(
        uuid=("id", "tenant_id"), contains=("tenant__company_name",), names=("empresa",)
    )


@admin.register(TenantAgent)
class TenantAgentAdmin(ReadOnlyAdmin):
    list_display = (
        "agent",
        tenant_column,
        "subnucleo",
        "is_active",
        "activated_at",
    )
    list_filter = ("is_active", "subnucleo", selected_object_filter("tenant"))
    list_select_related = ("tenant", "agent", "subnucleo")
    indexed_search = IndexedSearch(
        uuid=("id", "tenant_id"),
        contains=("tenant__company_name", "agent__display_name"),
        names=("empresa", "agente"),
    )


@admin.register(TenantSubscriptionSummary)
class TenantSubscriptionSummaryAdmin(ReadOnlyAdmin):
    list_display = (
        "company_name",
        "plan_display_name",
        "billing_cycle",
        "status",
        "amount",
        "subnucleos_usage",
        "agents_usage",
        "includes_fibonacci",
        "current_period_end",
    )
    list_filter = ("status", "billing_cycle", "plan_name")
    indexed_search = IndexedSearch(
        uuid=("tenant_id",), contains=("company_name",), names=("empresa",)
    )

    @admin.display(description="SubNúcleos")
    def subnucleos_usage(self, row):
        return f"{row.active_subnucleos} de {row.max_subnucleos}"

    @admin.display(description="agentes")
    def agents_usage(self, row):
        return f"{row.active_agents} de {row.max_agents}"


@admin.register(LegacySubscription)
class LegacySubscriptionAdmin(ReadOnlyAdmin):
    list_display = (
        tenant_column,
        "status",
        "total_monthly",
        "currency",
        "current_period_end",
        "provider_subscription_id",
    )
    list_filter = ("status", selected_object_filter("tenant"))
    list_select_related = ("tenant",)
    indexed_search = IndexedSearch(
        uuid=("id", "tenant_id"),
        exact=("provider_subscription_id", "provider_customer_id"),
        contains=("tenant__company_name",),
        names=("empresa", "id no provedor de pagamento"),
    )
