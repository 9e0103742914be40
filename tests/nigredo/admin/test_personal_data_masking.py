"""Least privilege for people's data: Suporte sees leads' contacts and names masked in
the list, the page, the export and the API, and may reveal them for an audited reason;
the Encarregado LGPD and superusers see them whole; the subject report is audited."""

import csv
import io

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from api.services import api_token_create
from billing.models import CommercialRequest
from core.privacy import mask_email, mask_name, mask_phone
from nigredo.models import Lead
from platform_app.models import AuditLog
from staff.roles import LGPD_OFFICERS, SUPPORT, TENANT_MANAGERS
from tests.factories import LeadFactory, StaffUserFactory

pytestmark = pytest.mark.django_db

EMAIL = "joana.prado@dominio.com.br"
PHONE = "+55 11 98765-1234"
NAME = "Joana Prado"
MASKED_EMAIL = "j***@d***.com.br"
MASKED_PHONE = "+55 11 9****-1234"
MASKED_NAME = "J*** P***"


@pytest.fixture
def lead():
    return LeadFactory(email=EMAIL, telefone=PHONE, contato=NAME, empresa="Prado Engenharia")


def logged_in(client, *groups, **fields):
    user = StaffUserFactory(groups=list(groups), **fields)
    client.force_login(user)
    return user


def change_url(lead):
    return reverse("admin:nigredo_lead_change", args=[lead.pk])


def reveal_url(lead):
    return reverse("admin:nigredo_lead_reveal", args=[lead.pk])


def export_csv(client, lead):
    url = reverse("helpdesk:export", args=["nigredo", "lead", "csv"])
    response = client.get(f"{url}?q={lead.pk}")
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def api_lead(user, lead):
    _, key = api_token_create(user=user)
    response = APIClient().get(f"/api/leads/{lead.pk}", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200, response.content
    return response.json()


def test_the_masks_keep_what_tells_contacts_apart():
    assert mask_email(EMAIL) == MASKED_EMAIL
    assert mask_phone(PHONE) == MASKED_PHONE
    assert mask_phone("(11) 98765-4321") == "11 9****-4321"
    assert mask_name(NAME) == MASKED_NAME
    assert mask_email(MASKED_EMAIL) == MASKED_EMAIL  # masking twice changes nothing


def test_suporte_sees_the_contacts_masked_in_the_list_and_on_the_page(client, lead):
    logged_in(client, SUPPORT)

    listed = client.get(reverse("admin:nigredo_lead_changelist")).content.decode()
    page = client.get(change_url(lead)).content.decode()

    for html in (listed, page):
        assert MASKED_EMAIL in html and MASKED_PHONE in html and MASKED_NAME in html
        assert EMAIL not in html and "98765" not in html and NAME not in html
    assert reveal_url(lead) in page  # the page offers the audited reveal
    lead.refresh_from_db()
    assert (lead.email, lead.telefone) == (EMAIL, PHONE)  # nothing masked was saved


def test_suporte_exports_and_reads_the_api_masked(client, lead):
    user = logged_in(client, SUPPORT)

    [row] = export_csv(client, lead)
    body = api_lead(user, lead)

    assert (row["email"], row["telefone"], row["contato"]) == (
        MASKED_EMAIL,
        MASKED_PHONE,
        MASKED_NAME,
    )
    assert (body["email"], body["telefone"], body["contato"]) == (
        MASKED_EMAIL,
        MASKED_PHONE,
        MASKED_NAME,
    )


@pytest.mark.parametrize("who", ["lgpd", "superuser"])
def test_the_lgpd_officer_and_superusers_see_them_whole(client, lead, who):
    user = (
        logged_in(client, LGPD_OFFICERS) if who == "lgpd" else logged_in(client, is_superuser=True)
    )

    listed = client.get(reverse("admin:nigredo_lead_changelist")).content.decode()
    page = client.get(change_url(lead)).content.decode()
    [row] = export_csv(client, lead)
    body = api_lead(user, lead)

    for html in (listed, page):
        assert EMAIL in html and NAME in html and MASKED_EMAIL not in html
    assert reveal_url(lead) not in page
    assert (row["email"], row["telefone"]) == (EMAIL, PHONE)
    assert (body["email"], body["telefone"], body["contato"]) == (EMAIL, PHONE, NAME)


def test_a_reveal_asks_why_shows_the_values_and_is_audited_without_them(client, lead):
    user = logged_in(client, SUPPORT)

    form = client.get(reveal_url(lead))
    refused = client.post(reveal_url(lead), {"reason": "curto"})
    shown = client.post(reveal_url(lead), {"reason": "Chamado 4512: o cliente pediu contato"})

    assert form.status_code == 200 and EMAIL not in form.content.decode()
    assert refused.status_code == 200 and EMAIL not in refused.content.decode()
    html = shown.content.decode()
    assert EMAIL in html and PHONE in html and NAME in html
    record = AuditLog.objects.get(action_type="personal_data.revealed")
    assert record.tenant_id == lead.tenant_id
    assert record.context == {
        "model": "nigredo.lead",
        "objectId": str(lead.pk),
        "fields": ["contato", "email", "telefone"],
        "reason": "Chamado 4512: o cliente pediu contato",
        "staff": user.username,
    }
    # The next visit is masked again.
    assert EMAIL not in client.get(change_url(lead)).content.decode()


def test_staff_who_cannot_see_leads_cannot_reveal_them(client, lead):
    logged_in(client, "Aprovadores")

    response = client.post(reveal_url(lead), {"reason": "Chamado 4512: o cliente pediu"})

    assert response.status_code == 403
    assert not AuditLog.objects.filter(action_type="personal_data.revealed").exists()


def test_each_view_of_a_subject_report_is_audited(client, lead):
    logged_in(client, LGPD_OFFICERS)
    url = reverse("admin:nigredo_lead_subject_report")

    client.get(url, {"tipo": "email", "valor": EMAIL})
    client.get(url, {"tipo": "email", "valor": EMAIL, "formato": "json"})

    rows = AuditLog.objects.filter(action_type="lgpd.subject_report").order_by("created_at")
    assert [row.context["format"] for row in rows] == ["html", "json"]
    assert all(EMAIL not in str(row.context) for row in rows)
    assert Lead.objects.filter(pk=lead.pk).exists()


def test_commercial_requests_are_masked_for_suporte_whole_for_their_managers(client):
    row = CommercialRequest.objects.create(
        company_name="Padaria Pão Quente",
        contact_name="Rita Souza",
        email="rita@paoquente.com.br",
        whatsapp="+5511999990000",
    )
    url = reverse("admin:billing_commercialrequest_change", args=[row.pk])
    reveal = reverse("admin:billing_commercialrequest_reveal", args=[row.pk])

    logged_in(client, SUPPORT)
    masked = client.get(url).content.decode()
    revealed = client.post(reveal, {"reason": "Chamado 77: confirmar o contato"})
    logged_in(client, TENANT_MANAGERS)
    managed = client.get(url).content.decode()

    assert "rita@paoquente.com.br" not in masked and "r***@p***.com.br" in masked
    assert reveal in masked and reveal not in managed
    assert "rita@paoquente.com.br" in revealed.content.decode()
    assert "rita@paoquente.com.br" in managed and "Rita Souza" in managed
    record = AuditLog.objects.get(action_type="personal_data.revealed")
    assert record.context["model"] == "billing.commercialrequest"
    assert "rita" not in str(record.context)
