import re
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from core.exceptions import ApplicationError, Conflict, Gone, NotFound, PermissionDenied
from platform_app.actors import Actor
from platform_app.models import (
    ApprovalDecision,
    ApprovalRequest,
    AuditLog,
    Notification,
    PlatformUser,
)
from platform_app.services import (
    approval_request_cancel,
    approval_request_create,
    approval_request_decide,
    approval_request_execute,
    approval_requests_expire_due,
)
from tests.factories import PlatformUserFactory, TenantFactory
from tests.support.approvals import actor

pytestmark = pytest.mark.django_db
UNLINKED = Actor(staff_username="sem.vinculo")


def request_by(team, *, approvers=None, required=1, **overrides):
    """A customer-style request from the team's requester (an action nothing executes)."""
    arguments = {
        "acting_user": actor(team.requester, "ana"),
        "action_type": "campanha.ativar",
        "resource_type": "campanha",
        "resource_id": "42",
        "action_details": {"canal": "email", "leadsAlvo": 340},
        "approvers": [getattr(u, "pk", u) for u in (approvers or team.approvers)],
        "required_approvals": required,
    } | overrides
    return approval_request_create(**arguments)


def nothing_written():
    return (
        ApprovalRequest.objects.count(),
        AuditLog.objects.count(),
        Notification.objects.count(),
        ApprovalDecision.objects.count(),
    ) == (0, 0, 0, 0)


def audit_rows(approval, action):
    return list(AuditLog.objects.filter(action_type=action, context__approvalId=approval.pk))


# Creation ------------------------------------------------------------------------------


def test_a_request_is_stored_as_production_stores_it_audited_and_notified(team):
    # when
    before = timezone.now()
    approval = request_by(team, required=2)
    # then
    assert re.fullmatch(
        r"approval-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", approval.pk
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT approvers, status, required_approvals, tenant_id, requested_by"
            " FROM alquimista_platform.approval_requests WHERE id = %s",
            [approval.pk],
        )
        approvers, status, required, tenant_id, requested_by = cursor.fetchone()
    ids = [str(u.pk) for u in team.approvers]
    assert approvers == '["' + '","'.join(ids) + '"]'
    assert (status, required, tenant_id, requested_by) == (
        "pending",
        2,
        team.internal.pk,
        team.requester.pk,
    )
    assert (
        before + timedelta(hours=24) <= approval.expires_at <= timezone.now() + timedelta(hours=24)
    )
    assert approval.created_at is not None

    (log,) = audit_rows(approval, "approval.created")
    assert (log.user_id, log.tenant_id, log.result) == (
        team.requester.pk,
        team.internal.pk,
        "success",
    )
    assert log.context == {
        "approvalId": approval.pk,
        "actionType": "campanha.ativar",
        "resourceType": "campanha",
        "resourceId": "42",
        "requiredApprovals": 2,
        "approvers": ids,
        "staff": "ana",
    }
    notifications = Notification.objects.filter(type="approval_required").order_by("id")
    assert [n.user_id for n in notifications] == [u.pk for u in team.approvers]
    assert {(n.title, n.message, n.read) for n in notifications} == {
        ("Approval Required", 'Action "campanha.ativar" requires your approval', False)
    }
    assert notifications[0].metadata == {
        "approvalId": approval.pk,
        "actionType": "campanha.ativar",
        "resourceType": "campanha",
        "resourceId": "42",
        "requestedBy": str(team.requester.pk),
    }


def test_the_requester_and_repeated_ids_are_left_out_of_the_approvers(team):
    listed = [team.requester.pk, team.approvers[0].pk, str(team.approvers[0].pk)]

    approval = approval_request_create(
        acting_user=actor(team.requester),
        action_type="lead.exportar",
        resource_type="export",
        action_details={},
        approvers=listed,
    )

    assert approval.approvers == [str(team.approvers[0].pk)]
    assert Notification.objects.filter(user=team.requester).count() == 0


def test_a_customer_request_may_name_its_own_users_and_the_internal_team(team):
    customer_requester = PlatformUserFactory(tenant=team.customer)
    colleague = PlatformUserFactory(tenant=team.customer)

    approval = approval_request_create(
        acting_user=actor(customer_requester),
        action_type="lead.exportar",
        resource_type="export",
        action_details={"formato": "csv"},
        approvers=[colleague.pk, team.approvers[0].pk],
        required_approvals=2,
    )

    assert approval.tenant_id == team.customer.pk
    assert approval.approvers == [str(colleague.pk), str(team.approvers[0].pk)]


