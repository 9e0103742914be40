"""Approval requests: a four-eyes workflow, correct under concurrency, whose approved
back-office actions are executed exactly once.

The rules (production's Lambda had the idea and broken mechanics):

1. A request names an action, its details, approvers (platform users of the request's
   tenant or of the internal tenant, active, at least `required_approvals` of them besides
   the requester) and expires 24 hours after creation unless told otherwise.
2. Only a listed approver decides, once; the requester never decides their own request.
3. One rejection rejects it; it is approved when approvals reach `required_approvals`.
4. A decision past `expires_at` is refused (410) and the request becomes `expired`: that
   change is committed before the refusal is raised.
5. Only the requester cancels, while pending.

Every decision, cancellation, expiry and execution locks the request's row first
(`approval_request_for_update`), so concurrent callers see each other's committed work.
Deciding and executing commit on their own (`durable`): the expiry and a failed execution
are recorded even though the caller then gets a refusal, so their callers (views) must not
wrap them in a transaction of their own.
"""

import logging
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any, cast

from django.db import transaction
from django.utils import timezone

from core.exceptions import ApplicationError, Conflict, Gone, NotFound, PermissionDenied
from platform_app.actors import Actor
from platform_app.locks import (
    approval_action_lock,
    approval_request_for_update,
    approval_requests_due_for_update,
)
from platform_app.models import (
    INTERNAL_TENANT_ID,
    ApprovalDecision,
    ApprovalRequest,
    AuditAction,
    AuditLog,
    Notification,
    PlatformUser,
)
from platform_app.services.approval_actions import GatedAction, gated_action_for
from platform_app.services.audit import audit_log_record

logger = logging.getLogger(__name__)

DEFAULT_LIFETIME = timedelta(hours=24)
MAX_LIFETIME = timedelta(days=30)
MAX_COMMENT = 5000
# The key of `action_details` where the execution of a gated action is recorded.
EXECUTION_KEY = "execution"
Status = ApprovalRequest.Status


class ApprovalExecutionFailed(ApplicationError):
    """The executor of an approved action failed unexpectedly; the error is recorded on
    the request, which stays approved and can be executed again."""

    status = 500


@dataclass(frozen=True)
class DecisionOutcome:
    approval: ApprovalRequest
    decision: ApprovalDecision

    @property
    def can_execute(self) -> bool:
        """Production's flag: the action was approved and may be carried out."""
        return self.approval.status == Status.APPROVED


# Refusals, shared by the services (under the row lock) and the screens (to offer only
# the buttons the rules allow, and to say why the others are absent). ----------------


def not_linked_refusal() -> PermissionDenied:
    return PermissionDenied(
        "actor_not_linked",
        "Sua conta da equipe não está vinculada a um usuário da plataforma, por isso não pode "
        "solicitar nem decidir aprovações. Peça a um superusuário que a vincule.",
    )


def _outsider(approval: ApprovalRequest, user_id: uuid.UUID, tenant_id: uuid.UUID | None) -> bool:
    """Neither party to the request nor a user of its tenant or of the internal tenant."""
    involved = user_id == approval.requested_by_id or str(user_id) in _approver_ids(approval)
    return not involved and tenant_id not in (approval.tenant_id, INTERNAL_TENANT_ID)


def _not_found() -> NotFound:
    return NotFound("approval_not_found", "Solicitação de aprovação não encontrada.")


def _not_pending(approval: ApprovalRequest) -> Conflict:
    return Conflict(
        "approval_not_pending",
        f"A solicitação já está {approval.get_status_display()}.",
        details={"status": approval.status},
    )


def _party(approval: ApprovalRequest, acting_user: Actor) -> uuid.UUID | ApplicationError:
    """The acting platform user's id; or the refusal: an unlinked staff account acts as
    nobody, and a stranger to the request does not see it."""
    user_id = acting_user.platform_user_id
    if user_id is None:
        return not_linked_refusal()
    if _outsider(approval, user_id, acting_user.tenant_id):
        return _not_found()
    return user_id


