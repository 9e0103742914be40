from django.contrib import admin

from adminkit.filters import indexed_values_filter, selected_object_filter
from adminkit.ids import short_id
from adminkit.links import related_link
from adminkit.options import ReadOnlyAdmin
from adminkit.search import IndexedSearch
from fibonacci.models import Event, Metric, Trace


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    big_table = True
    list_display = (
        "created_at",
        "event_type",
        "source",
        "status",
        "event",
        "trace_id",
        "retry_count",
    )
    list_filter = (
        indexed_values_filter("status"),
        indexed_values_filter("source"),
        indexed_values_filter("event_type"),
    )
    date_hierarchy = "created_at"
    indexed_search = IndexedSearch(uuid=("id", "trace_id"), exact=("event_id",))

    @admin.display(description="id do evento")
    def event(self, event):
        return short_id(event.event_id)


@admin.register(Trace)
class TraceAdmin(ReadOnlyAdmin):
    big_table = True
    list_display = (
        "start_time",
        "span_name",
        "service_name",
        "span_type",
        "status",
        "duration_ms",
        related_link("tenant", "tenant"),
        "trace_id",
    )
    list_filter = (
        indexed_values_filter("status"),
        indexed_values_filter("service_name"),
        selected_object_filter("tenant"),
        selected_object_filter("lead"),
    )
    list_prefetch_related = ("tenant",)
    date_hierarchy = "start_time"
    indexed_search = IndexedSearch(
        uuid=("id", "trace_id", "parent_trace_id", "tenant_id", "lead_id")
    )


@admin.register(Metric)
class MetricAdmin(ReadOnlyAdmin):
    list_display = (
        "metric_name",
        "value",
        "unit",
        "aggregation_type",
        "period_start",
        "period_end",
    )
    list_filter = (indexed_values_filter("metric_name"),)
    date_hierarchy = "period_start"
    indexed_search = IndexedSearch(uuid=("id",), exact=("metric_name",))