@pytest.mark.parametrize(
    ("case", "code", "message"),
    [
        ("unknown approver", "approver_not_found", "Aprovador não encontrado."),
        ("inactive approver", "approver_inactive", "Aprovador não está ativo."),
        (
            "other tenant's approver",
            "approver_wrong_tenant",
            "Aprovador não pertence ao tenant da solicitação nem à equipe interna.",
        ),
        (
            "only the requester",
            "not_enough_approvers",
            "Indique pelo menos 1 aprovador(es) além de quem solicita.",
        ),
        (
            "one approver for two approvals",
            "not_enough_approvers",
            "Indique pelo menos 2 aprovador(es) além de quem solicita.",
        ),
        (
            "three approvals",
            "invalid_required_approvals",
            "O número de aprovações necessárias deve ser 1 ou 2.",
        ),
        (
            "expiry in the past",
            "invalid_expires_at",
            "O prazo deve estar no futuro e em no máximo 30 dias.",
        ),
        (
            "details not an object",
            "invalid_action_details",
            "Os detalhes da ação devem ser um objeto.",
        ),
        (
            "reserved details key",
            "invalid_action_details",
            "A chave 'execution' dos detalhes é reservada ao registro da execução.",
        ),
        ("bad approver id", "invalid_approver", "Aprovador com id inválido."),
    ],
)
def test_creation_refusals_write_nothing(team, case, code, message):
    approver = team.approvers[0]
    arguments = {
        "unknown approver": {"approvers": ["5f8a3d2e-0000-4000-8000-000000000000"]},
        "inactive approver": {
            "approvers": [PlatformUserFactory(tenant=team.internal, status="inactive").pk]
        },
        "other tenant's approver": {"approvers": [PlatformUserFactory().pk]},
        "only the requester": {"approvers": [team.requester.pk]},
        "one approver for two approvals": {"approvers": [approver.pk], "required_approvals": 2},
        "three approvals": {"required_approvals": 3},
        "expiry in the past": {"expires_at": timezone.now() - timedelta(minutes=1)},
        "details not an object": {"action_details": ["a"]},
        "reserved details key": {"action_details": {"execution": {"status": "succeeded"}}},
        "bad approver id": {"approvers": ["not-a-uuid"]},
    }[case]
    users_before = PlatformUser.objects.count()

    with pytest.raises(ApplicationError) as refusal:
        request_by(team, **arguments)

    assert (refusal.value.code, refusal.value.message) == (code, message)
    assert nothing_written()
    assert PlatformUser.objects.count() == users_before


def test_an_unlinked_staff_account_cannot_request(team):
    with pytest.raises(PermissionDenied) as refusal:
        request_by(team, acting_user=UNLINKED)

    assert refusal.value.code == "actor_not_linked"
    assert refusal.value.message == (
        "Sua conta da equipe não está vinculada a um usuário da plataforma, por isso não pode "
        "solicitar nem decidir aprovações. Peça a um superusuário que a vincule."
    )
    assert nothing_written()


# Decisions -----------------------------------------------------------------------------


def test_one_approval_approves_and_the_requester_is_notified(team):
    approval = request_by(team)
    approver = team.approvers[1]

    outcome = approval_request_decide(
        acting_user=actor(approver, "bruno"),
        approval_id=approval.pk,
        decision="approve",
        comment="Ok, pode seguir (falei com o cliente pelo telefone 11 99999-0000).",
    )

    assert (outcome.approval.status, outcome.can_execute) == ("approved", True)
    approval.refresh_from_db()
    assert approval.status == "approved"
    assert approval.updated_at > approval.created_at
    decision = ApprovalDecision.objects.get(approval=approval)
    assert (decision.approver_id, decision.decision) == (approver.pk, "approve")
    assert decision.comment.startswith("Ok, pode seguir")
    (log,) = audit_rows(approval, "approval.approve")
    assert log.user_id == approver.pk
    assert log.context == {
        "approvalId": approval.pk,
        "actionType": "campanha.ativar",
        "decision": "approve",
        "approvalStatus": "approved",
        "staff": "bruno",
    }
    (notice,) = Notification.objects.filter(user=team.requester)
    assert (notice.type, notice.title, notice.message) == (
        "approval_approved",
        "Approval Approved",
        'Your request for action "campanha.ativar" was approved',
    )
    assert notice.metadata["approvalId"] == approval.pk


def test_two_approvals_need_two_different_approvers(team):
    approval = request_by(team, required=2)
    first, second = team.approvers[:2]

    after_first = approval_request_decide(
        acting_user=actor(first), approval_id=approval.pk, decision="approve"
    )
    with pytest.raises(Conflict) as again:
        approval_request_decide(
            acting_user=actor(first), approval_id=approval.pk, decision="approve"
        )
    after_second = approval_request_decide(
        acting_user=actor(second), approval_id=approval.pk, decision="approve"
    )

    assert (after_first.approval.status, after_first.can_execute) == ("pending", False)
    assert (again.value.status, again.value.code) == (409, "approval_already_decided")
    assert again.value.message == "Você já registrou sua decisão sobre esta solicitação."
    assert after_second.approval.status == "approved"
    assert ApprovalDecision.objects.filter(approval=approval).count() == 2
    assert [log.context["approvalStatus"] for log in audit_rows(approval, "approval.approve")] in (
        ["pending", "approved"],
        ["approved", "pending"],
    )
    assert Notification.objects.filter(user=team.requester, type="approval_approved").count() == 1


