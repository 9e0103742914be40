"""The right to be forgotten: approval-gated, nothing of the person left in plain text,
the erased contact still blocked."""

import pytest
from django.db import connection

from core.exceptions import ApplicationError, Conflict, NotFound, PermissionDenied
from nigredo.contacts import contact_is_blocked
from nigredo.models import Agendamento, BlocklistEntry, FormSubmission, Interacao, Lead
from nigredo.services import lead_erase, lead_erasure_request
from nigredo.services.erasure import anonymized_email
from platform_app.actors import Actor
from platform_app.models import ApprovalRequest, AuditLog, Notification
from platform_app.services import approval_request_decide, approval_request_execute
from platform_app.services.approval_actions import gated_action_for
from tests.factories import PlatformUserFactory
from tests.nigredo.builders import EMAIL, FORM_PHONE, IP, NAME, PHONE, PHONE_DIGITS

pytestmark = pytest.mark.django_db
SCHEMAS = ("alquimista_platform", "nigredo_leads", "fibonacci_core", "public")
REASON = "Titular pediu a exclusão pelo canal do Encarregado em 12/03"


def scan(*needles: str, digits: tuple[str, ...] = ()) -> list[str]:
    """Every text, varchar and jsonb column of the four schemas holding one of the needles
    (case-insensitively) or one of the digit sequences among its digits: `table.column`."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.table_schema, c.table_name, c.column_name
            FROM information_schema.columns c
            JOIN information_schema.tables t USING (table_schema, table_name)
            WHERE c.table_schema = ANY(%s) AND t.table_type = 'BASE TABLE'
              AND c.data_type IN ('text', 'character varying', 'character', 'jsonb', 'json')
            ORDER BY 1, 2, 3
            """,
            [list(SCHEMAS)],
        )
        columns = cursor.fetchall()
        found = []
        for schema, table, column in columns:
            conditions = ["lower({c}::text) LIKE %s"] * len(needles) + [
                "regexp_replace({c}::text, '[^0-9]', '', 'g') LIKE %s"
            ] * len(digits)
            where = " OR ".join(conditions).format(c=f'"{column}"')
            cursor.execute(
                f'SELECT count(*) FROM "{schema}"."{table}" WHERE {where}',
                [f"%{needle.lower()}%" for needle in needles] + [f"%{d}%" for d in digits],
            )
            if cursor.fetchone()[0]:
                found.append(f"{schema}.{table}.{column}")
    return found


def approve(officers, lead, django_capture_on_commit_callbacks, comment=None):
    approval = lead_erasure_request(acting_user=officers.ana_actor, lead_id=lead.pk, reason=REASON)
    with django_capture_on_commit_callbacks(execute=True):
        approval_request_decide(
            acting_user=officers.bruno_actor,
            approval_id=approval.pk,
            decision="approve",
            comment=comment,
        )
    approval.refresh_from_db()
    return approval


def test_the_erasure_is_registered_as_an_approval_gated_action():
    action = gated_action_for("lgpd.direito_esquecimento")

    assert action is not None
    assert (action.resource_type, action.required_approvals, action.internal_only) == (
        "lead",
        1,
        False,
    )


def test_asking_goes_to_the_other_lgpd_officers_and_changes_nothing(officers, person):
    approval = lead_erasure_request(
        acting_user=officers.ana_actor, lead_id=person.lead.pk, reason=REASON
    )

    assert approval.approvers == [str(officers.bruno.pk)]
    assert approval.tenant_id == officers.internal.pk
    assert approval.action_details == {
        "leadId": str(person.lead.pk),
        "tenantId": str(person.lead.tenant_id),
        "reason": REASON,
        "scope": "platform",
        "personLeads": 2,
    }
    assert Notification.objects.get().user_id == officers.bruno.pk
    assert Lead.objects.get(pk=person.lead.pk).email == "Joana.Prado@Exemplo.com.br"


def test_a_reason_naming_the_person_is_refused(officers, person):
    with pytest.raises(ApplicationError) as refused:
        lead_erasure_request(
            acting_user=officers.ana_actor,
            lead_id=person.lead.pk,
            reason=f"Pedido de {NAME} por {PHONE}",
        )

    assert refused.value.code == "reason_has_personal_data"
    assert not ApprovalRequest.objects.exists()


