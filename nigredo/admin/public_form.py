"""The public form's submissions, webhooks and rate limits."""

from django.contrib import admin

from adminkit.filters import indexed_values_filter, selected_object_filter
from adminkit.links import related_link
from adminkit.options import ReadOnlyAdmin
from adminkit.search import IndexedSearch
from nigredo.models import (
    FormSubmission,
    RateLimit,
    WebhookLog,
)

lead_column = related_link("lead", "lead")


@admin.register(FormSubmission)
class FormSubmissionAdmin(ReadOnlyAdmin):
    big_table = True
    list_display = ("submitted_at", "ip_address", lead_column, "source", "form_type")
    list_filter = (indexed_values_filter("source"), selected_object_filter("lead"))
    list_select_related = ("lead",)
    date_hierarchy = "submitted_at"
    indexed_search = IndexedSearch(uuid=("id", "lead_id"), ip=("ip_address",))


@admin.register(WebhookLog)
class WebhookLogAdmin(ReadOnlyAdmin):
    big_table = True
    list_display = (
        "sent_at",
        lead_column,
        "webhook_url",
        "status_code",
        "attempt_number",
        "success",
    )
    list_filter = ("success", selected_object_filter("lead"))
    list_select_related = ("lead",)
    date_hierarchy = "sent_at"
    indexed_search = IndexedSearch(uuid=("id", "lead_id"))


@admin.register(RateLimit)
class RateLimitAdmin(ReadOnlyAdmin):
    list_display = (
        "ip_address",
        "submission_count",
        "window_start",
        "window_end",
        "blocked_until",
    )
    date_hierarchy = "window_start"
    indexed_search = IndexedSearch(uuid=("id",), ip=("ip_address",))
