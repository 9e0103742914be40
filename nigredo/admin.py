from django.contrib import admin

from adminkit.filters import indexed_values_filter, selected_object_filter
from adminkit.links import related_link
from adminkit.options import PlatformAdmin, ReadOnlyAdmin, ReadOnlyInline
from adminkit.search import IndexedSearch
from fibonacci.models import Trace
from nigredo.models import (
    Agendamento,
    BlocklistEntry,
    Campanha,
    FormSubmission,
    Interacao,
    Lead,
    MetricaDiaria,
    RateLimit,
    WebhookLog,
)

tenant_column = related_link("tenant", "tenant")
lead_column = related_link("lead", "lead")


class InteracaoInline(ReadOnlyInline):
    model = Interacao
    fields = ("created_at", "tipo", "canal", "mensagem", "sentimento", "intensidade")
    ordering = ("-created_at",)


class AgendamentoInline(admin.TabularInline):
    model = Agendamento
    fields = ("data_hora", "duracao", "status", "tenant", "calendar_event_id")
    autocomplete_fields = ("tenant",)
    extra = 0
    show_change_link = True


class FormSubmissionInline(ReadOnlyInline):
    model = FormSubmission
    fields = ("submitted_at", "ip_address", "source", "form_type", "referer")


class WebhookLogInline(ReadOnlyInline):
    model = WebhookLog
    fields = ("sent_at", "webhook_url", "status_code", "attempt_number", "success")


@admin.register(Lead)
class LeadAdmin(PlatformAdmin):
    list_display = (
        "empresa",
        "contact_name",
        "email",
        "contact_phone",
        "status",
        tenant_column,
        "consent_given",
        "created_at",
    )
    list_filter = (
        indexed_values_filter("status"),
        "consent_given",
        selected_object_filter("tenant"),
    )
    list_prefetch_related = ("tenant",)
    date_hierarchy = "created_at"
    autocomplete_fields = ("tenant",)
    indexed_search = IndexedSearch(
        uuid=("id", "tenant_id"),
        email=("email",),
        phone=("telefone", "phone"),
        cnpj=("cnpj",),
        ip=("ip_address",),
        prefix=("empresa", "contato", "company", "name"),
    )
    inlines = (InteracaoInline, AgendamentoInline, FormSubmissionInline, WebhookLogInline)

    def get_related_records(self, lead):
        by_lead = {"lead": lead.pk}
        return [
            ("Interações", Interacao, lead.interacoes.all(), by_lead),
            ("Agendamentos", Agendamento, lead.agendamentos.all(), by_lead),
            ("Envios do formulário", FormSubmission, lead.form_submissions.all(), by_lead),
            ("Webhooks", WebhookLog, lead.webhook_logs.all(), by_lead),
            ("Traces", Trace, lead.traces.all(), by_lead),
        ]

    @admin.display(description="contato")
    def contact_name(self, lead):
        return lead.contato or lead.name

    @admin.display(description="telefone")
    def contact_phone(self, lead):
        return lead.telefone or lead.phone


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


@admin.register(BlocklistEntry)
class BlocklistEntryAdmin(PlatformAdmin):
    list_display = ("email", "telefone", lead_column, "reason", "created_at")
    list_select_related = ("lead",)
    raw_id_fields = ("lead",)
    date_hierarchy = "created_at"
    indexed_search = IndexedSearch(uuid=("id", "lead_id"), email=("email",), phone=("telefone",))


@admin.register(FormSubmission)
class FormSubmissionAdmin(ReadOnlyAdmin):
    list_display = ("submitted_at", "ip_address", lead_column, "source", "form_type")
    list_filter = (indexed_values_filter("source"), selected_object_filter("lead"))
    list_select_related = ("lead",)
    date_hierarchy = "submitted_at"
    indexed_search = IndexedSearch(uuid=("id", "lead_id"), ip=("ip_address",))


@admin.register(WebhookLog)
class WebhookLogAdmin(ReadOnlyAdmin):
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