def test_one_rejection_rejects(team):
    approval = request_by(team, required=2)
    approval_request_decide(
        acting_user=actor(team.approvers[0]), approval_id=approval.pk, decision="approve"
    )

    outcome = approval_request_decide(
        acting_user=actor(team.approvers[1]),
        approval_id=approval.pk,
        decision="reject",
        comment="Sem orçamento.",
    )

    assert outcome.approval.status == "rejected"
    (log,) = audit_rows(approval, "approval.reject")
    assert "comment" not in log.context and "Sem orçamento." not in str(log.context)
    assert log.context["decision"] == "reject"
    (notice,) = Notification.objects.filter(user=team.requester)
    assert (notice.type, notice.title, notice.message) == (
        "approval_rejected",
        "Approval Rejected",
        'Your request for action "campanha.ativar" was rejected',
    )


@pytest.mark.parametrize(
    ("who", "error", "code", "message"),
    [
        (
            "requester",
            PermissionDenied,
            "requester_cannot_decide",
            "Quem solicitou não pode decidir a própria solicitação.",
        ),
        (
            "internal colleague not listed",
            PermissionDenied,
            "not_an_approver",
            "Você não está entre os aprovadores desta solicitação.",
        ),
        (
            "another tenant's user",
            NotFound,
            "approval_not_found",
            "Solicitação de aprovação não encontrada.",
        ),
        (
            "unlinked staff",
            PermissionDenied,
            "actor_not_linked",
            "Sua conta da equipe não está vinculada a um usuário da plataforma, por isso não "
            "pode solicitar nem decidir aprovações. Peça a um superusuário que a vincule.",
        ),
    ],
)
def test_only_a_listed_approver_decides(team, who, error, code, message):
    approval = request_by(team, approvers=team.approvers[:2])
    acting_user = {
        "requester": lambda: actor(team.requester),
        "internal colleague not listed": lambda: actor(team.approvers[2]),
        "another tenant's user": lambda: actor(PlatformUserFactory(tenant=TenantFactory())),
        "unlinked staff": lambda: UNLINKED,
    }[who]()

    with pytest.raises(error) as refusal:
        approval_request_decide(
            acting_user=acting_user, approval_id=approval.pk, decision="approve"
        )

    assert (refusal.value.code, refusal.value.message) == (code, message)
    assert not ApprovalDecision.objects.exists()
    assert ApprovalRequest.objects.get(pk=approval.pk).status == "pending"


def test_the_requester_cannot_decide_even_when_listed_by_hand(team):
    approval = request_by(team)
    ApprovalRequest.objects.filter(pk=approval.pk).update(approvers=f'["{team.requester.pk}"]')

    with pytest.raises(PermissionDenied) as refusal:
        approval_request_decide(
            acting_user=actor(team.requester), approval_id=approval.pk, decision="approve"
        )

    assert refusal.value.code == "requester_cannot_decide"


def test_an_inactive_approver_cannot_decide(team):
    approval = request_by(team)
    PlatformUser.objects.filter(pk=team.approvers[0].pk).update(status="suspended")

    with pytest.raises(PermissionDenied) as refusal:
        approval_request_decide(
            acting_user=actor(team.approvers[0]), approval_id=approval.pk, decision="approve"
        )

    assert refusal.value.code == "approver_inactive"


def test_a_request_that_is_not_pending_takes_no_decision(team):
    approval = request_by(team)
    approval_request_decide(
        acting_user=actor(team.approvers[0]), approval_id=approval.pk, decision="reject"
    )

    with pytest.raises(Conflict) as refusal:
        approval_request_decide(
            acting_user=actor(team.approvers[1]), approval_id=approval.pk, decision="approve"
        )

    assert (refusal.value.code, refusal.value.message) == (
        "approval_not_pending",
        "A solicitação já está rejeitada.",
    )
    assert ApprovalDecision.objects.filter(approval=approval).count() == 1


