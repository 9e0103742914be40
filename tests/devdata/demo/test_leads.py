"""The demo's leads: the special cases the LGPD flows and the admin need."""

import pytest
from django.utils import timezone

from devdata.demo.ids import DELETED_TENANT_ID, FORGOTTEN_LEAD_ID, UNSUBSCRIBED_LEAD_ID
from nigredo.models import Agendamento, BlocklistEntry, Interacao, Lead
from platform_app.models import AuditAction, AuditLog, Tenant

pytestmark = pytest.mark.django_db


def test_the_unsubscribed_lead_is_left_as_the_descadastro_flow_leaves_it(demo_data):
    now = timezone.now()
    unsubscribed = list(Lead.objects.filter(status=Lead.Status.DESCADASTRADO))

    assert [lead.pk for lead in unsubscribed] == [UNSUBSCRIBED_LEAD_ID]
    lead = unsubscribed[0]
    meetings = Agendamento.objects.filter(lead=lead, data_hora__gt=now)
    assert set(meetings.values_list("status", flat=True)) == {Agendamento.Status.CANCELADO}
    assert BlocklistEntry.objects.filter(
        lead=lead, email=lead.email, telefone=lead.telefone
    ).exists()
    assert AuditLog.objects.filter(
        action_type=AuditAction.DESCADASTRO,
        result=AuditLog.Result.SUCCESS,
        context__lead_id=str(lead.pk),
    ).exists()


def test_the_forgotten_lead_is_anonymised_in_place(demo_data):
    lead = Lead.objects.get(status=Lead.Status.ANONIMIZADO)

    assert lead.pk == FORGOTTEN_LEAD_ID
    assert lead.empresa == "ANONIMIZADO"
    assert [lead.contato, lead.telefone, lead.cnpj, lead.name, lead.ip_address] == [None] * 5
    assert AuditLog.objects.filter(
        action_type=AuditAction.DIREITO_ESQUECIMENTO, context__lead_id=str(lead.pk)
    ).exists()


def test_one_lead_belongs_to_a_tenant_that_no_longer_exists(demo_data):
    orphans = Lead.objects.exclude(tenant_id__in=Tenant.objects.values("id"))

    assert list(orphans.values_list("tenant_id", flat=True)) == [DELETED_TENANT_ID]


def test_leads_keep_the_platform_constraints(demo_data):
    leads = list(Lead.objects.all())

    assert all(lead.email or lead.telefone for lead in leads)
    assert all(0 <= lead.priority_score <= 100 for lead in leads)
    assert all(len(lead.message) <= 1000 for lead in leads if lead.message)
    assert {lead.pk for lead in leads if lead.consent_given and not lead.consent_date} == set()


def test_conversations_follow_the_lead_status(demo_data):
    replies = Interacao.objects.filter(tipo="resposta")

    assert not Interacao.objects.filter(lead__status=Lead.Status.NOVO).exists()
    assert set(
        replies.filter(lead__status=Lead.Status.PERDIDO).values_list("sentimento", flat=True)
    ) <= {"negativo", "neutro", "positivo"}
    assert Agendamento.objects.filter(
        lead__status=Lead.Status.CONVERTIDO, status=Agendamento.Status.REALIZADO
    ).exists()
