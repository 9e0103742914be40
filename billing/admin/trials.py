"""Trials."""

from django.contrib import admin

from adminkit.options import PlatformAdmin
from adminkit.search import IndexedSearch
from billing.models import Trial


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
