"""One person spread over the platform as its services leave them: two leads in two
tenants (different spellings of the same contact), their interactions, meetings, form
submissions, webhook payloads, a blocklist entry, Lambda audit rows with their contact,
events, spans, a commercial request; and a stranger who must stay untouched."""

import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from billing.models import CommercialRequest
from fibonacci.models import Event, Trace
from nigredo.models import (
    Agendamento,
    BlocklistEntry,
    FormSubmission,
    Interacao,
    Lead,
    RateLimit,
    WebhookLog,
)
from platform_app.models import AuditLog, Tenant
from tests.factories import LeadFactory, TenantFactory

EMAIL = "joana.prado@exemplo.com.br"
PHONE = "+5511987654321"
# The spellings a scan must not find afterwards: the e-mail in any case, the phone's
# national digits whatever separates them.
PHONE_DIGITS = "11987654321"
FORM_PHONE = "+5521999887766"
NAME = "Joana Prado"
IP = "203.0.113.77"


@dataclass
class Person:
    lead: Lead  # the one the erasure is asked about
    other_lead: Lead  # same person, another tenant, other spellings
    stranger: Lead
    tenants: list[Tenant] = field(default_factory=list)
    trace_id: uuid.UUID = field(default_factory=uuid.uuid4)


def build_person(*, tenant=None):
    now = timezone.now()
    tenant = tenant or TenantFactory(company_name="Clínica Aurora Ltda")
    other_tenant = TenantFactory(company_name="Escola Horizonte Ltda")
    lead = LeadFactory(
        tenant=tenant,
        empresa="Prado Consultoria ME",
        cnpj="11.222.333/0001-81",
        contato=NAME,
        email="Joana.Prado@Exemplo.com.br",
        telefone=PHONE,
        name=NAME,
        phone=FORM_PHONE,
        company="Prado Consultoria",
        message=f"Olá, sou a {NAME}, me liguem no (11) 98765-4321.",
        utm_source="google",
        utm_medium="cpc",
        utm_campaign="joana-prado",
        ip_address=IP,
        user_agent="Mozilla/5.0 (Joana's laptop)",
        consent_given=True,
        consent_date=now - timedelta(days=3),
        consent_source="formulario_site",
        consent_ip_address=IP,
        metadata={"cidade": "Curitiba", "whatsapp": "11 98765-4321", "origem": "formulario"},
    )
    other_lead = LeadFactory(
        tenant=other_tenant,
        empresa="Prado Consultoria",
        contato="Joana P.",
        email=EMAIL.upper(),
        telefone="(11) 98765-4321",
    )
    stranger = LeadFactory(
        tenant=tenant,
        empresa="Outra Empresa",
        contato="Marcos Lima",
        email="marcos@outra.com.br",
        telefone="+5541988887777",
        metadata={"cidade": "Londrina"},
    )
    person = Person(lead=lead, other_lead=other_lead, stranger=stranger)
    person.tenants = [tenant, other_tenant]

    for target in (lead, other_lead, stranger):
        Interacao.objects.create(
            lead=target,
            tipo="resposta",
            canal="whatsapp",
            mensagem=f"Pode me chamar no 11 98765-4321 ou {EMAIL}"
            if target is not stranger
            else "Obrigado, Marcos",
            trace_id=person.trace_id if target is lead else uuid.uuid4(),
        )
    Agendamento.objects.create(
        lead=lead,
        tenant_id=tenant.pk,
        data_hora=now + timedelta(days=2),
        status=Agendamento.Status.CONFIRMADO,
        calendar_event_id="gcal-joana-prado-123",
        briefing=f"Reunião com {NAME} ({EMAIL})",
    )
    Agendamento.objects.create(
        lead=lead,
        tenant_id=tenant.pk,
        data_hora=now - timedelta(days=2),
        status=Agendamento.Status.REALIZADO,
        briefing="Primeira conversa",
    )
    Agendamento.objects.create(
        lead=other_lead,
        tenant_id=other_tenant.pk,
        data_hora=now + timedelta(days=5),
        status=Agendamento.Status.PROPOSTO,
    )
    FormSubmission.objects.create(
        lead=lead,
        ip_address=IP,
        user_agent="Mozilla/5.0 (Joana's laptop)",
        referer="https://exemplo.com/contato?email=joana.prado%40exemplo.com.br",
        source="google",
        form_type="contato",
    )
    RateLimit.objects.create(ip_address=IP, submission_count=1)
    WebhookLog.objects.create(
        lead=lead,
        webhook_url="https://hooks.clinica.example/leads",
        payload={
            "evento": "lead.criado",
            "lead": {"id": str(lead.pk), "nome": NAME, "email": EMAIL, "telefone": PHONE},
            "origem": {"ip": IP},
        },
        status_code=200,
        response_body=f'{{"recebido": "{EMAIL}"}}',
        attempt_number=1,
        success=True,
    )
    BlocklistEntry.objects.create(
        lead=None, telefone="011987654321", email=None, reason="Reclamação por telefone"
    )
    BlocklistEntry.objects.create(
        lead=stranger, telefone="+5541988887777", email=None, reason="Pedido do Marcos"
    )
    AuditLog.objects.create(
        trace_id=uuid.uuid4(),
        tenant=tenant,
        action_type="consent_validation",
        result="success",
        context={"lead_id": str(lead.pk), "email": EMAIL, "telefone": "5511987654321"},
    )
    AuditLog.objects.create(
        trace_id=person.trace_id,
        tenant=tenant,
        action_type="agent.execute",
        result="failure",
        context={"agente": "sdr"},
        error_message=f"Falha ao enviar para {PHONE}",
    )
    Event.objects.create(
        event_id=f"evt-{uuid.uuid4()}",
        trace_id=person.trace_id,
        source="nigredo.agentes",
        event_type="lead.respondeu",
        detail={"lead": {"telefone": "+55 (11) 98765-4321", "nome": NAME}},
        metadata={"leadId": str(lead.pk), "tenantId": str(tenant.pk)},
    )
    Trace.objects.create(
        trace_id=person.trace_id,
        tenant_id=tenant.pk,
        lead_id=lead.pk,
        span_name="sdr.responder",
        span_type="agent",
        service_name="nigredo-sdr",
        start_time=now - timedelta(hours=1),
        end_time=now - timedelta(hours=1) + timedelta(seconds=2),
        status="completed",
        metadata={"entrada": f"{NAME} <{EMAIL}>"},
    )
    CommercialRequest.objects.create(
        company_name="Prado Consultoria",
        contact_name=NAME,
        email=EMAIL,
        whatsapp="11987654321",
        message="Quero uma proposta",
    )
    return person