def approval_decision_refusal(
    *, approval: ApprovalRequest, acting_user: Actor, now: datetime | None = None
) -> ApplicationError | None:
    """Why `acting_user` may not decide `approval` now, or None when they may."""
    user_id = _party(approval, acting_user)
    if isinstance(user_id, ApplicationError):
        return user_id
    if approval.status != Status.PENDING:
        return _not_pending(approval)
    if approval.expires_at <= (now or timezone.now()):
        return Gone(
            "approval_expired",
            "A solicitação expirou sem as aprovações necessárias e não aceita mais decisões.",
        )
    if user_id == approval.requested_by_id:
        return PermissionDenied(
            "requester_cannot_decide", "Quem solicitou não pode decidir a própria solicitação."
        )
    if str(user_id) not in _approver_ids(approval):
        return PermissionDenied(
            "not_an_approver", "Você não está entre os aprovadores desta solicitação."
        )
    if not PlatformUser.objects.filter(pk=user_id, status=PlatformUser.Status.ACTIVE).exists():
        return PermissionDenied(
            "approver_inactive", "Seu usuário da plataforma não está ativo e não pode decidir."
        )
    if ApprovalDecision.objects.filter(approval=approval, approver_id=user_id).exists():
        return Conflict(
            "approval_already_decided", "Você já registrou sua decisão sobre esta solicitação."
        )
    return None


def approval_cancel_refusal(
    *, approval: ApprovalRequest, acting_user: Actor
) -> ApplicationError | None:
    """Why `acting_user` may not cancel `approval`, or None when they may."""
    user_id = _party(approval, acting_user)
    if isinstance(user_id, ApplicationError):
        return user_id
    if user_id != approval.requested_by_id:
        return PermissionDenied(
            "not_the_requester", "Somente quem solicitou pode cancelar esta aprovação."
        )
    if approval.status != Status.PENDING:
        return Conflict(
            "approval_not_pending",
            f"Não é possível cancelar uma aprovação {approval.get_status_display()}.",
            details={"status": approval.status},
        )
    return None


def approval_execution_refusal(
    *, approval: ApprovalRequest, acting_user: Actor
) -> ApplicationError | None:
    """Why `acting_user` may not (re)run `approval`'s action now, or None when they may."""
    user_id = _party(approval, acting_user)
    if isinstance(user_id, ApplicationError):
        return user_id
    if user_id != approval.requested_by_id and str(user_id) not in _approver_ids(approval):
        return PermissionDenied(
            "not_allowed_to_execute",
            "Somente quem solicitou ou um dos aprovadores pode executar a ação.",
        )
    if not _runs_here(approval):
        return Conflict(
            "approval_not_executable",
            "O back-office não executa esta ação: ela é executada por quem a solicitou.",
        )
    if approval.status != Status.APPROVED:
        return Conflict(
            "approval_not_approved",
            f"Só uma solicitação aprovada é executada; esta está {approval.get_status_display()}.",
            details={"status": approval.status},
        )
    if approval_execution(approval).get("status") == "succeeded":
        return Conflict("approval_already_executed", "A ação desta solicitação já foi executada.")
    return None


def approval_execution(approval: ApprovalRequest) -> dict[str, Any]:
    """What `action_details` records of the action's execution ({} before any attempt)."""
    details = approval.action_details
    record = details.get(EXECUTION_KEY) if isinstance(details, dict) else None
    return record if isinstance(record, dict) else {}


# The services ----------------------------------------------------------------------


