"""Approval-gated back-office actions: requested instead of done, executed once approved."""

import dataclasses
from datetime import timedelta

import pytest
from django.utils import timezone

from core.exceptions import ApplicationError, Conflict, NotFound, PermissionDenied
from platform_app.models import ApprovalRequest, AuditLog, Tenant
from platform_app.services import (
    approval_request_create,
    approval_request_decide,
    approval_request_execute,
    tenant_reactivate,
    tenant_suspend,
)
from platform_app.services.approval_actions import gated_action_for, gated_actions
from tests.factories import PlatformUserFactory
from tests.support.approvals import actor

pytestmark = pytest.mark.django_db


def request_suspension(team, **overrides):
    arguments = {
        "acting_user": actor(team.requester, "ana"),
        "action_type": "tenant.suspend",
        "resource_type": "tenant",
        "resource_id": str(team.customer.pk),
        "action_details": {"reason": "Inadimplência há 90 dias"},
        "approvers": [u.pk for u in team.approvers],
    } | overrides
    return approval_request_create(**arguments)


def status_of(tenant):
    return Tenant.objects.values_list("subscription_status", flat=True).get(pk=tenant.pk)


def test_the_registry_holds_the_platform_billing_and_lgpd_actions():
    assert [action.action_type for action in gated_actions()] == [
        "lgpd.direito_esquecimento",
        "plan.price_change",
        "tenant.suspend",
    ]
    assert gated_action_for("tenant.suspend").required_approvals == 1
    assert gated_action_for("plan.price_change").required_approvals == 2
    # Registered by nigredo (nigredo.services.erasure); its tests are there.
    assert gated_action_for("lgpd.direito_esquecimento").resource_type == "lead"
    assert ApprovalRequest.ActionType.LGPD_ERASURE == "lgpd.direito_esquecimento"


def test_asking_for_a_suspension_creates_a_request_and_changes_nothing_yet(team):
    approval = request_suspension(team)

    assert approval.tenant_id == team.internal.pk
    assert approval.required_approvals == 1
    assert approval.action_details == {
        "tenantId": str(team.customer.pk),
        "companyName": "Cliente Suspensível Ltda",
        "reason": "Inadimplência há 90 dias",
    }
    assert status_of(team.customer) == "active"


def test_the_approved_suspension_runs_once_the_decision_commits(
    team, django_capture_on_commit_callbacks
):
    approval = request_suspension(team)
    approver = team.approvers[0]

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        approval_request_decide(
            acting_user=actor(approver, "bruno"), approval_id=approval.pk, decision="approve"
        )
        assert status_of(team.customer) == "active"  # not before the decision commits

    assert len(callbacks) == 1
    assert status_of(team.customer) == "suspended"
    approval.refresh_from_db()
    assert approval.status == "approved"
    execution = approval.action_details["execution"]
    assert execution["status"] == "succeeded"
    assert (execution["attempts"], execution["executedBy"]) == (1, str(approver.pk))
    assert execution["result"] == {
        "tenantId": str(team.customer.pk),
        "subscriptionStatus": "suspended",
    }
    assert approval.action_details["reason"] == "Inadimplência há 90 dias"
    (executed,) = AuditLog.objects.filter(action_type="approval.executed")
    assert (executed.result, executed.user_id, executed.error_message) == (
        "success",
        approver.pk,
        None,
    )
    assert executed.context == {
        "approvalId": approval.pk,
        "actionType": "tenant.suspend",
        "attempt": 1,
        "result": execution["result"],
        "staff": "bruno",
    }
    suspended = AuditLog.objects.get(action_type="tenant.suspended")
    assert suspended.tenant_id == team.customer.pk

    with pytest.raises(Conflict) as again:
        approval_request_execute(acting_user=actor(team.requester), approval_id=approval.pk)
    assert (again.value.code, again.value.message) == (
        "approval_already_executed",
        "A ação desta solicitação já foi executada.",
    )
    assert AuditLog.objects.filter(action_type="tenant.suspended").count() == 1


def test_a_failed_execution_is_recorded_and_can_be_retried(
    team, django_capture_on_commit_callbacks
):
    approval = request_suspension(team)
    # Someone suspends the tenant by other means before the approval arrives.
    tenant_suspend(acting_user=actor(team.requester), tenant_id=team.customer.pk)

    with django_capture_on_commit_callbacks(execute=True):
        approval_request_decide(
            acting_user=actor(team.approvers[0]), approval_id=approval.pk, decision="approve"
        )

    approval.refresh_from_db()
    assert approval.status == "approved"
    execution = approval.action_details["execution"]
    assert (execution["status"], execution["attempts"]) == ("failed", 1)
    assert execution["error"] == "tenant_already_suspended: O tenant já está suspenso."
    failed = AuditLog.objects.get(action_type="approval.executed")
    assert (failed.result, failed.error_message) == ("failure", execution["error"])

    tenant_reactivate(acting_user=actor(team.requester), tenant_id=team.customer.pk)
    retried = approval_request_execute(
        acting_user=actor(team.approvers[1]), approval_id=approval.pk
    )

    assert retried.action_details["execution"]["status"] == "succeeded"
    assert retried.action_details["execution"]["attempts"] == 2
    assert "error" not in retried.action_details["execution"]
    assert status_of(team.customer) == "suspended"
    assert list(
        AuditLog.objects.filter(action_type="approval.executed")
        .order_by("context__attempt")
        .values_list("result", flat=True)
    ) == ["failure", "success"]


