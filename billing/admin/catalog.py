"""Plans and SubNúcleos: what the platform sells."""

from typing import Any

from django import forms
from django.contrib import admin

from adminkit.links import related_link
from adminkit.options import PlatformAdmin
from billing.models import (
    Subnucleo,
    SubnucleoAgent,
    SubscriptionPlan,
)
from platform_app.admin.gated_actions import GatedActionRequestForm, GatedActionsMixin
from platform_app.models import ApprovalRequest


class MoneyField(forms.DecimalField):
    """Reais typed as staff type them: 3.270,00, 3270,00 or 3270.00."""

    def __init__(self, label: str) -> None:
        super().__init__(label=label, max_digits=10, decimal_places=2, min_value=0, localize=True)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and "," in value:
            value = value.replace(".", "").replace(",", ".")
        return super().to_python(value)


class PlanPriceChangeForm(GatedActionRequestForm):
    """New prices for a plan, applied once two approvers agree."""

    price_monthly = MoneyField("Novo preço mensal (R$)")
    price_yearly = MoneyField("Novo preço anual (R$)")
    field_order = ["price_monthly", "price_yearly", "reason", "approvers"]

    def __init__(self, *args: Any, obj: SubscriptionPlan, **kwargs: Any) -> None:
        super().__init__(*args, obj=obj, **kwargs)
        self.fields["price_monthly"].initial = obj.price_monthly
        self.fields["price_yearly"].initial = obj.price_yearly

    def details(self) -> dict[str, Any]:
        return {
            **super().details(),
            "priceMonthly": str(self.cleaned_data["price_monthly"]),
            "priceYearly": str(self.cleaned_data["price_yearly"]),
        }


@admin.register(SubscriptionPlan)
class SubscriptionPlanAdmin(GatedActionsMixin, PlatformAdmin):
    # Price changes are approval-gated: the page asks for them (billing.services.plans).
    gated_action_forms = {ApprovalRequest.ActionType.PLAN_PRICE_CHANGE: PlanPriceChangeForm}
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
