"""The commercial requests' pipeline: pending → contacted → proposal_sent → closed, or
cancelled from any open state; moves only forward."""

import uuid

from django.db import transaction

from billing.locks import commercial_request_for_update
from billing.models import CommercialRequest
from core.exceptions import ApplicationError, Conflict
from platform_app.actors import Actor
from platform_app.models import AuditAction
from platform_app.services import audit_log_record

Status = CommercialRequest.Status
PIPELINE = (Status.PENDING, Status.CONTACTED, Status.PROPOSAL_SENT, Status.CLOSED)
OPEN = (Status.PENDING, Status.CONTACTED, Status.PROPOSAL_SENT)


def commercial_request_status(row: CommercialRequest) -> str:
    """The request's status; the column is nullable and NULL means pending."""
    return row.status or Status.PENDING


def commercial_request_next_statuses(row: CommercialRequest) -> list[Status]:
    """Where the request may move from its status (nothing once closed or cancelled)."""
    current = commercial_request_status(row)
    if current not in OPEN:
        return []
    ahead = [
        status for status in PIPELINE if PIPELINE.index(status) > PIPELINE.index(Status(current))
    ]
    return [*ahead, Status.CANCELLED]


@transaction.atomic
def commercial_request_advance(
    *, acting_user: Actor, request_id: uuid.UUID, status: str
) -> CommercialRequest:
    """Move a commercial request forward in the pipeline, or cancel an open one."""
    if status not in Status.values:
        raise ApplicationError(
            "invalid_status",
            "Situação inválida: use contatado, proposta enviada, fechado ou cancelado.",
        )
    row = commercial_request_for_update(request_id)
    current = commercial_request_status(row)
    if current not in OPEN:
        label = dict(Status.choices).get(current, current)
        raise Conflict(
            "commercial_request_closed", f"A solicitação já está {label}: não muda mais."
        )
    if status not in commercial_request_next_statuses(row):
        raise Conflict(
            "commercial_request_backwards",
            f"A solicitação está {Status(current).label}: ela só avança "
            "(pendente → contatado → proposta enviada → fechado) ou é cancelada.",
        )
    row.status = status
    row.save(update_fields=["status"])
    audit_log_record(
        action=AuditAction.COMMERCIAL_REQUEST_STATUS_CHANGED,
        acting_user=acting_user,
        tenant_id=row.tenant_id,
        context={"commercialRequestId": str(row.pk), "from": current, "to": status},
    )
    return row
