"""Payment events from the gateway."""

from django.contrib import admin

from adminkit.filters import indexed_values_filter, selected_object_filter
from adminkit.links import related_link
from adminkit.options import ReadOnlyAdmin
from adminkit.search import IndexedSearch
from billing.models import PaymentEvent

tenant_column = related_link("tenant", "tenant")


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
