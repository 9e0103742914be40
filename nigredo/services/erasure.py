"""The right to be forgotten (direito ao esquecimento, LGPD art. 18 VI), approval-gated.

Asked for about one lead (`lead_erasure_request`, or the admin's "Solicitar" button); the
Encarregado LGPD's linked platform users approve it; the approvals workflow then runs
`lead_erase` once. It anonymises in place, in one transaction, the person behind the lead:
the lead and every other lead with the same e-mail or phone (in every tenant when the
internal team asked, in the requester's tenant otherwise), with production's placeholders
where it has them and an e-mail placeholder that satisfies the leads' format check (a
lead must keep an e-mail or a telefone); their interactions, meetings, form submissions
and webhook payloads; the processing records that name them (audit rows, events, spans,
approval comments) are cleared of the person's contacts, names and IPs. The blocklist
keeps the person blocked by keyed hashes only (SQL migration 015): a later import of the
same contact is still refused, and the contact is nowhere in plain text.

Commercial requests with the same e-mail or WhatsApp are anonymised too when the internal
team asked (they are requests to AlquimistaAI itself). Left alone on purpose:
`rate_limits` (counters per IP, not per person, the anti-abuse control of the public
form, deleted after 24 hours by `cleanup_old_rate_limits()`), and platform accounts with
the same e-mail (a customer's user and its login: listed in the subject report for the
Encarregado to handle with the customer).
"""

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, cast

from django.db import connection, transaction
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from billing.models import CommercialRequest
from core.exceptions import ApplicationError, Conflict, NotFound, PermissionDenied
from fibonacci.models import Trace
from nigredo.contacts import (
    PLACEHOLDER,
    Identifiers,
    blocked_contacts,
    contact_hashes,
    lead_contacts,
    normalize_email,
    normalize_ip,
    normalize_phone,
)
from nigredo.locks import contacts_lock, lead_for_update, leads_for_update
from nigredo.models import Agendamento, FormSubmission, Interacao, Lead, WebhookLog
from nigredo.people import (
    approvals_about,
    audit_logs_about,
    blocklist_of_person,
    commercial_requests_of_person,
    decisions_about,
    events_about,
    lead_trace_ids,
    leads_of_person,
)
from nigredo.personal_data import Kind, personal_table
from nigredo.services.common import audit_tenant_id
from platform_app.actors import Actor
from platform_app.models import (
    INTERNAL_TENANT_ID,
    ApprovalRequest,
    AuditAction,
    PlatformUser,
)
from platform_app.services import approval_request_create, audit_log_record
from platform_app.services.approval_actions import GatedAction
from platform_app.services.approvals import EXECUTION_KEY, approval_execution
from staff.roles import LGPD_OFFICERS
from staff.selectors import staff_platform_user_ids_in_group

ERASURE = ApprovalRequest.ActionType.LGPD_ERASURE
# Production's placeholders.
CONTATO_PLACEHOLDER = "ANONIMIZADO"
EMPRESA_PLACEHOLDER = "EMPRESA ANONIMIZADA"
MENSAGEM_PLACEHOLDER = "MENSAGEM ANONIMIZADA"
BRIEFING_PLACEHOLDER = "BRIEFING ANONIMIZADO"
# form_submissions.ip_address is NOT NULL: the unspecified address.
IP_PLACEHOLDER = "0.0.0.0"
BLOCK_REASON = "Direito ao esquecimento (LGPD)"
PERSON_LEADS_LIMIT = 1_000


def anonymized_email(lead_id: uuid.UUID) -> str:
    """The e-mail an erased lead keeps: matches `leads_email_format`, reaches no one
    (`.invalid` is reserved, RFC 2606), and is unique per lead."""
    return f"anon-{lead_id}@anonimizado.invalid"


class Scope(StrEnum):
    PLATFORM = "platform"  # every tenant's leads of the person (asked by the internal team)
    TENANT = "tenant"  # the leads of the requester's tenant only