@transaction.atomic
def approval_request_create(
    *,
    acting_user: Actor,
    action_type: str,
    resource_type: str,
    action_details: Mapping[str, Any],
    approvers: Sequence[uuid.UUID | str],
    resource_id: str | None = None,
    required_approvals: int | None = None,
    expires_at: datetime | None = None,
) -> ApprovalRequest:
    """Ask `approvers` to allow an action; each is notified. For a gated back-office
    action, its details are validated and completed by the action itself."""
    requester = _requester(acting_user)
    action_type, resource_type = action_type.strip(), resource_type.strip()
    if resource_id is not None:
        resource_id = str(resource_id).strip() or None
    _check_lengths(action_type, resource_type, resource_id)
    if not isinstance(action_details, Mapping):
        raise ApplicationError("invalid_action_details", "Os detalhes da ação devem ser um objeto.")
    if EXECUTION_KEY in action_details:
        raise ApplicationError(
            "invalid_action_details",
            f"A chave '{EXECUTION_KEY}' dos detalhes é reservada ao registro da execução.",
        )
    details = dict(action_details)
    action = gated_action_for(action_type)
    if action is not None:
        required_approvals = _check_gated(action, requester, resource_type, required_approvals)
        details = action.prepare(resource_id=resource_id, details=details)
        if action.authorize is not None:
            details = action.authorize(
                requester=requester, resource_id=resource_id, details=details
            )
        approval_action_lock(action_type, resource_id)
        _refuse_duplicate(action_type, resource_id)
    required = 1 if required_approvals is None else required_approvals
    if required not in (1, 2):
        raise ApplicationError(
            "invalid_required_approvals", "O número de aprovações necessárias deve ser 1 ou 2."
        )
    approver_ids = _valid_approvers(approvers, requester, required)
    now = timezone.now()
    expires_at = expires_at or now + DEFAULT_LIFETIME
    if not now < expires_at <= now + MAX_LIFETIME:
        raise ApplicationError(
            "invalid_expires_at", "O prazo deve estar no futuro e em no máximo 30 dias."
        )

    approval = ApprovalRequest.objects.create(
        id=f"approval-{uuid.uuid4()}",
        tenant_id=requester.tenant_id,
        requested_by=requester,
        action_type=action_type,
        resource_type=resource_type,
        resource_id=resource_id,
        action_details=details,
        approvers=cast(Any, approver_ids),  # JSONListTextField: a list in Python
        required_approvals=required,
        status=Status.PENDING,
        expires_at=expires_at,
    )
    audit_log_record(
        action=AuditAction.APPROVAL_CREATED,
        acting_user=acting_user,
        tenant_id=approval.tenant_id,
        context={
            **_audit_context(approval),
            "resourceType": resource_type,
            "resourceId": resource_id,
            "requiredApprovals": required,
            "approvers": approver_ids,
        },
    )
    Notification.objects.bulk_create(
        _notification(approval, user_id, Notification.Type.APPROVAL_REQUIRED)
        for user_id in approver_ids
    )
    return approval


def approval_request_decide(
    *,
    acting_user: Actor,
    approval_id: str,
    decision: ApprovalDecision.Decision | str,
    comment: str | None = None,
) -> DecisionOutcome:
    """Record `acting_user`'s decision; the request is rejected by one rejection, approved
    when approvals reach the required number (its gated action then runs once the decision
    has committed). Past its expiry the request becomes `expired` (committed) and the
    decision is refused (410)."""
    if decision not in ApprovalDecision.Decision.values:
        raise ApplicationError(
            "invalid_decision", "A decisão deve ser 'approve' (aprovar) ou 'reject' (rejeitar)."
        )
    comment = (comment or "").strip() or None
    if comment is not None and len(comment) > MAX_COMMENT:
        raise ApplicationError(
            "comment_too_long", f"O comentário tem no máximo {MAX_COMMENT} caracteres."
        )
    with transaction.atomic(durable=True):
        approval = approval_request_for_update(approval_id)
        now = timezone.now()
        refusal = approval_decision_refusal(approval=approval, acting_user=acting_user, now=now)
        if refusal is None:
            outcome = _decide(approval, acting_user, ApprovalDecision.Decision(decision), comment)
        elif isinstance(refusal, Gone):
            _expire(approval, acting_user)
    if refusal is not None:
        raise refusal
    return outcome


