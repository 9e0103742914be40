"""Walking the admin as two approvers through a 2-approval request, the requester refused.

Committed (transactional_db), as in production: the approving decision commits, and the
approved price change then runs by itself.
"""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from billing.models import SubscriptionPlan
from platform_app.models import ApprovalDecision, ApprovalRequest, AuditLog
from staff.roles import APPROVERS, TENANT_MANAGERS, sync_staff_groups
from staff.services import staff_link_platform_user
from tests.support.approvals import build_team, delete_committed
from tests.support.auth import StaffClient

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def plan():
    plan = SubscriptionPlan.objects.create(
        name="walk-starter",
        display_name="Starter (walk)",
        price_monthly=Decimal("297.00"),
        price_yearly=Decimal("2970.00"),
    )
    yield plan
    plan.delete()


@pytest.fixture
def people():
    """Ana asks (tenant manager and approver); Bruno and Carla approve; Dani is unlinked."""
    sync_staff_groups()  # a previous transactional test may have flushed the groups
    team = build_team(approvers=2)
    accounts = {}
    for name, user, groups in [
        ("ana", team.requester, [TENANT_MANAGERS, APPROVERS]),
        ("bruno", team.approvers[0], [APPROVERS]),
        ("carla", team.approvers[1], [APPROVERS]),
        ("dani", None, [APPROVERS]),
    ]:
        account = User.objects.create_user(username=name, password="x", is_staff=True)
        account.groups.set(Group.objects.filter(name__in=groups))
        if user is not None:
            staff_link_platform_user(user=account, platform_user_id=user.pk)
        client = StaffClient()
        client.force_login(account)
        accounts[name] = client
    User.objects.create_superuser("root", "root@alquimista.ai", "x")
    yield team, accounts
    delete_committed(team.tenants)


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.text


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_two_approvers_walk_a_price_change_through_the_admin_and_the_requester_is_refused(
    people, plan
):
    team, clients = people
    ana, bruno, carla, dani = (clients[n] for n in ("ana", "bruno", "carla", "dani"))
    plan_url = reverse("admin:billing_subscriptionplan_change", args=[plan.pk])
    inbox = reverse("admin:platform_app_approvalrequest_changelist")

    # Ana asks for new prices from the plan's page.
    request_url = reverse(
        "admin:billing_subscriptionplan_gated_request", args=[plan.pk, "plan.price_change"]
    )
    assert "Solicitar: alterar preços de plano" in page(ana, plan_url)
    assert "2 pessoas diferentes" in page(ana, request_url)
    sent = ana.post(
        request_url,
        {
            "price_monthly": "327,00",
            "price_yearly": "3.270,00",
            "reason": "Reajuste anual pelo IPCA.",
            "approvers": [str(u.pk) for u in team.approvers],
        },
        follow=True,
    )
    approval = ApprovalRequest.objects.get(action_type="plan.price_change")
    decision_url = reverse("admin:platform_app_approvalrequest_change", args=[approval.pk])
    decide_url = reverse("admin:platform_app_approvalrequest_decide", args=[approval.pk])
    assert sent.redirect_chain[-1][0] == decision_url
    assert messages_of(sent) == [
        "Solicitação enviada a 2 aprovador(es). Nada muda até ela ser aprovada."
    ]
    assert (approval.status, approval.required_approvals) == ("pending", 2)
    plan.refresh_from_db()
    assert plan.price_monthly == Decimal("297.00")
    # The plan's page now links to the pending request instead of offering a new one.
    assert "Alterar preços de plano: aguardando aprovação" in page(ana, plan_url)

    # The requester sees no decision buttons, and a forged decision is refused.
    ana_page = page(ana, decision_url)
    assert 'value="approve"' not in ana_page
    assert "Quem solicitou não pode decidir a própria solicitação." in ana_page
    refused = ana.post(decide_url, {"decision": "approve"}, follow=True)
    assert messages_of(refused) == ["Quem solicitou não pode decidir a própria solicitação."]

    # An unlinked approver is told why, and who can link the account.
    dani_page = page(dani, decision_url)
    assert 'value="approve"' not in dani_page
    assert "Peça a um superusuário (root) que a vincule" in dani_page
    assert (
        "Peça a um superusuário (root)"
        in messages_of(dani.post(decide_url, {"decision": "approve"}, follow=True))[0]
    )
    assert not ApprovalDecision.objects.exists()

    # Bruno finds it in his queue, reads it laid out, approves.
    queue = page(bruno, inbox)
    assert "Aguardando minha decisão (1)" in queue and decision_url in queue
    bruno_page = page(bruno, decision_url)
    assert "R$ 297,00</s> → <strong>R$ 327,00" in bruno_page
    assert "Reajuste anual pelo IPCA." in bruno_page
    assert 'value="approve"' in bruno_page and 'value="reject"' in bruno_page
    first = bruno.post(decide_url, {"decision": "approve", "comment": "Ok."}, follow=True)
    assert messages_of(first) == ["Decisão registrada; a solicitação aguarda mais aprovações."]
    plan.refresh_from_db()
    assert plan.price_monthly == Decimal("297.00")

    # Bruno cannot approve twice (his buttons are gone, and a replay is a 409 message).
    assert 'value="approve"' not in page(bruno, decision_url)
    replay = bruno.post(decide_url, {"decision": "approve"}, follow=True)
    assert messages_of(replay) == ["Você já registrou sua decisão sobre esta solicitação."]
    assert "Aguardando minha decisão (1)" not in page(bruno, inbox)

    # Carla gives the second approval: the request is approved and the prices change.
    assert "Aguardando minha decisão (1)" in page(carla, inbox)
    second = carla.post(decide_url, {"decision": "approve"}, follow=True)
    assert messages_of(second) == ["Solicitação aprovada e ação executada."]
    plan.refresh_from_db()
    assert (plan.price_monthly, plan.price_yearly) == (Decimal("327.00"), Decimal("3270.00"))
    approval.refresh_from_db()
    assert approval.status == "approved"
    assert approval.action_details["execution"]["status"] == "succeeded"
    assert list(
        ApprovalDecision.objects.filter(approval=approval)
        .order_by("created_at")
        .values_list("approver_id", "decision")
    ) == [(team.approvers[0].pk, "approve"), (team.approvers[1].pk, "approve")]
    assert set(
        AuditLog.objects.filter(context__approvalId=approval.pk).values_list(
            "action_type", flat=True
        )
    ) == {"approval.created", "approval.approve", "approval.executed"}

    # Afterwards: nobody is offered a decision or a second execution.
    final = page(ana, decision_url)
    assert 'value="approve"' not in final and "Executar" not in final
    assert "executada" in final
    assert "A ação desta solicitação já foi executada." in messages_of(
        ana.post(
            reverse("admin:platform_app_approvalrequest_execute", args=[approval.pk]),
            follow=True,
        )
    )