def test_an_executor_error_raises_and_its_writes_are_rolled_back(team, monkeypatch):
    approval = request_suspension(team)
    approval_request_decide(
        acting_user=actor(team.approvers[0]), approval_id=approval.pk, decision="approve"
    )

    from platform_app.services import approval_actions

    def broken(**kwargs):
        tenant_suspend(acting_user=kwargs["acting_user"], tenant_id=team.customer.pk)
        raise RuntimeError("provider down")

    monkeypatch.setitem(
        approval_actions._registry,
        "tenant.suspend",
        dataclasses.replace(approval_actions.TENANT_SUSPEND, execute=broken),
    )

    with pytest.raises(ApplicationError) as failure:
        approval_request_execute(acting_user=actor(team.requester), approval_id=approval.pk)

    assert (failure.value.status, failure.value.code) == (500, "approval_execution_failed")
    assert status_of(team.customer) == "active"  # the executor's write was undone
    approval.refresh_from_db()
    assert approval.action_details["execution"]["error"] == "RuntimeError: provider down"
    assert not AuditLog.objects.filter(action_type="tenant.suspended").exists()


@pytest.mark.parametrize(
    ("case", "error", "code"),
    [
        ("not approved", Conflict, "approval_not_approved"),
        ("outsider colleague", PermissionDenied, "not_allowed_to_execute"),
    ],
)
def test_execution_refusals(team, case, error, code):
    approval = request_suspension(team, approvers=[u.pk for u in team.approvers[:2]])
    who = team.requester if case == "not approved" else team.approvers[2]

    with pytest.raises(error) as refusal:
        approval_request_execute(acting_user=actor(who), approval_id=approval.pk)

    assert refusal.value.code == code
    assert status_of(team.customer) == "active"
    assert not AuditLog.objects.filter(action_type="approval.executed").exists()


def test_gated_requests_are_validated_by_their_action(team):
    customer_user = PlatformUserFactory(tenant=team.customer)

    with pytest.raises(PermissionDenied) as customer:
        request_suspension(
            team,
            acting_user=actor(customer_user),
            approvers=[PlatformUserFactory(tenant=team.customer).pk],
        )
    with pytest.raises(ApplicationError) as no_reason:
        request_suspension(team, action_details={})
    with pytest.raises(ApplicationError) as internal:
        request_suspension(team, resource_id=str(team.internal.pk))
    with pytest.raises(NotFound) as missing:
        request_suspension(team, resource_id="not-a-tenant")
    with pytest.raises(ApplicationError) as wrong_type:
        request_suspension(team, resource_type="lead")

    assert (customer.value.code, customer.value.message) == (
        "action_reserved_to_staff",
        "Somente a equipe interna pode solicitar esta ação.",
    )
    assert (no_reason.value.code, no_reason.value.message) == (
        "reason_required",
        "Informe o motivo da suspensão.",
    )
    assert internal.value.code == "internal_tenant"
    assert missing.value.code == "tenant_not_found"
    assert wrong_type.value.code == "invalid_resource_type"
    assert not ApprovalRequest.objects.exists()


def test_a_second_pending_request_for_the_same_action_is_refused(team):
    first = request_suspension(team)

    with pytest.raises(Conflict) as refusal:
        request_suspension(team)

    assert (refusal.value.code, refusal.value.message) == (
        "approval_already_pending",
        "Já existe uma solicitação pendente para esta ação.",
    )
    assert refusal.value.details == {"approvalId": first.pk}
    assert ApprovalRequest.objects.count() == 1


def test_a_gated_action_type_requested_in_a_customer_tenant_is_not_executed_here(team):
    # As the Lambdas could write it: no validation, the customer's own users deciding.
    customer_user, colleague = (PlatformUserFactory(tenant=team.customer) for _ in range(2))
    approval = ApprovalRequest.objects.create(
        id="approval-lambda-1",
        tenant=team.customer,
        requested_by=customer_user,
        action_type="tenant.suspend",
        resource_type="tenant",
        resource_id=str(team.customer.pk),
        action_details={},
        approvers=[str(colleague.pk)],
        status="approved",
        expires_at=timezone.now() + timedelta(hours=1),
    )

    with pytest.raises(Conflict) as refusal:
        approval_request_execute(acting_user=actor(colleague), approval_id=approval.pk)

    assert refusal.value.code == "approval_not_executable"
    assert status_of(team.customer) == "active"
