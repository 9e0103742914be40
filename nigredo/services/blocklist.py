"""The blocklist: contacts the platform must not approach, normalised as the import does."""

import uuid
from collections.abc import Iterable

from django.db import transaction

from core.exceptions import ApplicationError, Conflict, NotFound
from nigredo.contacts import blocked_contacts, blocklist_email, blocklist_phone
from nigredo.locks import contacts_lock, lead_for_update
from nigredo.models import BlocklistEntry, Lead
from nigredo.services.common import audit_tenant_id
from platform_app.actors import Actor
from platform_app.models import AuditAction
from platform_app.services import audit_log_record

MAX_REASON = 1000


def blocklist_entries_ensure(
    *, lead: Lead | None, emails: Iterable[str], phones: Iterable[str], reason: str
) -> list[BlocklistEntry]:
    """Add what the blocklist does not hold yet of these normalised contacts, and return
    the rows added: the first with the e-mail and a phone, one more per other contact.
    The caller holds their locks (`contacts_lock`) inside its transaction."""
    blocked = blocked_contacts(emails=emails, phones=phones)
    missing_emails = [email for email in sorted(set(emails)) if email not in blocked]
    missing_phones = [phone for phone in sorted(set(phones)) if phone not in blocked]
    rows: list[BlocklistEntry] = []
    while missing_emails or missing_phones:
        rows.append(
            BlocklistEntry.objects.create(
                lead=lead,
                email=missing_emails.pop(0) if missing_emails else None,
                telefone=missing_phones.pop(0) if missing_phones else None,
                reason=reason,
            )
        )
    return rows


def _reason(reason: str | None, required_message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("reason_required", required_message)
    if len(reason) > MAX_REASON:
        raise ApplicationError(
            "reason_too_long", f"O motivo tem no máximo {MAX_REASON} caracteres."
        )
    return reason


@transaction.atomic
def blocklist_entry_add(
    *,
    acting_user: Actor,
    reason: str,
    email: str | None = None,
    telefone: str | None = None,
    lead_id: uuid.UUID | None = None,
) -> BlocklistEntry:
    """Block an e-mail and/or a phone (normalised); refused when the blocklist already
    holds every one of them, in any spelling or erased."""
    email, phone = blocklist_email(email), blocklist_phone(telefone)
    if email is None and phone is None:
        raise ApplicationError("contact_required", "Informe o telefone ou o e-mail a bloquear.")
    reason = _reason(reason, "Informe o motivo do bloqueio.")
    lead = lead_for_update(lead_id, acting_user) if lead_id is not None else None
    contacts_lock([value for value in (email, phone) if value])
    rows = blocklist_entries_ensure(
        lead=lead, emails=[email] if email else [], phones=[phone] if phone else [], reason=reason
    )
    if not rows:
        raise Conflict("contact_already_blocked", "Esse contato já está na blocklist.")
    entry = rows[0]
    audit_log_record(
        action=AuditAction.BLOCKLIST_ADDED,
        acting_user=acting_user,
        tenant_id=audit_tenant_id(lead) if lead else None,
        context={
            "blocklistId": str(entry.pk),
            "leadId": str(lead.pk) if lead else None,
            "hasEmail": entry.email is not None,
            "hasPhone": entry.telefone is not None,
        },
    )
    return entry


@transaction.atomic
def blocklist_entry_remove(*, acting_user: Actor, entry_id: uuid.UUID, reason: str) -> uuid.UUID:
    """Remove an entry (the contact may be approached again); the reason is required and
    goes to the audit trail, with the entry's id, never its contact."""
    reason = _reason(reason, "Informe o motivo da remoção da blocklist.")
    entry = BlocklistEntry.objects.select_for_update().filter(pk=entry_id).first()
    if entry is None:
        raise NotFound("blocklist_entry_not_found", "Entrada da blocklist não encontrada.")
    erased = entry.email is None and entry.telefone is None
    lead = Lead.objects.filter(pk=entry.lead_id).first() if entry.lead_id else None
    entry.delete()
    audit_log_record(
        action=AuditAction.BLOCKLIST_REMOVED,
        acting_user=acting_user,
        tenant_id=audit_tenant_id(lead) if lead else None,
        context={
            "blocklistId": str(entry_id),
            "leadId": str(lead.pk) if lead else None,
            "erasedContact": erased,
            "reason": reason,
        },
    )
    return entry_id
