"""Recording and withdrawing a lead's consent."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.exceptions import ApplicationError, Conflict, NotFound
from nigredo.models import Lead
from nigredo.services import lead_consent_record, lead_consent_withdraw
from platform_app.actors import Actor
from platform_app.models import PUBLIC_FORM_TENANT_ID, AuditLog
from tests.factories import LeadFactory, PlatformUserFactory, TenantFactory

pytestmark = pytest.mark.django_db


def consent_of(lead):
    return Lead.objects.values_list(
        "consent_given", "consent_date", "consent_source", "consent_ip_address"
    ).get(pk=lead.pk)


def test_recording_consent_sets_its_columns_and_audits_without_personal_data(staff_actor):
    lead = LeadFactory()
    before = timezone.now()

    recorded = lead_consent_record(
        acting_user=staff_actor, lead_id=lead.pk, source=" api ", ip_address="2001:DB8::0001"
    )

    given, date, source, address = consent_of(lead)
    assert (given, source, address) == (True, "api", "2001:db8::1")
    assert before <= date <= timezone.now() and recorded.consent_date == date
    (row,) = AuditLog.objects.filter(action_type="consent.recorded")
    assert row.tenant_id == lead.tenant_id and row.user_id is None
    assert row.context == {
        "leadId": str(lead.pk),
        "source": "api",
        "consentDate": date.isoformat(),
        "ipRecorded": True,
        "staff": "suporte",
    }


@pytest.mark.parametrize(
    ("arguments", "code", "message"),
    [
        ({"source": "  "}, "consent_source_required", "Informe a origem do consentimento."),
        (
            {"source": "x" * 101},
            "consent_source_too_long",
            "A origem do consentimento tem no máximo 100 caracteres.",
        ),
        (
            {"source": "api", "ip_address": "300.1.1.1"},
            "invalid_ip_address",
            "Informe um endereço IP válido (IPv4 ou IPv6).",
        ),
        (
            {"source": "api", "given_at": timezone.now() + timedelta(hours=1)},
            "consent_date_in_future",
            "A data do consentimento não pode estar no futuro.",
        ),
    ],
)
def test_invalid_consent_is_refused_and_nothing_is_written(staff_actor, arguments, code, message):
    lead = LeadFactory()

    with pytest.raises(ApplicationError) as refused:
        lead_consent_record(acting_user=staff_actor, lead_id=lead.pk, **arguments)

    assert (refused.value.code, refused.value.message) == (code, message)
    assert consent_of(lead) == (False, None, None, None)
    assert not AuditLog.objects.exists()


def test_withdrawal_keeps_the_record_of_what_was_given_and_is_audited(staff_actor):
    lead = LeadFactory(metadata={"cidade": "Curitiba"})
    lead_consent_record(
        acting_user=staff_actor, lead_id=lead.pk, source="api", ip_address="1.2.3.4"
    )

    lead_consent_withdraw(acting_user=staff_actor, lead_id=lead.pk)

    lead.refresh_from_db()
    assert (lead.consent_given, lead.consent_source, lead.consent_ip_address) == (
        False,
        "api",
        "1.2.3.4",
    )
    withdrawal = lead.metadata["consent_withdrawal"]
    assert lead.metadata["cidade"] == "Curitiba"
    row = AuditLog.objects.get(action_type="consent.withdrawn")
    assert str(row.trace_id) == withdrawal["trace_id"]
    assert row.context == {"leadId": str(lead.pk), "source": "api", "staff": "suporte"}

    with pytest.raises(Conflict) as again:
        lead_consent_withdraw(acting_user=staff_actor, lead_id=lead.pk)
    assert again.value.message == "O lead não tem consentimento registrado."
    assert AuditLog.objects.filter(action_type="consent.withdrawn").count() == 1


def test_a_public_form_lead_is_audited_without_a_tenant(staff_actor):
    lead = LeadFactory(tenant_id=PUBLIC_FORM_TENANT_ID, tenant=None)

    lead_consent_record(acting_user=staff_actor, lead_id=lead.pk, source="formulario_site")

    assert AuditLog.objects.get(action_type="consent.recorded").tenant_id is None


def test_a_customer_tenant_user_acts_on_its_own_tenant_leads_only():
    user = PlatformUserFactory()
    own, other = LeadFactory(tenant=user.tenant), LeadFactory(tenant=TenantFactory())
    caller = Actor(platform_user_id=user.pk, tenant_id=user.tenant_id)

    lead_consent_record(acting_user=caller, lead_id=own.pk, source="api")
    with pytest.raises(NotFound) as refused:
        lead_consent_record(acting_user=caller, lead_id=other.pk, source="api")

    assert refused.value.message == "Lead não encontrado."
    assert consent_of(other)[0] is False
    assert AuditLog.objects.get().user_id == user.pk
