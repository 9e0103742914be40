"""Campaigns, conversations, meetings and daily metrics."""

from django.contrib import admin

from adminkit.filters import indexed_values_filter, selected_object_filter
from adminkit.links import related_link
from adminkit.options import PlatformAdmin, ReadOnlyAdmin
from adminkit.search import IndexedSearch
from nigredo.models import (
    Agendamento,
    Campanha,
    Interacao,
    MetricaDiaria,
)

tenant_column = related_link("tenant", "tenant")
lead_column = related_link("lead", "lead")


@admin.register(Campanha)
class CampanhaAdmin(PlatformAdmin):
    list_display = ("nome", tenant_column, "canal", "segmento", "status", "created_at")
    list_filter = ("status", "canal", selected_object_filter("tenant"))
    list_prefetch_related = ("tenant",)
    search_fields = ("nome", "=id")
    autocomplete_fields = ("tenant",)
    date_hierarchy = "created_at"


@admin.register(Interacao)
class InteracaoAdmin(ReadOnlyAdmin):
    big_table = True
    list_display = ("created_at", lead_column, "tipo", "canal", "sentimento", "intensidade")
    list_filter = (selected_object_filter("lead"),)
    list_select_related = ("lead",)
    date_hierarchy = "created_at"
    indexed_search = IndexedSearch(uuid=("id", "lead_id", "trace_id"))


@admin.register(Agendamento)
class AgendamentoAdmin(PlatformAdmin):
    list_display = ("data_hora", lead_column, tenant_column, "status", "duracao")
    list_filter = (
        indexed_values_filter("status"),
        selected_object_filter("tenant"),
        selected_object_filter("lead"),
    )
    list_select_related = ("lead",)
    list_prefetch_related = ("tenant",)
    raw_id_fields = ("lead",)
    autocomplete_fields = ("tenant",)
    date_hierarchy = "data_hora"
    indexed_search = IndexedSearch(uuid=("id", "lead_id", "tenant_id"))


@admin.register(MetricaDiaria)
class MetricaDiariaAdmin(PlatformAdmin):
    list_display = ("data", tenant_column, "created_at")
    list_filter = (selected_object_filter("tenant"),)
    list_prefetch_related = ("tenant",)
    autocomplete_fields = ("tenant",)
    date_hierarchy = "data"