@dataclass(frozen=True)
class ErasureOutcome:
    lead_ids: list[uuid.UUID]
    trace_id: uuid.UUID
    counts: dict[str, int]


# Asking -----------------------------------------------------------------------------


def lead_erasure_request(*, acting_user: Actor, lead_id: uuid.UUID, reason: str) -> ApprovalRequest:
    """Ask the Encarregado LGPD (the platform users linked to that group's staff, the
    requester left out) to approve erasing the person behind the lead."""
    approvers = staff_platform_user_ids_in_group(LGPD_OFFICERS) - {acting_user.platform_user_id}
    active = PlatformUser.objects.filter(pk__in=approvers, status=PlatformUser.Status.ACTIVE)
    approver_ids = sorted(str(pk) for pk in active.values_list("pk", flat=True))
    if not approver_ids:
        raise ApplicationError(
            "no_lgpd_officer_to_approve",
            "Nenhum outro Encarregado LGPD tem um usuário da plataforma ativo vinculado para "
            "aprovar o pedido.",
        )
    return approval_request_create(
        acting_user=acting_user,
        action_type=ERASURE,
        resource_type="lead",
        resource_id=str(lead_id),
        action_details={"reason": reason},
        approvers=approver_ids,
    )


def _lead(resource_id: str | None) -> Lead:
    try:
        lead = Lead.objects.filter(pk=uuid.UUID(str(resource_id))).first()
    except ValueError:
        lead = None
    if lead is None:
        raise NotFound("lead_not_found", "Lead não encontrado.")
    return lead


def _already_anonymized() -> Conflict:
    return Conflict("lead_already_anonymized", "O lead já foi anonimizado.")


def erasure_unavailable(*, resource_id: str | None) -> ApplicationError | None:
    """Why the person behind this lead cannot be erased now, or None."""
    try:
        lead = _lead(resource_id)
    except NotFound as exc:
        return exc
    return _already_anonymized() if lead.status == Lead.Status.ANONIMIZADO else None


def _prepare(*, resource_id: str | None, details: Mapping[str, Any]) -> dict[str, Any]:
    refusal = erasure_unavailable(resource_id=resource_id)
    if refusal is not None:
        raise refusal
    lead = _lead(resource_id)
    reason = str(details.get("reason") or "").strip()
    if not reason:
        raise ApplicationError("reason_required", "Informe o motivo (o pedido do titular).")
    if identifiers_of([lead]).found_in(reason):
        raise ApplicationError(
            "reason_has_personal_data",
            "O motivo fica registrado na solicitação: não escreva nele o e-mail, o telefone, "
            "o nome ou o CNPJ do titular.",
        )
    return {"leadId": str(lead.pk), "tenantId": str(lead.tenant_id), "reason": reason}


def _authorize(
    *, requester: PlatformUser, resource_id: str | None, details: Mapping[str, Any]
) -> dict[str, Any]:
    lead = _lead(resource_id)
    if requester.tenant_id == INTERNAL_TENANT_ID:
        scope = Scope.PLATFORM
    elif lead.tenant_id == requester.tenant_id:
        scope = Scope.TENANT
    else:
        raise NotFound("lead_not_found", "Lead não encontrado.")
    return {**details, "scope": scope.value, "personLeads": len(_person_lead_ids(lead, scope))}


def _execute(
    *, acting_user: Actor, resource_id: str | None, details: Mapping[str, Any]
) -> dict[str, Any]:
    outcome = lead_erase(acting_user=acting_user, lead_id=_lead(resource_id).pk)
    return {
        "leadIds": [str(lead_id) for lead_id in outcome.lead_ids],
        "counts": outcome.counts,
        "traceId": str(outcome.trace_id),
    }


