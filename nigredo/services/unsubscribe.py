"""Unsubscribe (descadastro): the lead leaves every campaign, for good.

Production's flow, with its strings, minus its bug (its audit row named columns that do
not exist, which rolled the whole transaction back while it answered success): the
lead's status becomes `descadastrado` with `metadata.descadastro = {date, reason,
trace_id}`; its future meetings are cancelled; its e-mail and phones go to the blocklist,
normalised; an audit row `descadastro` (agent NULL). One transaction on the lead's locked
row, so repeating it, even concurrently, changes nothing more.
"""

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from core.exceptions import ApplicationError, Conflict
from nigredo.contacts import lead_contacts
from nigredo.locks import contacts_lock, lead_for_update
from nigredo.models import Agendamento, Lead
from nigredo.services.blocklist import MAX_REASON, blocklist_entries_ensure
from nigredo.services.common import audit_tenant_id
from platform_app.actors import Actor
from platform_app.models import AuditAction
from platform_app.services import audit_log_record

DEFAULT_REASON = "Solicitação do lead"
SUCCESS_MESSAGE = "Descadastro realizado com sucesso. Seus dados foram removidos conforme LGPD."
METADATA_KEY = "descadastro"
ACTION_STATUS = "Status do lead alterado para descadastrado"
ACTION_MEETINGS = "{count} agendamento(s) futuro(s) cancelado(s)"
ACTION_BLOCKLIST = "Contato adicionado à blocklist ({count} entrada(s))"


@dataclass(frozen=True)
class UnsubscribeOutcome:
    lead: Lead
    trace_id: str
    actions_performed: list[str] = field(default_factory=list)
    meetings_cancelled: int = 0
    blocklist_entries: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.actions_performed)

    def as_production_answer(self) -> dict[str, Any]:
        """Production's answer: {success, message, leadId, actionsPerformed, traceId}."""
        return {
            "success": True,
            "message": SUCCESS_MESSAGE,
            "leadId": str(self.lead.pk),
            "actionsPerformed": self.actions_performed,
            "traceId": self.trace_id,
        }


@transaction.atomic
def lead_unsubscribe(
    *,
    acting_user: Actor,
    lead_id: uuid.UUID,
    reason: str | None = None,
    now: datetime | None = None,
) -> UnsubscribeOutcome:
    """Unsubscribe the lead; whatever was done already is not done again (a repeated call
    answers with the first call's trace id and no action)."""
    reason = (reason or "").strip() or DEFAULT_REASON
    if len(reason) > MAX_REASON:
        raise ApplicationError(
            "reason_too_long", f"O motivo tem no máximo {MAX_REASON} caracteres."
        )
    now = now or timezone.now()
    lead = lead_for_update(lead_id, acting_user)
    if lead.status == Lead.Status.ANONIMIZADO:
        raise Conflict("lead_anonymized", "O lead foi anonimizado e não muda mais.")
    emails, phones = lead_contacts(lead)
    contacts_lock(emails + phones)

    actions: list[str] = []
    metadata = lead.metadata if isinstance(lead.metadata, dict) else {}
    recorded = metadata.get(METADATA_KEY)
    if isinstance(recorded, dict) and recorded.get("trace_id"):
        trace_id = str(recorded["trace_id"])
        reason = str(recorded.get("reason") or reason)
    else:
        trace_id = str(uuid.uuid4())
        metadata = {
            **metadata,
            METADATA_KEY: {"date": now.isoformat(), "reason": reason, "trace_id": trace_id},
        }
    if lead.status != Lead.Status.DESCADASTRADO or metadata is not lead.metadata:
        if lead.status != Lead.Status.DESCADASTRADO:
            actions.append(ACTION_STATUS)
        lead.status = Lead.Status.DESCADASTRADO
        lead.metadata = metadata
        lead.save(update_fields=["status", "metadata"])

    cancelled = (
        Agendamento.objects.filter(lead=lead, data_hora__gt=now)
        .exclude(status__in=[Agendamento.Status.CANCELADO, Agendamento.Status.REALIZADO])
        .update(status=Agendamento.Status.CANCELADO)
    )
    if cancelled:
        actions.append(ACTION_MEETINGS.format(count=cancelled))
    entries = blocklist_entries_ensure(lead=lead, emails=emails, phones=phones, reason=reason)
    if entries:
        actions.append(ACTION_BLOCKLIST.format(count=len(entries)))

    if actions:
        audit_log_record(
            action=AuditAction.DESCADASTRO,
            acting_user=acting_user,
            tenant_id=audit_tenant_id(lead),
            trace_id=_uuid(trace_id),
            context={
                "leadId": str(lead.pk),
                "meetingsCancelled": cancelled,
                "blocklistEntries": [str(entry.pk) for entry in entries],
                "defaultReason": reason == DEFAULT_REASON,
            },
        )
    return UnsubscribeOutcome(
        lead=lead,
        trace_id=trace_id,
        actions_performed=actions,
        meetings_cancelled=cancelled,
        blocklist_entries=len(entries),
    )


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:  # a trace id some other writer put in the metadata
        return None