def test_without_another_active_officer_nobody_can_approve(officers, person):
    officers.bruno.status = "inactive"
    officers.bruno.save()

    with pytest.raises(ApplicationError) as refused:
        lead_erasure_request(acting_user=officers.ana_actor, lead_id=person.lead.pk, reason=REASON)

    assert refused.value.code == "no_lgpd_officer_to_approve"
    assert not ApprovalRequest.objects.exists()


@pytest.mark.parametrize("state", ["missing", "pending", "rejected"])
def test_the_erasure_is_refused_unless_approved(officers, person, state):
    approval = None
    if state != "missing":
        approval = lead_erasure_request(
            acting_user=officers.ana_actor, lead_id=person.lead.pk, reason=REASON
        )
    if state == "rejected":
        approval_request_decide(
            acting_user=officers.bruno_actor, approval_id=approval.pk, decision="reject"
        )
    audit_rows = AuditLog.objects.count()

    with pytest.raises(PermissionDenied) as refused:
        lead_erase(acting_user=officers.bruno_actor, lead_id=person.lead.pk)

    assert refused.value.code == "erasure_not_approved"
    assert refused.value.message == (
        "O direito ao esquecimento só é executado com uma solicitação aprovada pelo "
        "Encarregado LGPD."
    )
    if approval is not None:
        with pytest.raises(Conflict) as not_approved:
            approval_request_execute(acting_user=officers.ana_actor, approval_id=approval.pk)
        assert not_approved.value.code == "approval_not_approved"
    else:
        with pytest.raises(NotFound):
            approval_request_execute(acting_user=officers.ana_actor, approval_id="approval-x")
    lead = Lead.objects.get(pk=person.lead.pk)
    assert (lead.status, lead.contato, lead.telefone) == ("novo", NAME, PHONE)
    assert AuditLog.objects.count() == audit_rows
    assert not AuditLog.objects.filter(action_type="direito_esquecimento").exists()


def test_the_approved_erasure_leaves_the_person_nowhere_in_plain_text(
    officers, person, django_capture_on_commit_callbacks
):
    assert scan(EMAIL, digits=(PHONE_DIGITS,))  # the person is all over the schemas

    approval = approve(
        officers,
        person.lead,
        django_capture_on_commit_callbacks,
        comment=f"Confirmado por telefone ({PHONE_DIGITS}) com a {NAME}",
    )

    execution = approval.action_details["execution"]
    assert execution["status"] == "succeeded", execution
    assert scan(EMAIL, NAME, IP, "Joana P.", digits=(PHONE_DIGITS, "21999887766")) == []
    # The stranger of the same tenant is untouched.
    stranger = Lead.objects.get(pk=person.stranger.pk)
    assert (stranger.contato, stranger.email, stranger.telefone) == (
        "Marcos Lima",
        "marcos@outra.com.br",
        "+5541988887777",
    )
    assert Interacao.objects.get(lead=stranger).mensagem == "Obrigado, Marcos"
    assert BlocklistEntry.objects.get(lead=stranger).telefone == "+5541988887777"
    assert execution["result"]["leadIds"] == sorted(
        [str(person.lead.pk), str(person.other_lead.pk)]
    )


def test_the_placeholders_are_productions_and_satisfy_the_constraints(
    officers, person, django_capture_on_commit_callbacks
):
    approve(officers, person.lead, django_capture_on_commit_callbacks)

    lead = Lead.objects.get(pk=person.lead.pk)
    lead.full_clean(validate_unique=False)  # the model's copy of the CHECK constraints
    assert (lead.contato, lead.empresa, lead.name, lead.company, lead.message) == (
        "ANONIMIZADO",
        "EMPRESA ANONIMIZADA",
        "ANONIMIZADO",
        "EMPRESA ANONIMIZADA",
        "MENSAGEM ANONIMIZADA",
    )
    assert lead.email == anonymized_email(lead.pk) == f"anon-{lead.pk}@anonimizado.invalid"
    assert (lead.telefone, lead.phone, lead.cnpj, lead.ip_address) == (None, None, None, None)
    assert (lead.consent_ip_address, lead.user_agent, lead.utm_campaign) == (None, None, None)
    assert lead.status == "anonimizado"
    assert set(lead.metadata) == {"anonymized", "anonymized_date", "trace_id"}
    assert lead.metadata["anonymized"] is True
    assert set(Interacao.objects.filter(lead=lead).values_list("mensagem", flat=True)) == {
        "MENSAGEM ANONIMIZADA"
    }
    meetings = Agendamento.objects.filter(lead=lead).order_by("data_hora")
    assert [(m.status, m.briefing, m.calendar_event_id) for m in meetings] == [
        ("realizado", "BRIEFING ANONIMIZADO", None),
        ("cancelado", "BRIEFING ANONIMIZADO", None),
    ]
    submission = FormSubmission.objects.get(lead=lead)
    assert (submission.ip_address, submission.user_agent, submission.referer) == (
        "0.0.0.0",
        None,
        None,
    )
    assert submission.source == "google"
    payload = lead.webhook_logs.get().payload
    assert payload["lead"] == {
        "id": str(lead.pk),
        "nome": "ANONIMIZADO",
        "email": "ANONIMIZADO",
        "telefone": "ANONIMIZADO",
    }
    assert payload["evento"] == "lead.criado" and payload["origem"] == {"ip": "ANONIMIZADO"}