LGPD_ERASURE = GatedAction(
    action_type=ERASURE,
    label="Direito ao esquecimento (LGPD)",
    resource_type="lead",
    required_approvals=1,
    prepare=_prepare,
    execute=_execute,
    resource_model="nigredo.lead",
    internal_only=False,
    unavailable=erasure_unavailable,
    authorize=_authorize,
    detail_labels={
        "leadId": "Id do lead",
        "tenantId": "Id do tenant",
        "scope": "Alcance",
        "personLeads": "Leads do titular encontrados",
        "reason": "Motivo",
        "leadIds": "Leads anonimizados",
        "counts": "Registros anonimizados",
        "traceId": "Id do trace",
    },
    detail_values={
        "scope": {
            Scope.PLATFORM: "toda a plataforma (leads do titular em todos os tenants)",
            Scope.TENANT: "o tenant do pedido",
        }
    },
)


# Erasing ----------------------------------------------------------------------------


def identifiers_of(leads: Iterable[Lead], ips: Iterable[str | None] = ()) -> Identifiers:
    """What identifies the person behind these leads in text: contacts, names, CNPJ, IPs."""
    identifiers = Identifiers()
    addresses = list(ips)
    for lead in leads:
        identifiers.add_email(lead.email)
        for phone in (lead.telefone, lead.phone):
            identifiers.add_phone(phone)
        for text in (lead.contato, lead.name, lead.empresa, lead.company):
            identifiers.add_text(text)
        identifiers.add_cnpj(lead.cnpj)
        addresses += [lead.ip_address, lead.consent_ip_address]
    for ip in addresses:
        if (address := normalize_ip(ip)) and address != IP_PLACEHOLDER:
            identifiers.add_text(address, minimum=3)
    return identifiers


def _person_lead_ids(lead: Lead, scope: Scope) -> list[uuid.UUID]:
    emails, phones = lead_contacts(lead)
    tenant_id = None if scope == Scope.PLATFORM else lead.tenant_id
    found = leads_of_person(emails=emails, phones=phones, tenant_id=tenant_id).exclude(
        status=Lead.Status.ANONIMIZADO
    )
    return sorted({lead.pk, *found.values_list("pk", flat=True)[:PERSON_LEADS_LIMIT]})


def _approved_request(lead_id: uuid.UUID) -> ApprovalRequest:
    """The approved, not yet executed erasure request about the lead; without one, the
    erasure is refused (missing, pending, rejected, expired or cancelled alike)."""
    approvals = ApprovalRequest.objects.filter(
        action_type=ERASURE, resource_id=str(lead_id), status=ApprovalRequest.Status.APPROVED
    ).order_by("-updated_at")
    for approval in approvals:
        if approval_execution(approval).get("status") != "succeeded":
            return approval
    raise PermissionDenied(
        "erasure_not_approved",
        "O direito ao esquecimento só é executado com uma solicitação aprovada pelo "
        "Encarregado LGPD.",
    )


