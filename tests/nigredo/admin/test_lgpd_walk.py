"""Walking the admin as an Encarregado LGPD: consent withdrawn, a lead unsubscribed, the
right to be forgotten asked for and approved by a second officer, the subject's report,
the blocklist. Committed (transactional_db), as in production: the approving decision
commits and the erasure then runs by itself."""

import json

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from nigredo.contacts import contact_is_blocked
from nigredo.models import Agendamento, BlocklistEntry, Lead
from platform_app.models import ApprovalRequest, AuditLog, Tenant
from staff.roles import sync_staff_groups
from tests.nigredo.builders import EMAIL, NAME, PHONE, build_person
from tests.nigredo.conftest import build_officers
from tests.support.approvals import delete_committed
from tests.support.auth import StaffClient

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def walk():
    sync_staff_groups()  # a previous transactional test may have flushed the groups
    officers = build_officers()
    person = build_person()
    clients = {}
    for name in ("ana", "bruno"):
        client = StaffClient()
        client.force_login(User.objects.get(username=name))
        clients[name] = client
    yield officers, person, clients
    from fibonacci.models import Event, Trace
    from nigredo.models import FormSubmission, Interacao, RateLimit, WebhookLog

    lead_ids = [person.lead.pk, person.other_lead.pk, person.stranger.pk]
    for model in (Interacao, Agendamento, FormSubmission, WebhookLog, BlocklistEntry, Trace):
        model.objects.filter(lead_id__in=lead_ids).delete()
    BlocklistEntry.objects.all().delete()
    Event.objects.filter(trace_id=person.trace_id).delete()
    RateLimit.objects.all().delete()
    AuditLog.objects.filter(tenant_id__in=[t.pk for t in person.tenants]).delete()
    AuditLog.objects.filter(tenant_id__isnull=True).delete()
    from billing.models import CommercialRequest

    CommercialRequest.objects.all().delete()
    delete_committed([officers.internal, *person.tenants])
    Lead.objects.filter(pk__in=lead_ids).delete()
    Tenant.objects.filter(pk__in=[t.pk for t in person.tenants]).delete()


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    return response


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_an_lgpd_officer_walks_consent_unsubscribe_and_erasure_through_the_admin(walk):
    officers, person, clients = walk
    ana, bruno = clients["ana"], clients["bruno"]
    lead = person.lead
    lead_url = reverse("admin:nigredo_lead_change", args=[lead.pk])

    # The lead's page offers the LGPD actions.
    text = page(ana, lead_url).text
    for label in (
        "Registrar consentimento",
        "Retirar consentimento",
        "Descadastrar",
        "Solicitar: direito ao esquecimento (lgpd)",
    ):
        assert label in text

    # Consent withdrawn.
    withdraw_url = reverse("admin:nigredo_lead_consent_withdraw", args=[lead.pk])
    assert "Retirar o consentimento" in page(ana, withdraw_url).text
    response = ana.post(withdraw_url, follow=True)
    assert messages_of(response) == ["Consentimento retirado."]
    assert Lead.objects.get(pk=lead.pk).consent_given is False
    assert AuditLog.objects.filter(action_type="consent.withdrawn").count() == 1

    # Unsubscribed: the future meeting cancelled, the contact blocked.
    unsubscribe_url = reverse("admin:nigredo_lead_unsubscribe", args=[lead.pk])
    response = ana.post(unsubscribe_url, {"reason": ""}, follow=True)
    (message,) = messages_of(response)
    assert message.startswith("Lead descadastrado: Status do lead alterado para descadastrado")
    assert Lead.objects.get(pk=lead.pk).status == "descadastrado"
    assert Agendamento.objects.filter(lead=lead, status="cancelado").count() == 1
    assert contact_is_blocked(email=EMAIL)
    assert "Descadastrar" not in page(ana, lead_url).text.split("object-tools")[1][:2000]

    # The right to be forgotten: asked by Ana, nothing changes yet.
    request_url = reverse(
        "admin:nigredo_lead_gated_request", args=[lead.pk, "lgpd.direito_esquecimento"]
    )
    form_page = page(ana, request_url).text
    assert "Pedido do titular" in form_page and "Aprovadores" not in form_page
    response = ana.post(request_url, {"reason": "Pedido por e-mail ao Encarregado"}, follow=True)
    assert messages_of(response) == [
        "Solicitação enviada a 1 aprovador(es). Nada muda até ela ser aprovada."
    ]
    approval = ApprovalRequest.objects.get(action_type="lgpd.direito_esquecimento")
    assert approval.approvers == [str(officers.bruno.pk)]
    assert Lead.objects.get(pk=lead.pk).contato == NAME
    assert "aguardando aprovação" in page(ana, lead_url).text

    # Bruno approves from his inbox; the erasure runs once the decision commits.
    inbox = page(bruno, reverse("admin:platform_app_approvalrequest_changelist")).text
    assert approval.pk in inbox
    decision_page = page(
        bruno, reverse("admin:platform_app_approvalrequest_change", args=[approval.pk])
    ).text
    assert 'value="approve"' in decision_page
    assert "Pedido por e-mail ao Encarregado" in decision_page
    decide_url = reverse("admin:platform_app_approvalrequest_decide", args=[approval.pk])
    bruno.post(decide_url, {"decision": "approve", "comment": ""}, follow=True)
    approval.refresh_from_db()
    assert approval.status == "approved"
    assert approval.action_details["execution"]["status"] == "succeeded"
    erased = Lead.objects.get(pk=lead.pk)
    assert (erased.status, erased.contato, erased.telefone) == ("anonimizado", "ANONIMIZADO", None)
    assert contact_is_blocked(phone=PHONE) and contact_is_blocked(email=EMAIL)
    # The erased lead's page offers nothing more and edits nothing.
    text = page(ana, lead_url).text
    assert "Registrar consentimento" not in text and "Solicitar: direito" not in text

    # The subject's report finds the erased contact only in the blocklist, by hash.
    report_url = reverse("admin:nigredo_lead_subject_report")
    report = page(ana, report_url, tipo="email", valor=EMAIL.upper())
    assert "Blocklist (1)" in report.text and "Leads (com o consentimento) (0)" in report.text
    download = ana.get(report_url, {"tipo": "email", "valor": EMAIL, "formato": "json"})
    assert download["Content-Disposition"].startswith('attachment; filename="titular-')
    data = json.loads(download.content)
    assert data["counts"]["blocklist"] == 1 and data["blocklist"][0]["email"] is None
    assert AuditLog.objects.filter(action_type="lgpd.subject_report").count() == 2


