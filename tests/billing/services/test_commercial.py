import pytest

from billing.models import CommercialRequest
from billing.services import commercial_request_advance
from billing.services.commercial import commercial_request_next_statuses
from core.exceptions import ApplicationError, Conflict
from platform_app.models import AuditLog
from tests.billing.conftest import STAFF
from tests.factories import TenantFactory

pytestmark = pytest.mark.django_db


def commercial_request(status="pending", tenant=None):
    return CommercialRequest.objects.create(
        company_name="Padaria Pão Quente",
        contact_name="Rita",
        email="rita@paoquente.com.br",
        whatsapp="+5511999990000",
        status=status,
        tenant=tenant,
    )


def test_the_pipeline_moves_forward_and_each_move_is_audited():
    tenant = TenantFactory()
    row = commercial_request(tenant=tenant)

    for status in ("contacted", "proposal_sent", "closed"):
        commercial_request_advance(acting_user=STAFF, request_id=row.pk, status=status)

    row.refresh_from_db()
    assert row.status == "closed"
    moves = AuditLog.objects.filter(action_type="commercial_request.status_changed")
    assert sorted((log.context["from"], log.context["to"]) for log in moves) == sorted(
        [("pending", "contacted"), ("contacted", "proposal_sent"), ("proposal_sent", "closed")]
    )
    assert {log.tenant_id for log in moves} == {tenant.pk}


def test_null_is_pending_and_may_skip_ahead():
    row = commercial_request(status=None)

    assert commercial_request_next_statuses(row) == [
        "contacted",
        "proposal_sent",
        "closed",
        "cancelled",
    ]
    commercial_request_advance(acting_user=STAFF, request_id=row.pk, status="proposal_sent")

    log = AuditLog.objects.get(action_type="commercial_request.status_changed")
    assert (log.context["from"], log.context["to"], log.tenant_id) == (
        "pending",
        "proposal_sent",
        None,
    )


def test_moving_back_is_refused():
    row = commercial_request(status="proposal_sent")

    with pytest.raises(Conflict) as refusal:
        commercial_request_advance(acting_user=STAFF, request_id=row.pk, status="contacted")

    assert refusal.value.code == "commercial_request_backwards"
    assert refusal.value.message == (
        "A solicitação está proposta enviada: ela só avança "
        "(pendente → contatado → proposta enviada → fechado) ou é cancelada."
    )
    row.refresh_from_db()
    assert row.status == "proposal_sent"
    assert not AuditLog.objects.exists()


@pytest.mark.parametrize("status", ["pending", "contacted", "proposal_sent"])
def test_any_open_request_can_be_cancelled(status):
    row = commercial_request(status=status)

    commercial_request_advance(acting_user=STAFF, request_id=row.pk, status="cancelled")

    row.refresh_from_db()
    assert row.status == "cancelled"


@pytest.mark.parametrize(("status", "label"), [("closed", "fechado"), ("cancelled", "cancelado")])
def test_a_closed_or_cancelled_request_no_longer_moves(status, label):
    row = commercial_request(status=status)

    with pytest.raises(Conflict) as refusal:
        commercial_request_advance(acting_user=STAFF, request_id=row.pk, status="cancelled")

    assert (refusal.value.code, refusal.value.message) == (
        "commercial_request_closed",
        f"A solicitação já está {label}: não muda mais.",
    )
    assert commercial_request_next_statuses(row) == []


def test_an_unknown_status_is_refused():
    row = commercial_request()

    with pytest.raises(ApplicationError) as refusal:
        commercial_request_advance(acting_user=STAFF, request_id=row.pk, status="won")

    assert refusal.value.code == "invalid_status"