@transaction.atomic
def lead_erase(*, acting_user: Actor, lead_id: uuid.UUID) -> ErasureOutcome:
    """Anonymise the person behind the lead (see the module's docstring); refused without
    an approved request. Counts what was anonymised, also in the audit row."""
    approval = _approved_request(lead_id)
    details = approval.action_details if isinstance(approval.action_details, dict) else {}
    scope = Scope.PLATFORM if details.get("scope") == Scope.PLATFORM else Scope.TENANT
    target = lead_for_update(lead_id, acting_user)
    if target.status == Lead.Status.ANONIMIZADO:
        raise _already_anonymized()
    leads = leads_for_update(_person_lead_ids(target, scope))
    lead_ids = [lead.pk for lead in leads]
    submissions = FormSubmission.objects.filter(lead_id__in=lead_ids)
    person = identifiers_of(leads, ips=submissions.values_list("ip_address", flat=True))
    emails, phones = sorted(person.emails), sorted(person.phones)
    contacts_lock(emails + phones)
    trace_ids = lead_trace_ids(lead_ids)
    trace_id, now = uuid.uuid4(), timezone.now()

    counts: dict[str, int] = {"leads": len(leads)}
    for lead in leads:
        _anonymize_lead(lead, now=now, trace_id=trace_id)
    counts["interactions"] = Interacao.objects.filter(lead_id__in=lead_ids).update(
        mensagem=MENSAGEM_PLACEHOLDER
    )
    meetings = Agendamento.objects.filter(lead_id__in=lead_ids)
    counts["meetingsCancelled"] = (
        meetings.filter(data_hora__gt=now)
        .exclude(status__in=[Agendamento.Status.CANCELADO, Agendamento.Status.REALIZADO])
        .update(status=Agendamento.Status.CANCELADO)
    )
    meetings.filter(briefing__isnull=False).update(briefing=BRIEFING_PLACEHOLDER)
    counts["meetings"] = meetings.update(calendar_event_id=None)
    counts["formSubmissions"] = submissions.update(
        ip_address=IP_PLACEHOLDER, user_agent=None, referer=None
    )
    counts["webhookLogs"] = _anonymize_webhooks(
        WebhookLog.objects.filter(lead_id__in=lead_ids), person
    )
    blocklist = _block_by_hash(target, emails, phones, lead_ids)
    counts |= blocklist
    if scope == Scope.PLATFORM:
        counts["commercialRequests"] = _anonymize_commercial_requests(
            commercial_requests_of_person(emails=emails, phones=phones)
        )
    counts["spans"] = _redact(Trace.objects.filter(lead_id__in=lead_ids), person)
    counts["events"] = _redact(events_about(lead_ids, trace_ids), person)
    counts["auditLogs"] = _redact(audit_logs_about(lead_ids, trace_ids), person)
    counts["approvalRequests"] = _redact(approvals_about(lead_ids), person, keep=EXECUTION_KEY)
    counts["approvalComments"] = _redact(decisions_about(lead_ids), person)

    audit_log_record(
        action=AuditAction.DIREITO_ESQUECIMENTO,
        acting_user=acting_user,
        tenant_id=audit_tenant_id(target),
        trace_id=trace_id,
        context={
            "leadId": str(target.pk),
            "leadIds": [str(pk) for pk in lead_ids],
            "approvalId": approval.pk,
            "scope": scope.value,
            "counts": counts,
        },
    )
    return ErasureOutcome(lead_ids=lead_ids, trace_id=trace_id, counts=counts)


def _anonymize_lead(lead: Lead, *, now: Any, trace_id: uuid.UUID) -> None:
    lead.empresa = EMPRESA_PLACEHOLDER
    lead.contato = CONTATO_PLACEHOLDER
    lead.email = anonymized_email(lead.pk)
    lead.telefone = None
    lead.phone = None
    lead.cnpj = None  # a MEI's CNPJ is the person's; nothing tells the two apart
    lead.name = CONTATO_PLACEHOLDER if lead.name else None
    lead.company = EMPRESA_PLACEHOLDER if lead.company else None
    lead.message = MENSAGEM_PLACEHOLDER if lead.message else None
    lead.ip_address = None
    lead.consent_ip_address = None
    lead.user_agent = None
    lead.utm_source = lead.utm_medium = lead.utm_campaign = None
    lead.status = Lead.Status.ANONIMIZADO
    lead.metadata = {
        "anonymized": True,
        "anonymized_date": now.isoformat(),
        "trace_id": str(trace_id),
    }
    lead.save(
        update_fields=[
            "empresa",
            "contato",
            "email",
            "telefone",
            "phone",
            "cnpj",
            "name",
            "company",
            "message",
            "ip_address",
            "consent_ip_address",
            "user_agent",
            "utm_source",
            "utm_medium",
            "utm_campaign",
            "status",
            "metadata",
        ]
    )


def _anonymize_commercial_requests(requests: QuerySet[CommercialRequest]) -> int:
    count = 0
    for request in requests.order_by():
        request.company_name = EMPRESA_PLACEHOLDER
        request.contact_name = CONTATO_PLACEHOLDER
        request.email = anonymized_email(request.pk)
        request.whatsapp = CONTATO_PLACEHOLDER
        request.cnpj = None
        request.message = MENSAGEM_PLACEHOLDER if request.message else None
        request.save(
            update_fields=["company_name", "contact_name", "email", "whatsapp", "cnpj", "message"]
        )
        count += 1
    return count