def test_an_unknown_decision_or_request_is_refused(team):
    approval = request_by(team)
    approver = actor(team.approvers[0])

    with pytest.raises(ApplicationError) as bad_decision:
        approval_request_decide(acting_user=approver, approval_id=approval.pk, decision="maybe")
    with pytest.raises(NotFound) as missing:
        approval_request_decide(acting_user=approver, approval_id="approval-x", decision="approve")

    with pytest.raises(ApplicationError) as long_comment:
        approval_request_decide(
            acting_user=approver, approval_id=approval.pk, decision="approve", comment="x" * 5001
        )

    assert bad_decision.value.code == "invalid_decision"
    assert long_comment.value.code == "comment_too_long"
    assert not ApprovalDecision.objects.exists()
    assert missing.value.code == "approval_not_found"


def test_a_decision_past_expiry_expires_the_request_and_is_refused(team):
    approval = request_by(team)
    ApprovalRequest.objects.filter(pk=approval.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    with pytest.raises(Gone) as refusal:
        approval_request_decide(
            acting_user=actor(team.approvers[0]), approval_id=approval.pk, decision="approve"
        )

    assert (refusal.value.status, refusal.value.code) == (410, "approval_expired")
    assert ApprovalRequest.objects.get(pk=approval.pk).status == "expired"
    assert not ApprovalDecision.objects.exists()
    assert len(audit_rows(approval, "approval.expired")) == 1
    (notice,) = Notification.objects.filter(user=team.requester)
    assert (notice.type, notice.title, notice.message) == (
        "approval_expired",
        "Approval Expired",
        'Your request for action "campanha.ativar" expired without a decision',
    )


# Cancellation --------------------------------------------------------------------------


def test_the_requester_cancels_a_pending_request(team):
    approval = request_by(team)

    cancelled = approval_request_cancel(acting_user=actor(team.requester), approval_id=approval.pk)

    assert cancelled.status == "cancelled"
    assert ApprovalRequest.objects.get(pk=approval.pk).status == "cancelled"
    (log,) = audit_rows(approval, "approval.cancelled")
    assert log.context == {"approvalId": approval.pk, "actionType": "campanha.ativar"}
    assert log.user_id == team.requester.pk


def test_only_the_requester_cancels_and_only_while_pending(team):
    approval = request_by(team)

    with pytest.raises(PermissionDenied) as not_requester:
        approval_request_cancel(acting_user=actor(team.approvers[0]), approval_id=approval.pk)
    with pytest.raises(PermissionDenied) as unlinked:
        approval_request_cancel(acting_user=UNLINKED, approval_id=approval.pk)
    approval_request_cancel(acting_user=actor(team.requester), approval_id=approval.pk)
    with pytest.raises(Conflict) as twice:
        approval_request_cancel(acting_user=actor(team.requester), approval_id=approval.pk)

    assert (not_requester.value.code, not_requester.value.message) == (
        "not_the_requester",
        "Somente quem solicitou pode cancelar esta aprovação.",
    )
    assert unlinked.value.code == "actor_not_linked"
    assert (twice.value.code, twice.value.message) == (
        "approval_not_pending",
        "Não é possível cancelar uma aprovação cancelada.",
    )
    assert len(audit_rows(approval, "approval.cancelled")) == 1


# Expiry --------------------------------------------------------------------------------


def test_expire_approvals_expires_every_pending_request_past_due(team):
    from io import StringIO

    from django.core.management import call_command

    due = [request_by(team, resource_id=str(n)) for n in range(2)]
    fresh = request_by(team, resource_id="fresh")
    decided = request_by(team, resource_id="decided")
    approval_request_decide(
        acting_user=actor(team.approvers[0]), approval_id=decided.pk, decision="approve"
    )
    past = timezone.now() - timedelta(minutes=5)
    ApprovalRequest.objects.filter(pk__in=[a.pk for a in [*due, decided]]).update(expires_at=past)
    Notification.objects.all().delete()
    out = StringIO()

    call_command("expire_approvals", stdout=out)
    again = approval_requests_expire_due(acting_user=Actor())

    assert out.getvalue() == "2 approval request(s) expired.\n"
    assert again == 0
    statuses = dict(ApprovalRequest.objects.values_list("pk", "status"))
    assert [statuses[a.pk] for a in [*due, fresh, decided]] == [
        "expired",
        "expired",
        "pending",
        "approved",
    ]
    assert AuditLog.objects.filter(action_type="approval.expired").count() == 2
    assert (
        list(Notification.objects.values_list("user_id", "type"))
        == [(team.requester.pk, "approval_expired")] * 2
    )


# Execution of back-office actions ------------------------------------------------------


def test_an_action_nothing_executes_is_not_executable(team):
    approval = request_by(team)
    approval_request_decide(
        acting_user=actor(team.approvers[0]), approval_id=approval.pk, decision="approve"
    )

    with pytest.raises(Conflict) as refusal:
        approval_request_execute(acting_user=actor(team.requester), approval_id=approval.pk)

    assert refusal.value.code == "approval_not_executable"
    assert "execution" not in ApprovalRequest.objects.get(pk=approval.pk).action_details
