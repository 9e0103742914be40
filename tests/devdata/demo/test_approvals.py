"""The demo's approval requests, decisions, their audit rows and notifications."""

import uuid

import pytest
from django.utils import timezone

from platform_app.models import (
    ApprovalDecision,
    ApprovalRequest,
    AuditAction,
    AuditLog,
    Notification,
    PlatformUser,
)

pytestmark = pytest.mark.django_db
Status = ApprovalRequest.Status


def test_decisions_match_each_request_status(demo_data):
    now = timezone.now()

    for request in ApprovalRequest.objects.prefetch_related("decisions"):
        decisions = {str(d.approver_id): d.decision for d in request.decisions.all()}
        approvals = list(decisions.values()).count(ApprovalDecision.Decision.APPROVE)
        rejected = ApprovalDecision.Decision.REJECT in decisions.values()
        tenant_users = {
            str(pk)
            for pk in PlatformUser.objects.filter(tenant_id=request.tenant_id).values_list(
                "pk", flat=True
            )
        }
        assert request.pk.startswith("approval-")
        uuid.UUID(request.pk.removeprefix("approval-"))
        assert set(request.approvers) <= tenant_users
        assert set(decisions) <= set(request.approvers)
        assert str(request.requested_by_id) not in request.approvers
        match request.status:
            case Status.APPROVED:
                assert approvals >= request.required_approvals and not rejected
            case Status.REJECTED:
                assert rejected
            case Status.PENDING:
                assert approvals < request.required_approvals and not rejected
                assert request.expires_at > now
            case Status.EXPIRED:
                assert approvals < request.required_approvals and not rejected
                assert request.expires_at < now
            case Status.CANCELLED:
                assert not decisions


def test_each_decision_and_cancellation_has_its_audit_row(demo_data):
    audited = {
        (log.context["approvalId"], str(log.user_id), log.action_type)
        for log in AuditLog.objects.filter(action_type__startswith="approval.")
    }
    expected = {
        (d.approval_id, str(d.approver_id), f"approval.{d.decision}")
        for d in ApprovalDecision.objects.all()
    } | {
        (r.pk, str(r.requested_by_id), AuditAction.APPROVAL_CANCELLED)
        for r in ApprovalRequest.objects.filter(status=Status.CANCELLED)
    }

    assert audited == expected


def test_approvers_of_pending_requests_are_notified_as_production_does(demo_data):
    notified = {
        (n.metadata["approvalId"], n.user_id)
        for n in Notification.objects.filter(type=Notification.Type.APPROVAL_REQUIRED)
    }
    pending = ApprovalRequest.objects.filter(status=Status.PENDING).prefetch_related("decisions")
    expected = {
        (r.pk, uuid.UUID(a))
        for r in pending
        for a in r.approvers
        if a not in {str(d.approver_id) for d in r.decisions.all()}
    }

    assert notified == expected
    sample = Notification.objects.filter(type=Notification.Type.APPROVAL_REQUIRED).first()
    request = ApprovalRequest.objects.get(pk=sample.metadata["approvalId"])
    assert sample.title == "Approval Required"
    assert sample.message == f'Action "{request.action_type}" requires your approval'


def test_notification_types_are_those_of_the_model(demo_data):
    types = set(Notification.objects.values_list("type", flat=True))

    assert types == set(Notification.Type.values)