def _anonymize_webhooks(logs: QuerySet[WebhookLog], person: Identifiers) -> int:
    """`payload.lead.*` replaced (its id kept), and the person's identifiers wherever else
    the payload, the answer or the error mention them."""
    count = 0
    for log in logs:
        payload = log.payload
        if isinstance(payload, dict) and isinstance(payload.get("lead"), dict):
            payload = {
                **payload,
                "lead": {
                    key: value if key == "id" or value is None else PLACEHOLDER
                    for key, value in payload["lead"].items()
                },
            }
        log.payload = person.redact_json(payload)
        log.response_body = person.redact_text(log.response_body)
        log.error_message = person.redact_text(log.error_message)
        log.save(update_fields=["payload", "response_body", "error_message"])
        count += 1
    return count


def _block_by_hash(
    target: Lead, emails: list[str], phones: list[str], lead_ids: list[uuid.UUID]
) -> dict[str, int]:
    """The person's blocklist entries keep their keyed hashes only, and every contact of
    the person gets one (the erased contact stays blocked)."""
    plain = Q(email__isnull=False) | Q(telefone__isnull=False)
    entries = list(
        blocklist_of_person(emails=emails, phones=phones, lead_ids=lead_ids)
        .filter(plain)
        .values_list("pk", "email", "telefone", "reason")
    )
    values = [
        value
        for _pk, email, telefone, _reason in entries
        for value in (normalize_email(email), normalize_phone(telefone))
        if value
    ]
    hashes = contact_hashes([*values, *emails, *phones])
    person = Identifiers(emails=set(emails), phones=set(phones))
    with connection.cursor() as cursor:
        for pk, email, telefone, reason in entries:
            cursor.execute(
                "UPDATE nigredo_leads.blocklist SET email = NULL, telefone = NULL,"
                " email_hash = COALESCE(%s, email_hash),"
                " telefone_hash = COALESCE(%s, telefone_hash), reason = %s WHERE id = %s",
                [
                    hashes.get(normalize_email(email) or ""),
                    hashes.get(normalize_phone(telefone) or ""),
                    person.redact_text(reason, BLOCK_REASON),
                    pk,
                ],
            )
        blocked = blocked_contacts(emails=emails, phones=phones)
        missing_emails = [email for email in emails if email not in blocked]
        missing_phones = [phone for phone in phones if phone not in blocked]
        added = 0
        while missing_emails or missing_phones:
            email = missing_emails.pop(0) if missing_emails else None
            phone = missing_phones.pop(0) if missing_phones else None
            cursor.execute(
                "INSERT INTO nigredo_leads.blocklist (lead_id, email_hash, telefone_hash, reason)"
                " VALUES (%s, %s, %s, %s)",
                [target.pk, hashes.get(email or ""), hashes.get(phone or ""), BLOCK_REASON],
            )
            added += 1
    return {"blocklistHashed": len(entries), "blocklistAdded": added}


def _redact(rows: QuerySet[Any], person: Identifiers, keep: str | None = None) -> int:
    """Clear the person's identifiers from the registry's text and JSON columns of these
    rows; how many rows changed."""
    model = cast(type[Model], rows.model)
    table = personal_table(model)
    if table is None or not person:
        return 0
    json_columns = table.columns_of(Kind.JSON)
    text_columns = [column for column in table.columns if column not in json_columns]
    changed = 0
    for row in rows.order_by():
        updates = []
        for column in json_columns:
            value = getattr(row, column)
            kept = value.get(keep) if keep and isinstance(value, dict) else None
            redacted = person.redact_json(value)
            if kept is not None:
                redacted[keep] = kept
            if redacted != value:
                setattr(row, column, redacted)
                updates.append(column)
        for column in text_columns:
            value = getattr(row, column)
            if isinstance(value, str) and person.found_in(value):
                setattr(row, column, PLACEHOLDER)
                updates.append(column)
        if updates:
            row.save(update_fields=updates)
            changed += 1
    return changed
