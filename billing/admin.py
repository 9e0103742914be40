from django.contrib import admin

from adminkit.filters import indexed_values_filter, selected_object_filter
from adminkit.links import related_link
from adminkit.options import PlatformAdmin, ReadOnlyAdmin
from adminkit.search import IndexedSearch
from billing.models import (
    CommercialRequest,
    LegacySubscription,
    PaymentEvent,
    Subnucleo,
    SubnucleoAgent,
    SubscriptionPlan,
    TenantAgent,
    TenantSubnucleo,
    TenantSubscription,
    TenantSubscriptionSummary,
    Trial,
)

tenant_column = related_link("tenant", "tenant")


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


@admin.register(TenantSubscription)
class TenantSubscriptionAdmin(PlatformAdmin):
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
    search_fields = ("=provider_subscription_id", "=provider_customer_id", "=tenant__id")
    autocomplete_fields = ("tenant", "plan")
    date_hierarchy = "current_period_end"


@admin.register(TenantSubnucleo)
class TenantSubnucleoAdmin(PlatformAdmin):
    list_display = (tenant_column, "subnucleo", "is_active", "activated_at", "deactivated_at")
    list_filter = ("is_active", "subnucleo", selected_object_filter("tenant"))
    list_select_related = ("tenant", "subnucleo")
    autocomplete_fields = ("tenant", "subnucleo")


@admin.register(TenantAgent)
class TenantAgentAdmin(PlatformAdmin):
    list_display = (
        tenant_column,
        related_link("agent", "agente"),
        "subnucleo",
        "is_active",
        "activated_at",
    )
    list_filter = ("is_active", "subnucleo", selected_object_filter("tenant"))
    list_select_related = ("tenant", "agent", "subnucleo")
    autocomplete_fields = ("tenant", "agent", "subnucleo")


@admin.register(Trial)
class TrialAdmin(PlatformAdmin):
    list_display = (
        "user_id",
        "target_type",
        "target_id",
        "status",
        "usage_count",
        "max_usage",
        "started_at",
        "expires_at",
    )
    list_filter = ("status", "target_type")
    date_hierarchy = "expires_at"
    indexed_search = IndexedSearch(uuid=("id", "user_id", "target_id"))


@admin.register(PaymentEvent)
class PaymentEventAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "event_type",
        tenant_column,
        "amount",
        "currency",
        "status",
        "provider_subscription_id",
    )
    list_filter = (indexed_values_filter("event_type"), selected_object_filter("tenant"))
    list_select_related = ("tenant",)
    date_hierarchy = "created_at"
    indexed_search = IndexedSearch(
        uuid=("id", "tenant_id"), exact=("provider_subscription_id", "provider_session_id")
    )


@admin.register(CommercialRequest)
class CommercialRequestAdmin(PlatformAdmin):
    list_display = (
        "company_name",
        "contact_name",
        "email",
        "whatsapp",
        tenant_column,
        "status",
        "created_at",
    )
    list_filter = ("status", selected_object_filter("tenant"))
    list_select_related = ("tenant",)
    search_fields = ("company_name", "=email", "=cnpj")
    autocomplete_fields = ("tenant",)
    date_hierarchy = "created_at"


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
    list_filter = ("status",)
    list_select_related = ("tenant",)
    search_fields = ("=provider_subscription_id", "=provider_customer_id")


@admin.register(TenantSubscriptionSummary)
class TenantSubscriptionSummaryAdmin(ReadOnlyAdmin):
    list_display = (
        "company_name",
        "plan_display_name",
        "billing_cycle",
        "status",
        "amount",
        "active_subnucleos",
        "max_subnucleos",
        "active_agents",
        "max_agents",
        "includes_fibonacci",
        "current_period_end",
    )
    list_filter = ("status", "billing_cycle", "plan_name")
    search_fields = ("company_name",)
