"""The LGPD endpoints: consent, production's unsubscribe, the erasure request (202 with
its approval request), the subject's report; a platform user acts on its own tenant."""

import pytest

from nigredo.models import BlocklistEntry, Lead
from platform_app.models import ApprovalRequest, AuditLog
from staff.roles import LGPD_OFFICERS, SUPPORT
from tests.api.conftest import bearer, token_auth
from tests.factories import LeadFactory, TenantFactory
from tests.nigredo.builders import EMAIL, build_person
from tests.nigredo.conftest import build_officers

pytestmark = pytest.mark.django_db


def test_a_platform_user_records_and_withdraws_consent_on_its_own_leads_only(client, tenant_user):
    user, token = tenant_user()
    own, other = LeadFactory(tenant=user.tenant), LeadFactory(tenant=TenantFactory())

    recorded = client.post(
        f"/api/leads/{own.pk}/consent",
        {"source": "api", "ipAddress": "203.0.113.9"},
        format="json",
        **bearer(token),
    )
    assert recorded.status_code == 200, recorded.content
    assert recorded.json()["consentGiven"] is True
    assert recorded.json()["consentIpAddress"] == "203.0.113.9"
    hidden = client.post(
        f"/api/leads/{other.pk}/consent", {"source": "api"}, format="json", **bearer(token)
    )
    assert hidden.status_code == 404
    bad = client.post(
        f"/api/leads/{own.pk}/consent",
        {"source": "api", "ipAddress": "999.1.1.1"},
        format="json",
        **bearer(token),
    )
    assert (bad.status_code, bad.json()["error"]) == (400, "invalid_ip_address")

    withdrawn = client.delete(f"/api/leads/{own.pk}/consent", **bearer(token))
    assert withdrawn.status_code == 200 and withdrawn.json()["consentGiven"] is False
    again = client.delete(f"/api/leads/{own.pk}/consent", **bearer(token))
    assert (again.status_code, again.json()["error"]) == (409, "consent_not_given")
    assert AuditLog.objects.filter(user_id=user.pk).count() == 2


def test_descadastro_answers_productions_shape_and_is_idempotent(client, tenant_user):
    user, token = tenant_user()
    lead = LeadFactory(tenant=user.tenant, email="joana@exemplo.com", telefone="11987654321")

    first = client.post(
        "/api/lgpd/descadastro", {"leadId": str(lead.pk)}, format="json", **bearer(token)
    )
    second = client.post(
        "/api/lgpd/descadastro", {"leadId": str(lead.pk)}, format="json", **bearer(token)
    )

    assert first.status_code == 200, first.content
    body = first.json()
    assert set(body) == {"success", "message", "leadId", "actionsPerformed", "traceId"}
    assert body["message"] == (
        "Descadastro realizado com sucesso. Seus dados foram removidos conforme LGPD."
    )
    assert second.json()["actionsPerformed"] == [] and second.json()["traceId"] == body["traceId"]
    assert Lead.objects.get(pk=lead.pk).status == "descadastrado"
    assert BlocklistEntry.objects.filter(lead=lead).count() == 1
    other = LeadFactory(tenant=TenantFactory())
    hidden = client.post(
        "/api/lgpd/descadastro", {"leadId": str(other.pk)}, format="json", **bearer(token)
    )
    assert hidden.status_code == 404


def test_esquecimento_answers_202_with_the_approval_request(client, tenant_user):
    officers = build_officers()
    user, token = tenant_user()
    lead = LeadFactory(tenant=user.tenant)
    other = LeadFactory(tenant=TenantFactory())

    response = client.post(
        "/api/lgpd/esquecimento", {"leadId": str(lead.pk)}, format="json", **bearer(token)
    )

    assert response.status_code == 202, response.content
    body = response.json()
    approval = ApprovalRequest.objects.get(pk=body["approvalId"])
    assert (body["actionType"], body["status"], body["resourceId"]) == (
        "lgpd.direito_esquecimento",
        "pending",
        str(lead.pk),
    )
    assert approval.tenant_id == user.tenant_id
    assert sorted(body["approvers"]) == sorted([str(officers.ana.pk), str(officers.bruno.pk)])
    assert body["actionDetails"]["scope"] == "tenant"
    hidden = client.post(
        "/api/lgpd/esquecimento", {"leadId": str(other.pk)}, format="json", **bearer(token)
    )
    assert hidden.status_code == 404


def test_the_subject_report_for_the_lgpd_officer_and_not_for_support(client, staff_key):
    person = build_person()
    officer = client.get(
        "/api/lgpd/subject-report", {"email": EMAIL}, **token_auth(staff_key(LGPD_OFFICERS))
    )
    support = client.get(
        "/api/lgpd/subject-report", {"email": EMAIL}, **token_auth(staff_key(SUPPORT))
    )

    assert officer.status_code == 200, officer.content
    assert officer.json()["counts"]["leads"] == 2
    assert {row["id"] for row in officer.json()["leads"]} == {
        str(person.lead.pk),
        str(person.other_lead.pk),
    }
    assert support.status_code == 403
    assert AuditLog.objects.filter(action_type="lgpd.subject_report").count() == 1


def test_the_subject_report_of_a_platform_user_holds_its_own_tenant_only(client, tenant_user):
    person = build_person()
    _user, token = tenant_user(tenant=person.lead.tenant)

    response = client.get("/api/lgpd/subject-report", {"phone": "(11) 98765-4321"}, **bearer(token))

    assert response.status_code == 200, response.content
    assert [row["id"] for row in response.json()["leads"]] == [str(person.lead.pk)]
    bad = client.get("/api/lgpd/subject-report", {"phone": "12"}, **bearer(token))
    assert (bad.status_code, bad.json()["error"]) == (400, "invalid_subject_lookup")


def test_staff_keys_need_the_lgpd_role_to_unsubscribe(client, staff_key):
    lead = LeadFactory()
    key = staff_key(SUPPORT)

    response = client.post(
        "/api/lgpd/descadastro", {"leadId": str(lead.pk)}, format="json", **token_auth(key)
    )

    assert response.status_code == 403