@transaction.atomic
def approval_request_cancel(*, acting_user: Actor, approval_id: str) -> ApprovalRequest:
    """The requester withdraws a pending request."""
    approval = approval_request_for_update(approval_id)
    refusal = approval_cancel_refusal(approval=approval, acting_user=acting_user)
    if refusal is not None:
        raise refusal
    _set_status(approval, Status.CANCELLED)
    audit_log_record(
        action=AuditAction.APPROVAL_CANCELLED,
        acting_user=acting_user,
        tenant_id=approval.tenant_id,
        context=_audit_context(approval),
    )
    return approval


@transaction.atomic
def approval_requests_expire_due(
    *, acting_user: Actor, approval_ids: Iterable[str] | None = None
) -> int:
    """Expire every pending request past its expiry (or those of `approval_ids`), each
    audited and its requester notified; how many were expired."""
    due = list(approval_requests_due_for_update(now=timezone.now(), approval_ids=approval_ids))
    for approval in due:
        _expire(approval, acting_user)
    return len(due)


def approval_request_execute(*, acting_user: Actor, approval_id: str) -> ApprovalRequest:
    """Run an approved request's gated action, exactly once: the request's row is locked
    and the execution recorded in `action_details` in the same transaction. A failure is
    recorded (committed) and raised; the request stays approved and can be run again."""
    with transaction.atomic(durable=True):
        approval = approval_request_for_update(approval_id)
        refusal = approval_execution_refusal(approval=approval, acting_user=acting_user)
        failure = _execute(approval, acting_user) if refusal is None else None
    if refusal is not None:
        raise refusal
    if failure is not None:
        raise failure
    return approval


# Steps -----------------------------------------------------------------------------


def _requester(acting_user: Actor) -> PlatformUser:
    if acting_user.platform_user_id is None:
        raise not_linked_refusal()
    requester = PlatformUser.objects.filter(pk=acting_user.platform_user_id).first()
    if requester is None or requester.status != PlatformUser.Status.ACTIVE:
        raise PermissionDenied(
            "requester_inactive", "Seu usuário da plataforma não está ativo e não pode solicitar."
        )
    return requester


def _check_lengths(action_type: str, resource_type: str, resource_id: str | None) -> None:
    limits = (("actionType", action_type, 100), ("resourceType", resource_type, 50))
    for name, value, limit in limits:
        if not value or len(value) > limit:
            raise ApplicationError(
                "invalid_field",
                f"{name} é obrigatório e tem no máximo {limit} caracteres.",
                details={"field": name},
            )
    if resource_id is not None and len(resource_id) > 255:
        raise ApplicationError(
            "invalid_field",
            "resourceId tem no máximo 255 caracteres.",
            details={"field": "resourceId"},
        )


def _check_gated(
    action: GatedAction, requester: PlatformUser, resource_type: str, required: int | None
) -> int:
    if action.internal_only and requester.tenant_id != INTERNAL_TENANT_ID:
        raise PermissionDenied(
            "action_reserved_to_staff", "Somente a equipe interna pode solicitar esta ação."
        )
    if resource_type != action.resource_type:
        raise ApplicationError(
            "invalid_resource_type",
            f"A ação {action.action_type} se aplica a '{action.resource_type}'.",
        )
    if required is not None and required < action.required_approvals:
        raise ApplicationError(
            "invalid_required_approvals",
            f"Esta ação exige {action.required_approvals} aprovações.",
        )
    return action.required_approvals if required is None else required


def _refuse_duplicate(action_type: str, resource_id: str | None) -> None:
    pending = (
        ApprovalRequest.objects.filter(
            action_type=action_type,
            resource_id=resource_id,
            status=Status.PENDING,
            expires_at__gt=timezone.now(),
        )
        .values_list("pk", flat=True)
        .first()
    )
    if pending is not None:
        raise Conflict(
            "approval_already_pending",
            "Já existe uma solicitação pendente para esta ação.",
            details={"approvalId": pending},
        )


