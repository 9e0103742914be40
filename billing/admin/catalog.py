"""Plans and SubNúcleos: what the platform sells.

A plan or SubNúcleo some tenant uses is never deleted (the services refuse, naming the
tenants); it is deactivated instead. An existing plan's prices change only through an
approval request.
"""

import uuid
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.validators import MinValueValidator
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from adminkit.choices import OpenChoicesModelForm
from adminkit.guards import GuardedTabularInline
from adminkit.links import related_link
from adminkit.options import PlatformAdmin
from adminkit.widgets import LinesField, MoneyFormField
from billing.models import (
    Subnucleo,
    SubnucleoAgent,
    SubscriptionPlan,
)
from billing.selectors import LIMIT_FIELDS, NOUNS, UNLIMITED, count_noun
from billing.services import subnucleo_delete, subscription_plan_delete
from billing.services.catalog import subnucleo_delete_refusal, subscription_plan_delete_refusal
from core.exceptions import Conflict
from platform_app.actors import Actor
from platform_app.admin.gated_actions import GatedActionRequestForm, GatedActionsMixin
from platform_app.models import ApprovalRequest

PRICE_NOTE = (
    "Os preços de um plano existente mudam somente por solicitação de aprovação "
    "(ação “Solicitar alteração de preço”)."
)


class SubscriptionPlanForm(OpenChoicesModelForm):
    features = LinesField(label="Recursos", help_text="Um recurso por linha, na ordem de exibição.")

    class Meta:
        model = SubscriptionPlan
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("max_subnucleos", "max_agents", "max_users"):
            if name in self.fields:
                self.fields[name].validators.append(MinValueValidator(0))
        if "max_users" in self.fields:
            self.fields["max_users"].help_text = "999999 significa ilimitado."


class PlanPriceChangeForm(GatedActionRequestForm):
    """New prices for a plan, applied once two approvers agree."""

    price_monthly = MoneyFormField(label="Novo preço mensal (R$)")
    price_yearly = MoneyFormField(label="Novo preço anual (R$)")
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


class CatalogueDeleteMixin:
    """Deleting goes through the service, which refuses a row in use and says by whom;
    the refusal is shown before the confirmation page too."""

    def delete_refusal(self, pk: uuid.UUID) -> Conflict | None:
        """Why the row cannot be deleted, or None."""
        raise NotImplementedError

    def delete_through_service(self, *, acting_user: Actor, pk: uuid.UUID) -> bool:
        """Delete the row through its service; True once deleted."""
        raise NotImplementedError

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # one by one, through the service
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_delete_permission(request, obj):
            return super().delete_view(request, object_id, extra_context)
        opts = obj._meta
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        refusal = self.delete_refusal(obj.pk)
        if refusal is not None:
            self.message_user(request, refusal.message, messages.ERROR)
            return HttpResponseRedirect(change)
        if request.method != "POST":
            return super().delete_view(request, object_id, extra_context)
        name = str(obj)
        done = self.call_service(request, self.delete_through_service, pk=obj.pk)
        if done is None:
            return HttpResponseRedirect(change)
        self.message_user(request, f"“{name}” foi excluído.", messages.SUCCESS)
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))


@admin.register(SubscriptionPlan)
class SubscriptionPlanAdmin(GatedActionsMixin, CatalogueDeleteMixin, PlatformAdmin):
    # Price changes are approval-gated: the page asks for them (billing.services.plans).
    gated_action_forms = {ApprovalRequest.ActionType.PLAN_PRICE_CHANGE: PlanPriceChangeForm}
    form = SubscriptionPlanForm
    list_display = (
        "display_name",
        "name",
        "price_monthly",
        "price_yearly",
        "limits",
        "includes_fibonacci",
        "is_active",
    )
    list_filter = ("is_active", "includes_fibonacci")

    @admin.display(description="limites")
    def limits(self, plan):
        return format_html_join(
            mark_safe("<br>"),
            "{}",
            (
                (
                    f"{NOUNS[resource][1]} ilimitados"
                    if (limit := getattr(plan, field)) >= UNLIMITED
                    else count_noun(resource, limit),
                )
                for resource, field in LIMIT_FIELDS.items()
            ),
        )

    search_fields = ("name", "display_name")

    def delete_refusal(self, pk):
        return subscription_plan_delete_refusal(pk)

    def delete_through_service(self, *, acting_user, pk):
        subscription_plan_delete(acting_user=acting_user, plan_id=pk)
        return True

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            readonly += ["price_monthly", "price_yearly"]
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        prices = ["price_monthly", "price_yearly"]
        record = ["id", "created_at", "updated_at"]
        fields = [f for f in fieldsets[0][1]["fields"] if f not in prices + record]
        return [
            (None, {"fields": fields}),
            ("Preços", {"fields": prices, "description": PRICE_NOTE}),
            ("Registro", {"fields": record}),
        ]


class SubnucleoAgentInline(GuardedTabularInline):
    """The SubNúcleo's agents in their order; a required one is always activated with
    the SubNúcleo, an optional one only when chosen."""

    model = SubnucleoAgent
    fields = ("sort_order", "agent", "is_required")
    autocomplete_fields = ("agent",)
    ordering = ("sort_order",)
    extra = 0


@admin.register(Subnucleo)
class SubnucleoAdmin(CatalogueDeleteMixin, PlatformAdmin):
    list_display = ("display_name", "name", "category", "is_active", "sort_order")
    list_filter = ("category", "is_active")
    search_fields = ("name", "display_name")
    inlines = (SubnucleoAgentInline,)

    def delete_refusal(self, pk):
        return subnucleo_delete_refusal(pk)

    def delete_through_service(self, *, acting_user, pk):
        subnucleo_delete(acting_user=acting_user, subnucleo_id=pk)
        return True


@admin.register(SubnucleoAgent)
class SubnucleoAgentAdmin(PlatformAdmin):
    list_display = (
        "agent",
        related_link("subnucleo", "SubNúcleo"),
        "is_required",
        "sort_order",
    )
    list_filter = ("subnucleo", "is_required")
    list_select_related = ("subnucleo", "agent")
    autocomplete_fields = ("subnucleo", "agent")
