import pytest
from django.urls import reverse

from billing.models import CommercialRequest
from platform_app.models import AuditLog
from staff.roles import TENANT_MANAGERS
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client):
    client.force_login(StaffUserFactory(groups=[TENANT_MANAGERS]))
    return client


def request_row(status):
    return CommercialRequest.objects.create(
        company_name="Padaria Pão Quente",
        contact_name="Rita",
        email="rita@paoquente.com.br",
        whatsapp="+5511999990000",
        status=status,
    )


def advance_url(row, status):
    return reverse(
        "admin:billing_commercialrequest_advance",
        kwargs={"object_id": str(row.pk), "status": status},
    )


def test_a_null_status_is_shown_and_filtered_as_pending(manager):
    row = request_row(None)
    changelist = reverse("admin:billing_commercialrequest_changelist")

    listing = manager.get(changelist, {"status": "pending"})
    page = manager.get(reverse("admin:billing_commercialrequest_change", args=[row.pk]))

    assert row in listing.context["cl"].result_list
    assert "pendente" in page.text
    assert advance_url(row, "contacted") in page.text
    assert advance_url(row, "cancelled") in page.text


def test_moving_a_request_forward_is_confirmed_then_audited(manager):
    row = request_row("contacted")

    confirm = manager.get(advance_url(row, "proposal_sent"))
    done = manager.post(advance_url(row, "proposal_sent"), {}, follow=True)

    assert "Marcar como proposta enviada: Padaria Pão Quente" in confirm.text
    assert "Solicitação de Padaria Pão Quente: proposta enviada." in [
        str(m) for m in done.context["messages"]
    ]
    row.refresh_from_db()
    assert row.status == "proposal_sent"
    assert AuditLog.objects.filter(action_type="commercial_request.status_changed").count() == 1


def test_moving_back_is_refused_with_the_message(manager):
    row = request_row("proposal_sent")

    done = manager.post(advance_url(row, "contacted"), {}, follow=True)

    assert [str(m) for m in done.context["messages"]] == [
        "A solicitação está proposta enviada: ela só avança "
        "(pendente → contatado → proposta enviada → fechado) ou é cancelada."
    ]
    row.refresh_from_db()
    assert row.status == "proposal_sent"