def test_the_blocklist_admin_adds_searches_in_any_spelling_and_removes_with_a_reason(walk):
    _officers, _person, clients = walk
    ana = clients["ana"]
    changelist = reverse("admin:nigredo_blocklistentry_changelist")

    response = ana.post(
        reverse("admin:nigredo_blocklistentry_add"),
        {"email": "", "telefone": "(41) 3222-1111", "reason": "Pedido do titular", "lead": ""},
        follow=True,
    )
    assert messages_of(response) == ["Contato bloqueado."]
    entry = BlocklistEntry.objects.get(telefone="+554132221111")

    again = ana.post(
        reverse("admin:nigredo_blocklistentry_add"),
        {"email": "", "telefone": "041 32221111", "reason": "de novo", "lead": ""},
    )
    assert messages_of(again) == ["Esse contato já está na blocklist."]

    for term in ("(41) 3222-1111", "+55 41 32221111", str(entry.pk)):
        listed = page(ana, changelist, q=term)
        assert list(listed.context["cl"].result_list) == [entry], term
    # The person's phone, present only as a blocklist entry in another spelling.
    assert len(page(ana, changelist, q="5511987654321").context["cl"].result_list) == 1

    delete_url = reverse("admin:nigredo_blocklistentry_delete", args=[entry.pk])
    refused = ana.post(delete_url, {"reason": ""})
    assert refused.status_code == 200 and BlocklistEntry.objects.filter(pk=entry.pk).exists()
    response = ana.post(delete_url, {"reason": "Titular voltou a consentir"}, follow=True)
    assert messages_of(response) == ["Entrada removida da blocklist."]
    assert not BlocklistEntry.objects.filter(pk=entry.pk).exists()
    row = AuditLog.objects.get(action_type="blocklist.removed")
    assert row.context["reason"] == "Titular voltou a consentir"


def test_the_consent_report_counts_a_tenants_leads_by_consent_and_source(walk):
    _officers, person, clients = walk

    response = page(
        clients["ana"],
        reverse("admin:nigredo_lead_consent_report"),
        tenant=str(person.lead.tenant_id),
    )

    report = response.context["report"]
    assert (report.total, report.with_consent, report.without_consent) == (2, 1, 1)
    assert report.by_source == [("formulario_site", 1)]
    assert "com consentimento" in response.text
