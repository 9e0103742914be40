"""Approval requests in every status, their decisions, their audit rows and notifications,
the way production's approval Lambda leaves them."""

from datetime import datetime, timedelta

from devdata.demo.audit import write_audit
from devdata.demo.ids import FORGOTTEN_LEAD_ID, approval_id, demo_id
from devdata.demo.specs import APPROVALS, ApprovalSpec
from devdata.demo.writer import DemoUser, DemoWriter
from platform_app.models import (
    ApprovalDecision,
    ApprovalRequest,
    AuditAction,
    Notification,
)

Status = ApprovalRequest.Status
DECISION_ACTIONS = {
    ApprovalDecision.Decision.APPROVE: AuditAction.APPROVAL_APPROVE,
    ApprovalDecision.Decision.REJECT: AuditAction.APPROVAL_REJECT,
}
# what the requester is told once a request is settled (no notification on cancel)
OUTCOMES = {
    Status.APPROVED: (Notification.Type.APPROVAL_APPROVED, "aprovada"),
    Status.REJECTED: (Notification.Type.APPROVAL_REJECTED, "rejeitada"),
    Status.EXPIRED: (Notification.Type.APPROVAL_EXPIRED, "expirou sem decisão"),
}


def approval_resource(w: DemoWriter, spec: ApprovalSpec) -> str | None:
    """The id of the row an approval request is about, if it is about one."""
    if spec.resource is None:
        return None
    match spec.resource_type:
        case "campanha":
            return str(demo_id("campanha", spec.tenant, spec.resource))
        case "agent":
            return str(w.agent_id(spec.resource))
        case "subnucleo":
            return str(w.ref.subnucleos[spec.resource].id)
        case "lead":
            return str(FORGOTTEN_LEAD_ID)
        case _:
            return str(demo_id("tenant-subscription", spec.tenant))


def write_approval(w: DemoWriter, spec: ApprovalSpec) -> None:
    """One approval request, its decisions and their audit rows, and its notifications."""
    tenant = w.spec(spec.tenant)
    requester = w.requester(spec.tenant)
    approvers = w.approvers(spec.tenant)
    created = w.ago(hours=spec.hours_ago)
    pk = approval_id(spec.tenant, spec.key)
    resource_id = approval_resource(w, spec)
    w.put(
        ApprovalRequest,
        pk,
        tenant_id=w.tenant_id(tenant),
        requested_by_id=requester.id,
        action_type=spec.action_type,
        resource_type=spec.resource_type,
        resource_id=resource_id,
        action_details={"titulo": spec.title, **spec.details},
        approvers=[str(u.id) for u in approvers],
        required_approvals=spec.required,
        status=spec.status,
        expires_at=created + timedelta(hours=spec.expires_in_hours),
        created_at=created,
    )
    for index, (approver, decision) in enumerate(zip(approvers, spec.decisions, strict=False)):
        when = created + timedelta(hours=1 + 3 * index)
        w.put_by(
            ApprovalDecision,
            {"approval_id": pk, "approver_id": approver.id},
            decision=decision.decision,
            comment=decision.comment,
            created_at=when,
        )
        write_audit(
            w,
            key=f"decisao-{pk}-{index}",
            action=DECISION_ACTIONS[decision.decision],
            when=when,
            tenant=tenant,
            user=approver,
            context={"approvalId": pk, "actionType": spec.action_type},
        )
    if spec.status == Status.CANCELLED:
        write_audit(
            w,
            key=f"cancelamento-{pk}",
            action=AuditAction.APPROVAL_CANCELLED,
            when=created + timedelta(hours=3),
            tenant=tenant,
            user=requester,
            context={"approvalId": pk, "actionType": spec.action_type},
        )
    notify_approval(w, spec, pk, resource_id, requester, approvers, created)


def notify_approval(
    w: DemoWriter,
    spec: ApprovalSpec,
    pk: str,
    resource_id: str | None,
    requester: DemoUser,
    approvers: list[DemoUser],
    created: datetime,
) -> None:
    """The notifications a request produced: production's 'Approval Required' to each
    approver yet to decide a pending one; the outcome to the requester of a settled one."""
    if spec.status == Status.PENDING:
        for approver in approvers[len(spec.decisions) :]:
            notify(
                w,
                user=approver,
                kind=Notification.Type.APPROVAL_REQUIRED,
                title="Approval Required",
                message=f'Action "{spec.action_type}" requires your approval',
                metadata={
                    "approvalId": pk,
                    "actionType": spec.action_type,
                    "resourceType": spec.resource_type,
                    "resourceId": resource_id,
                    "requestedBy": str(requester.id),
                },
                read=False,
                when=created,
            )
        return
    if spec.status not in OUTCOMES:
        return
    kind, label = OUTCOMES[spec.status]
    notify(
        w,
        user=requester,
        kind=kind,
        title=f"Solicitação {label}: {spec.title}",
        message=f"Sua solicitação «{spec.title}» foi {label}.",
        metadata={"approvalId": pk},
        read=spec.hours_ago > 72,
        when=created + timedelta(hours=5),
    )


def notify(
    w: DemoWriter,
    *,
    user: DemoUser,
    kind: Notification.Type,
    title: str,
    message: str,
    metadata: dict[str, object],
    read: bool,
    when: datetime,
) -> None:
    """One in-app notification, found again by user, type and title; unread by default."""
    w.put_by(
        Notification,
        {"user_id": user.id, "type": kind, "title": title},
        message=message,
        metadata=metadata,
        created_at=min(when, w.now),
        **({"read": True} if read else {}),
    )


def write_approvals(w: DemoWriter) -> None:
    """Every demo approval request."""
    for spec in APPROVALS:
        write_approval(w, spec)