def test_the_erased_contact_is_still_blocked_in_any_spelling(
    officers, person, django_capture_on_commit_callbacks
):
    approve(officers, person.lead, django_capture_on_commit_callbacks)

    for email, phone in [
        (EMAIL, None),
        ("Joana.Prado@EXEMPLO.com.br ", None),
        (None, "(11) 98765-4321"),
        (None, "+55 21 99988-7766"),
        (None, FORM_PHONE),
    ]:
        assert contact_is_blocked(email=email, phone=phone), (email, phone)
    assert not contact_is_blocked(email="outra.pessoa@exemplo.com.br")
    # No plain contact of the person is left in the blocklist; the stranger's is.
    assert list(BlocklistEntry.objects.values_list("email", "telefone").order_by("telefone")) == [
        (None, "+5541988887777"),
        *[(None, None)] * (BlocklistEntry.objects.count() - 1),
    ]


def test_the_audit_row_counts_what_was_anonymised_without_personal_data(
    officers, person, django_capture_on_commit_callbacks
):
    approval = approve(officers, person.lead, django_capture_on_commit_callbacks)

    row = AuditLog.objects.get(action_type="direito_esquecimento")
    assert row.tenant_id == person.lead.tenant_id and row.user_id == officers.bruno.pk
    assert str(row.trace_id) == Lead.objects.get(pk=person.lead.pk).metadata["trace_id"]
    assert row.context["approvalId"] == approval.pk and row.context["scope"] == "platform"
    assert row.context["counts"] == {
        "leads": 2,
        "interactions": 2,
        "meetingsCancelled": 2,
        "meetings": 3,
        "formSubmissions": 1,
        "webhookLogs": 1,
        "blocklistHashed": 1,
        "blocklistAdded": 1,
        "commercialRequests": 1,
        "spans": 1,
        "events": 1,
        "auditLogs": 2,
        "approvalRequests": 0,
        "approvalComments": 0,
    }
    assert approval.action_details["execution"]["result"]["counts"] == row.context["counts"]

    with pytest.raises(Conflict):
        lead_erasure_request(acting_user=officers.ana_actor, lead_id=person.lead.pk, reason=REASON)


def test_a_customer_tenant_user_asks_about_its_own_leads_and_erases_only_them(
    officers, person, django_capture_on_commit_callbacks
):
    customer = PlatformUserFactory(tenant=person.lead.tenant)
    caller = Actor(platform_user_id=customer.pk, tenant_id=customer.tenant_id)

    with pytest.raises(NotFound):
        lead_erasure_request(acting_user=caller, lead_id=person.other_lead.pk, reason=REASON)
    approval = lead_erasure_request(acting_user=caller, lead_id=person.lead.pk, reason=REASON)
    assert approval.tenant_id == customer.tenant_id
    assert approval.action_details["scope"] == "tenant"
    assert sorted(approval.approvers) == sorted([str(officers.ana.pk), str(officers.bruno.pk)])

    with django_capture_on_commit_callbacks(execute=True):
        approval_request_decide(
            acting_user=officers.bruno_actor, approval_id=approval.pk, decision="approve"
        )

    assert Lead.objects.get(pk=person.lead.pk).status == "anonimizado"
    other = Lead.objects.get(pk=person.other_lead.pk)
    assert (other.status, other.telefone) == ("novo", "(11) 98765-4321")