def _valid_approvers(
    approvers: Sequence[uuid.UUID | str], requester: PlatformUser, required: int
) -> list[str]:
    """The approvers' ids, deduplicated, the requester left out; every one an active user
    of the requester's tenant or of the internal tenant."""
    try:
        ids = list(dict.fromkeys(uuid.UUID(str(value)) for value in approvers))
    except ValueError:
        raise ApplicationError("invalid_approver", "Aprovador com id inválido.") from None
    ids = [user_id for user_id in ids if user_id != requester.pk]
    users = {user.pk: user for user in PlatformUser.objects.filter(pk__in=ids)}
    tenants = (requester.tenant_id, INTERNAL_TENANT_ID)
    problems: list[tuple[str, str, list[uuid.UUID]]] = [
        ("approver_not_found", "Aprovador não encontrado.", [i for i in ids if i not in users]),
        (
            "approver_inactive",
            "Aprovador não está ativo.",
            [i for i in ids if i in users and users[i].status != PlatformUser.Status.ACTIVE],
        ),
        (
            "approver_wrong_tenant",
            "Aprovador não pertence ao tenant da solicitação nem à equipe interna.",
            [i for i in ids if i in users and users[i].tenant_id not in tenants],
        ),
    ]
    for code, message, offending in problems:
        if offending:
            raise ApplicationError(
                code, message, details={"approverIds": [str(i) for i in offending]}
            )
    if len(ids) < required:
        raise ApplicationError(
            "not_enough_approvers",
            f"Indique pelo menos {required} aprovador(es) além de quem solicita.",
        )
    return [str(user_id) for user_id in ids]


def _decide(
    approval: ApprovalRequest,
    acting_user: Actor,
    decision: ApprovalDecision.Decision,
    comment: str | None,
) -> DecisionOutcome:
    assert acting_user.platform_user_id is not None
    row = ApprovalDecision.objects.create(
        approval=approval,
        approver_id=acting_user.platform_user_id,
        decision=decision,
        comment=comment,
    )
    if decision == ApprovalDecision.Decision.REJECT:
        _set_status(approval, Status.REJECTED)
        _notify_requester(approval, Notification.Type.APPROVAL_REJECTED)
    else:
        approvals = approval.decisions.filter(decision=ApprovalDecision.Decision.APPROVE).count()
        if approvals >= approval.required_approvals:
            _set_status(approval, Status.APPROVED)
            _notify_requester(approval, Notification.Type.APPROVAL_APPROVED)
            if _runs_here(approval):
                transaction.on_commit(
                    partial(_execute_after_approval, approval.pk, acting_user), robust=True
                )
    audit_log_record(
        action=AuditAction(f"approval.{decision.value}"),
        acting_user=acting_user,
        tenant_id=approval.tenant_id,
        context={
            **_audit_context(approval),
            "decision": decision.value,
            "approvalStatus": approval.status,
        },
    )
    return DecisionOutcome(approval=approval, decision=row)


def _runs_here(approval: ApprovalRequest) -> bool:
    """A gated action the back-office executes for this request."""
    action = gated_action_for(approval.action_type)
    return action is not None and (
        not action.internal_only or approval.tenant_id == INTERNAL_TENANT_ID
    )


def _execute_after_approval(approval_id: str, acting_user: Actor) -> None:
    """The approving decision has committed: run the action (a refusal or failure is
    already recorded on the request, which the staff can run again)."""
    try:
        approval_request_execute(acting_user=acting_user, approval_id=approval_id)
    except ApplicationError as exc:
        logger.warning("approval %s not executed: %s (%s)", approval_id, exc.message, exc.code)


