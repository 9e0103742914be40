"""Approval requests and their decisions."""

from django.contrib import admin

from adminkit.filters import indexed_values_filter, selected_object_filter
from adminkit.links import related_link
from adminkit.options import PlatformAdmin, ReadOnlyAdmin, ReadOnlyInline
from platform_app.models import (
    ApprovalDecision,
    ApprovalRequest,
)


class ApprovalDecisionInline(ReadOnlyInline):
    model = ApprovalDecision
    fields = ("approver", "decision", "comment", "created_at")


@admin.register(ApprovalRequest)
class ApprovalRequestAdmin(PlatformAdmin):
    list_display = (
        "id",
        related_link("tenant", "tenant"),
        "action_type",
        "resource_type",
        "status",
        "required_approvals",
        "expires_at",
        "created_at",
    )
    list_filter = (indexed_values_filter("status"), "action_type", selected_object_filter("tenant"))
    list_select_related = ("tenant",)
    search_fields = ("=id", "=resource_id")
    autocomplete_fields = ("tenant", "requested_by")
    date_hierarchy = "created_at"
    inlines = (ApprovalDecisionInline,)

    def has_add_permission(self, request):
        """Requests come from the platform's services; the back-office decides them."""
        return False


@admin.register(ApprovalDecision)
class ApprovalDecisionAdmin(ReadOnlyAdmin):
    list_display = (
        related_link("approval", "solicitação"),
        related_link("approver", "aprovador"),
        "decision",
        "created_at",
    )
    list_filter = ("decision",)
    list_select_related = ("approval", "approver")
