"""The audit trail."""

from django.contrib import admin

from adminkit.filters import indexed_values_filter, known_values_filter, selected_object_filter
from adminkit.links import related_link
from adminkit.options import ReadOnlyAdmin
from adminkit.search import IndexedSearch
from platform_app.models import AuditLog


@admin.register(AuditLog)
class AuditLogAdmin(ReadOnlyAdmin):
    big_table = True
    list_display = (
        "created_at",
        "action_type",
        "result",
        related_link("tenant", "tenant"),
        related_link("user", "usuário"),
        related_link("agent", "agente"),
        "trace_id",
    )
    list_filter = (
        indexed_values_filter("action_type"),
        known_values_filter("result", {"success": "sucesso", "failure": "falha"}),
        selected_object_filter("tenant"),
        selected_object_filter("user"),
        selected_object_filter("agent"),
    )
    list_select_related = ("tenant", "user", "agent")
    date_hierarchy = "created_at"
    indexed_search = IndexedSearch(
        uuid=("id", "trace_id", "tenant_id", "user_id", "agent_id"),
        exact=("action_type",),
        contains=("action_type",),
        names=("ação",),
    )