def _execute(approval: ApprovalRequest, acting_user: Actor) -> ApplicationError | None:
    """Run the action inside a savepoint and record the attempt; the error, if any."""
    action = gated_action_for(approval.action_type)
    assert action is not None
    previous = approval_execution(approval)
    details = {k: v for k, v in approval.action_details.items() if k != EXECUTION_KEY}
    record: dict[str, Any] = {
        "attempts": int(previous.get("attempts", 0)) + 1,
        "executedBy": str(acting_user.platform_user_id),
        "executedAt": timezone.now().isoformat(),
    }
    failure: ApplicationError | None = None
    try:
        with transaction.atomic():
            result = action.execute(
                acting_user=acting_user, resource_id=approval.resource_id, details=details
            )
        record |= {"status": "succeeded", "result": result}
    except ApplicationError as exc:
        failure = exc
        record |= {"status": "failed", "error": f"{exc.code}: {exc.message}"}
    except Exception as exc:
        logger.exception("executor of %s failed for %s", approval.action_type, approval.pk)
        failure = ApprovalExecutionFailed(
            "approval_execution_failed",
            "A execução da ação falhou; o erro foi registrado e ela pode ser executada de novo.",
        )
        record |= {"status": "failed", "error": f"{type(exc).__name__}: {exc}"}
    approval.action_details = {**details, EXECUTION_KEY: record}
    approval.updated_at = timezone.now()
    approval.save(update_fields=["action_details", "updated_at"])
    audit_log_record(
        action=AuditAction.APPROVAL_EXECUTED,
        acting_user=acting_user,
        tenant_id=approval.tenant_id,
        result=AuditLog.Result.FAILURE if failure else AuditLog.Result.SUCCESS,
        context={
            **_audit_context(approval),
            "attempt": record["attempts"],
            "result": record.get("result"),
        },
        error_message=record.get("error"),
    )
    return failure


def _expire(approval: ApprovalRequest, acting_user: Actor) -> None:
    _set_status(approval, Status.EXPIRED)
    audit_log_record(
        action=AuditAction.APPROVAL_EXPIRED,
        acting_user=acting_user,
        tenant_id=approval.tenant_id,
        context=_audit_context(approval),
    )
    _notify_requester(approval, Notification.Type.APPROVAL_EXPIRED)


def _set_status(approval: ApprovalRequest, status: ApprovalRequest.Status) -> None:
    # approval_requests has no updated_at trigger (production never updates it): set it.
    approval.status = status
    approval.updated_at = timezone.now()
    approval.save(update_fields=["status", "updated_at"])


def _audit_context(approval: ApprovalRequest) -> dict[str, Any]:
    return {"approvalId": approval.pk, "actionType": approval.action_type}


NOTIFICATION_TEXTS: dict[str, tuple[str, str]] = {
    Notification.Type.APPROVAL_REQUIRED: (
        "Approval Required",
        'Action "{action}" requires your approval',
    ),
    Notification.Type.APPROVAL_APPROVED: (
        "Approval Approved",
        'Your request for action "{action}" was approved',
    ),
    Notification.Type.APPROVAL_REJECTED: (
        "Approval Rejected",
        'Your request for action "{action}" was rejected',
    ),
    Notification.Type.APPROVAL_EXPIRED: (
        "Approval Expired",
        'Your request for action "{action}" expired without a decision',
    ),
}


def _notification(
    approval: ApprovalRequest, user_id: uuid.UUID | str, kind: Notification.Type
) -> Notification:
    """A notification as production writes them: English text, camelCase metadata."""
    title, message = NOTIFICATION_TEXTS[kind]
    return Notification(
        user_id=user_id,
        type=kind,
        title=title,
        message=message.format(action=approval.action_type),
        metadata={
            "approvalId": approval.pk,
            "actionType": approval.action_type,
            "resourceType": approval.resource_type,
            "resourceId": approval.resource_id,
            "requestedBy": str(approval.requested_by_id),
        },
    )


def _notify_requester(approval: ApprovalRequest, kind: Notification.Type) -> None:
    _notification(approval, approval.requested_by_id, kind).save()


def _approver_ids(approval: ApprovalRequest) -> list[str]:
    """The listed approvers' ids (a hand-written, non-list value lists nobody)."""
    approvers: Any = approval.approvers
    return [str(value) for value in approvers] if isinstance(approvers, list) else []
