"""A lead's consent (LGPD art. 8): recorded with its source, date and IP, or withdrawn."""

import uuid
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from core.exceptions import ApplicationError, Conflict
from nigredo.contacts import normalize_ip
from nigredo.locks import lead_for_update
from nigredo.models import Lead
from nigredo.services.common import audit_tenant_id
from platform_app.actors import Actor
from platform_app.models import AuditAction
from platform_app.services import audit_log_record

# Production's only value; the demo data and the forms use others.
DEFAULT_SOURCE = "api"
MAX_SOURCE = 100  # consent_source varchar(100)


def _refuse_anonymized(lead: Lead) -> None:
    if lead.status == Lead.Status.ANONIMIZADO:
        raise Conflict("lead_anonymized", "O lead foi anonimizado e não muda mais.")


@transaction.atomic
def lead_consent_record(
    *,
    acting_user: Actor,
    lead_id: uuid.UUID,
    source: str,
    ip_address: str | None = None,
    given_at: datetime | None = None,
) -> Lead:
    """Record the lead's consent: its source (required), when (now by default, never in
    the future) and the IPv4 or IPv6 address it came from, if known."""
    source = (source or "").strip()
    if not source:
        raise ApplicationError("consent_source_required", "Informe a origem do consentimento.")
    if len(source) > MAX_SOURCE:
        raise ApplicationError(
            "consent_source_too_long",
            f"A origem do consentimento tem no máximo {MAX_SOURCE} caracteres.",
        )
    address = None
    if ip_address is not None and str(ip_address).strip():
        address = normalize_ip(str(ip_address))
        if address is None:
            raise ApplicationError(
                "invalid_ip_address", "Informe um endereço IP válido (IPv4 ou IPv6)."
            )
    now = timezone.now()
    given_at = given_at or now
    if given_at > now:
        raise ApplicationError(
            "consent_date_in_future", "A data do consentimento não pode estar no futuro."
        )
    lead = lead_for_update(lead_id, acting_user)
    _refuse_anonymized(lead)
    lead.consent_given = True
    lead.consent_date = given_at
    lead.consent_source = source
    lead.consent_ip_address = address
    lead.save(
        update_fields=["consent_given", "consent_date", "consent_source", "consent_ip_address"]
    )
    audit_log_record(
        action=AuditAction.CONSENT_RECORDED,
        acting_user=acting_user,
        tenant_id=audit_tenant_id(lead),
        context={
            "leadId": str(lead.pk),
            "source": source,
            "consentDate": given_at.isoformat(),
            "ipRecorded": address is not None,
        },
    )
    return lead


@transaction.atomic
def lead_consent_withdraw(*, acting_user: Actor, lead_id: uuid.UUID) -> Lead:
    """Withdraw the lead's consent. The record of the consent given (date, source, IP)
    stays, as the proof that what was done before the withdrawal was lawful; the
    withdrawal's date goes into `metadata.consent_withdrawal`."""
    lead = lead_for_update(lead_id, acting_user)
    _refuse_anonymized(lead)
    if not lead.consent_given:
        raise Conflict("consent_not_given", "O lead não tem consentimento registrado.")
    trace_id = uuid.uuid4()
    now = timezone.now()
    lead.consent_given = False
    metadata = lead.metadata if isinstance(lead.metadata, dict) else {}
    lead.metadata = {
        **metadata,
        "consent_withdrawal": {"date": now.isoformat(), "trace_id": str(trace_id)},
    }
    lead.save(update_fields=["consent_given", "metadata"])
    audit_log_record(
        action=AuditAction.CONSENT_WITHDRAWN,
        acting_user=acting_user,
        tenant_id=audit_tenant_id(lead),
        trace_id=trace_id,
        context={"leadId": str(lead.pk), "source": lead.consent_source},
    )
    return lead
