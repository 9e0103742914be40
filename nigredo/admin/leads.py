"""Leads and what hangs off each one."""

from django.contrib import admin
from django.utils.html import format_html

from adminkit.filters import indexed_values_filter, known_values_filter, selected_object_filter
from adminkit.guards import GuardedTabularInline
from adminkit.links import related_link
from adminkit.options import ReadOnlyInline
from adminkit.search import IndexedSearch
from fibonacci.models import Trace
from nigredo.admin.lead_lgpd import LeadLgpdAdmin
from nigredo.models import (
    Agendamento,
    FormSubmission,
    Interacao,
    Lead,
    WebhookLog,
)

tenant_column = related_link("tenant", "tenant")


class InteracaoInline(ReadOnlyInline):
    model = Interacao
    fields = ("created_at", "tipo", "canal", "mensagem", "sentimento", "intensidade")
    ordering = ("-created_at",)


class AgendamentoInline(GuardedTabularInline):
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


CONSENT_SOURCES = {
    "api": "api",
    "formulario_site": "formulário do site",
    "whatsapp_opt_in": "opt-in no WhatsApp",
}


@admin.register(Lead)
class LeadAdmin(LeadLgpdAdmin):
    big_table = True
    list_display = ("empresa", "contact", "status", "consent", tenant_column, "created_at")
    list_filter = (
        indexed_values_filter("status"),
        "consent_given",
        known_values_filter("consent_source", CONSENT_SOURCES),
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
        contains=("empresa", "contato", "company", "name"),
        prefix=("empresa", "contato", "company", "name"),
        names=("nome", "empresa"),
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
    def contact(self, lead):
        """The name, and under it the e-mail and phone."""
        reach = " · ".join(value for value in (lead.email, lead.telefone or lead.phone) if value)
        return format_html(
            '{}<div class="quiet-line">{}</div>', lead.contato or lead.name or "-", reach
        )

    @admin.display(description="consentimento")
    def consent(self, lead):
        if not lead.consent_given:
            return "não"
        source = CONSENT_SOURCES.get(lead.consent_source or "", lead.consent_source)
        return f"sim ({source})" if source else "sim"
