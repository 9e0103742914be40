"""The approvals inbox, the decision page, and the gated actions' buttons."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone

from platform_app.models import ApprovalRequest, AuditLog, Tenant
from platform_app.services import approval_request_create, approval_request_decide
from staff.roles import APPROVERS, SUPPORT, TENANT_MANAGERS
from staff.services import staff_link_platform_user
from tests.factories import TenantFactory
from tests.support.approvals import actor

pytestmark = pytest.mark.django_db
INBOX = "admin:platform_app_approvalrequest_changelist"


@pytest.fixture
def login(client):
    def log_in(name, groups, platform_user=None):
        account = User.objects.create_user(username=name, password="x", is_staff=True)
        account.groups.set(Group.objects.filter(name__in=groups))
        if platform_user is not None:
            staff_link_platform_user(user=account, platform_user_id=platform_user.pk)
        client.force_login(account)
        return client

    return log_in


def ask(team, approvers=None, **overrides):
    arguments = {
        "acting_user": actor(team.requester),
        "action_type": "tenant.suspend",
        "resource_type": "tenant",
        "resource_id": str(team.customer.pk),
        "action_details": {"reason": "Inadimplência"},
        "approvers": [u.pk for u in (approvers or team.approvers)],
    } | overrides
    return approval_request_create(**arguments)


def decision_url(approval, view="change"):
    return reverse(f"admin:platform_app_approvalrequest_{view}", args=[approval.pk])


def test_the_inbox_tabs_hold_my_queue_my_requests_and_the_history(team, login):
    mine = ask(team)
    other_customer = TenantFactory()
    not_for_me = ask(team, approvers=team.approvers[1:], resource_id=str(other_customer.pk))
    decided = ask(team, resource_id=str(TenantFactory().pk))
    approval_request_decide(
        acting_user=actor(team.approvers[0]), approval_id=decided.pk, decision="reject"
    )
    client = login("bruno", [APPROVERS], team.approvers[0])

    def listed(tab=None):
        url = reverse(INBOX) + (f"?caixa={tab}" if tab else "")
        response = client.get(url)
        assert response.status_code == 200
        return {row.pk for row in response.context["cl"].result_list}, response.text

    default, text = listed()
    assert default == {mine.pk}
    assert "Aguardando minha decisão (1)" in text
    assert listed("solicitadas")[0] == set()
    assert listed("historico")[0] == {decided.pk}
    assert listed("todas")[0] == {mine.pk, not_for_me.pk, decided.pk}


def test_the_inbox_query_count_is_pinned(team, login, django_assert_num_queries):
    for _ in range(5):
        ask(team, resource_id=str(TenantFactory().pk))
    client = login("bruno", [APPROVERS], team.approvers[0])

    with django_assert_num_queries(14):  # 3 of them: session, user, second factor
        response = client.get(reverse(INBOX) + "?caixa=todas")

    assert len(response.context["cl"].result_list) == 5


def test_the_decision_page_lays_the_request_out_and_edits_nothing(team, login):
    approval = ask(team, required_approvals=1)
    client = login("bruno", [APPROVERS], team.approvers[0])

    page = client.get(decision_url(approval)).text

    assert "Suspender tenant: Cliente Suspensível Ltda" in page
    assert "<dt>Motivo</dt><dd>Inadimplência</dd>" in page
    assert "Ana Solicitante" in page
    assert "expira em 23 h 59 min" in page or "expira em 1 d" in page
    assert page.count("aguardando") == 3
    assert 'value="approve"' in page and 'value="reject"' in page
    assert 'name="status"' not in page and "_save" not in page
    assert client.post(decision_url(approval), {"status": "approved"}).status_code == 405
    assert client.get(reverse("admin:platform_app_approvalrequest_add")).status_code == 403
    assert client.post(decision_url(approval, "delete"), {"post": "yes"}).status_code == 403
    assert ApprovalRequest.objects.get(pk=approval.pk).status == "pending"


def test_a_rejection_with_its_comment_from_the_decision_page(team, login):
    approval = ask(team)
    client = login("bruno", [APPROVERS], team.approvers[0])

    response = client.post(
        decision_url(approval, "decide"),
        {"decision": "reject", "comment": "Cliente pagou ontem."},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == ["Solicitação rejeitada."]
    assert ApprovalRequest.objects.get(pk=approval.pk).status == "rejected"
    assert "Cliente pagou ontem." in response.text
    assert 'value="approve"' not in response.text
    assert "A solicitação já está rejeitada." in response.text


def test_an_expired_request_shows_why_and_a_late_post_expires_it(team, login):
    approval = ask(team)
    ApprovalRequest.objects.filter(pk=approval.pk).update(
        expires_at=timezone.now() - timedelta(hours=2)
    )
    client = login("bruno", [APPROVERS], team.approvers[0])

    page = client.get(decision_url(approval)).text
    late = client.post(decision_url(approval, "decide"), {"decision": "approve"}, follow=True)

    assert 'value="approve"' not in page and "vencida" in page
    assert "não aceita mais decisões" in page
    assert [str(m) for m in late.context["messages"]] == [
        "A solicitação expirou sem as aprovações necessárias e não aceita mais decisões."
    ]
    assert ApprovalRequest.objects.get(pk=approval.pk).status == "expired"


def test_support_reads_the_decision_page_without_buttons(team, login):
    approval = ask(team)
    client = login("suporte", [SUPPORT], team.approvers[0])

    page = client.get(decision_url(approval)).text
    forged = client.post(decision_url(approval, "decide"), {"decision": "approve"})

    assert 'value="approve"' not in page
    assert forged.status_code == 403
    assert not approval.decisions.exists()


def test_the_requester_cancels_from_the_decision_page(team, login):
    approval = ask(team)
    client = login("ana", [TENANT_MANAGERS], team.requester)

    assert "Cancelar minha solicitação" in client.get(decision_url(approval)).text
    response = client.post(decision_url(approval, "cancel"), follow=True)

    assert [str(m) for m in response.context["messages"]] == ["Solicitação cancelada."]
    assert ApprovalRequest.objects.get(pk=approval.pk).status == "cancelled"
    assert "Cancelar minha solicitação" not in response.text


def test_the_expire_action_reports_how_many(team, login):
    due = [ask(team, resource_id=str(TenantFactory().pk)) for _ in range(2)]
    fresh = ask(team)
    ApprovalRequest.objects.filter(pk__in=[a.pk for a in due]).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    client = login("bruno", [APPROVERS], team.approvers[0])

    response = client.post(
        reverse(INBOX) + "?caixa=todas",
        {
            "action": "expire_due",
            "_selected_action": [a.pk for a in [*due, fresh]],
        },
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        "2 solicitação(ões) vencida(s) marcada(s) como expirada(s)."
    ]
    assert AuditLog.objects.filter(action_type="approval.expired").count() == 2
    assert ApprovalRequest.objects.get(pk=fresh.pk).status == "pending"


def test_the_tenant_page_asks_for_a_suspension_instead_of_suspending(team, login):
    client = login("ana", [TENANT_MANAGERS], team.requester)
    tenant_url = reverse("admin:platform_app_tenant_change", args=[team.customer.pk])
    request_url = reverse(
        "admin:platform_app_tenant_gated_request", args=[team.customer.pk, "tenant.suspend"]
    )

    assert "Solicitar: suspender tenant" in client.get(tenant_url).text
    form = client.get(request_url).text
    assert form.count('name="approvers"') == 3
    response = client.post(
        request_url,
        {"reason": "Contrato encerrado.", "approvers": [str(team.approvers[0].pk)]},
        follow=True,
    )

    approval = ApprovalRequest.objects.get()
    assert response.redirect_chain[-1][0] == decision_url(approval)
    assert approval.approvers == [str(team.approvers[0].pk)]
    assert approval.action_details["reason"] == "Contrato encerrado."
    assert Tenant.objects.get(pk=team.customer.pk).subscription_status == "active"
    page = client.get(tenant_url).text
    assert "Suspender tenant: aguardando aprovação" in page
    assert decision_url(approval) in page


def test_no_suspension_button_where_the_action_cannot_apply(team, login):
    Tenant.objects.filter(pk=team.customer.pk).update(subscription_status="suspended")
    client = login("ana", [TENANT_MANAGERS], team.requester)

    suspended = client.get(reverse("admin:platform_app_tenant_change", args=[team.customer.pk]))
    internal = client.get(reverse("admin:platform_app_tenant_change", args=[team.internal.pk]))
    form = client.get(
        reverse(
            "admin:platform_app_tenant_gated_request", args=[team.customer.pk, "tenant.suspend"]
        )
    )

    assert "Solicitar: suspender tenant" not in suspended.text
    assert "Solicitar: suspender tenant" not in internal.text
    assert (
        "O tenant já está suspenso." in form.text
        and "<form" not in form.text.split('id="content-main"')[1]
    )


def test_an_unlinked_account_is_told_why_on_the_request_form(team, login):
    User.objects.create_superuser("root", "root@alquimista.ai", "x")
    client = login("sem-vinculo", [TENANT_MANAGERS])

    form = client.get(
        reverse(
            "admin:platform_app_tenant_gated_request", args=[team.customer.pk, "tenant.suspend"]
        )
    )
    posted = client.post(
        reverse(
            "admin:platform_app_tenant_gated_request", args=[team.customer.pk, "tenant.suspend"]
        ),
        {"reason": "x", "approvers": [str(team.approvers[0].pk)]},
    )

    assert "Peça a um superusuário (root) que a vincule" in form.text
    assert "Peça a um superusuário (root) que a vincule" in posted.text
    assert not ApprovalRequest.objects.exists()


def test_a_nul_byte_in_the_id_is_a_404(login):
    client = login("bruno", [APPROVERS])

    response = client.get("/admin/platform_app/approvalrequest/a%00b/change/")

    assert response.status_code == 404
