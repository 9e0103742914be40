"""Reads that find one person's rows across the schemas, through indexes only.

Shared by the right to be forgotten (what to anonymise) and the data subject's report
(what to show). A person is found by contact: leads by their normalised e-mail or phones
(the expression indexes of SQL migration 015) or by CNPJ; then every row hanging off
those leads by lead id, and the processing records that name them or carry their traces.
"""

import uuid
from collections.abc import Iterable

from django.db import connection
from django.db.models import Func, Q, QuerySet, TextField
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce

from billing.models import CommercialRequest
from fibonacci.models import Event, Trace
from nigredo.contacts import cnpj_spellings
from nigredo.models import BlocklistEntry, Interacao, Lead
from platform_app.models import ApprovalDecision, ApprovalRequest, AuditLog, PlatformUser

TRACE_ID_LIMIT = 1_000


class NormalizeEmail(Func):
    function = "nigredo_leads.normalize_email"
    output_field = TextField()


class NormalizePhone(Func):
    function = "nigredo_leads.normalize_phone"
    output_field = TextField()


def _any(conditions: Iterable[Q]) -> Q | None:
    result: Q | None = None
    for condition in conditions:
        result = condition if result is None else result | condition
    return result


def leads_of_person(
    *,
    emails: Iterable[str] = (),
    phones: Iterable[str] = (),
    cnpjs: Iterable[str] = (),
    tenant_id: uuid.UUID | None = None,
) -> QuerySet[Lead]:
    """Leads whose e-mail or phones (`telefone`, `phone`) are one of these normalised
    contacts, or whose CNPJ is one of these (14 digits); of one tenant when given."""
    conditions: list[Q] = []
    emails, phones = sorted(set(emails)), sorted(set(phones))
    leads = Lead.objects.annotate(
        email_normalized=NormalizeEmail("email"),
        telefone_normalized=NormalizePhone("telefone"),
        phone_normalized=NormalizePhone("phone"),
    )
    if emails:
        conditions.append(Q(email__isnull=False, email_normalized__in=emails))
    if phones:
        conditions.append(Q(telefone__isnull=False, telefone_normalized__in=phones))
        conditions.append(Q(phone__isnull=False, phone_normalized__in=phones))
    spellings = sorted({spelling for digits in set(cnpjs) for spelling in cnpj_spellings(digits)})
    if spellings:
        conditions.append(Q(cnpj__in=spellings))
    condition = _any(conditions)
    if condition is None:
        return Lead.objects.none()
    leads = leads.filter(condition)
    if tenant_id is not None:
        leads = leads.filter(tenant_id=tenant_id)
    return leads


def blocklist_of_person(
    *,
    emails: Iterable[str] = (),
    phones: Iterable[str] = (),
    email_hashes: Iterable[str] = (),
    phone_hashes: Iterable[str] = (),
    lead_ids: Iterable[uuid.UUID] = (),
) -> QuerySet[BlocklistEntry]:
    """Entries of these leads, or with one of these contacts (plain in any spelling, or
    erased: by keyed hash, the hashes given by `nigredo.contacts.contact_hashes`)."""
    emails, phones, lead_ids = sorted(set(emails)), sorted(set(phones)), list(set(lead_ids))
    conditions: list[Q] = []
    entries = BlocklistEntry.objects.annotate(
        email_normalized=NormalizeEmail("email"), telefone_normalized=NormalizePhone("telefone")
    )
    if emails:
        conditions.append(Q(email__isnull=False, email_normalized__in=emails))
    if phones:
        conditions.append(Q(telefone__isnull=False, telefone_normalized__in=phones))
    if lead_ids:
        conditions.append(Q(lead_id__in=lead_ids))
    hashes = [
        ("email_hash", sorted(set(email_hashes))),
        ("telefone_hash", sorted(set(phone_hashes))),
    ]
    for column, values in hashes:
        if values:
            conditions.append(Q(pk__in=_ids_with_hash(column, values)))
    condition = _any(conditions)
    return entries.filter(condition) if condition is not None else BlocklistEntry.objects.none()


def _ids_with_hash(column: str, values: list[str]) -> list[uuid.UUID]:
    # The hash columns are the back-office's addition (015), read with SQL, not mapped.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM nigredo_leads.blocklist WHERE {column} = ANY(%s::text[])", [values]
        )
        return [row[0] for row in cursor.fetchall()]


def lead_trace_ids(lead_ids: Iterable[uuid.UUID]) -> list[uuid.UUID]:
    """The trace ids of the leads' spans and interactions (bounded)."""
    lead_ids = list(lead_ids)
    if not lead_ids:
        return []
    spans = Trace.objects.filter(lead_id__in=lead_ids).order_by().values_list("trace_id", flat=True)
    messages = (
        Interacao.objects.filter(lead_id__in=lead_ids).order_by().values_list("trace_id", flat=True)
    )
    return sorted({*spans[:TRACE_ID_LIMIT], *messages[:TRACE_ID_LIMIT]})


def audit_logs_about(
    lead_ids: Iterable[uuid.UUID], trace_ids: Iterable[uuid.UUID]
) -> QuerySet[AuditLog]:
    """Audit rows whose context names one of the leads (SQL migration 017's index) or
    that carry one of their traces."""
    lead_keys = [str(lead_id) for lead_id in lead_ids]
    trace_ids = list(trace_ids)
    condition = Q(lead_key__in=lead_keys) if lead_keys else Q(pk__in=[])
    if trace_ids:
        condition |= Q(trace_id__in=trace_ids)
    return AuditLog.objects.annotate(
        lead_key=Coalesce(KT("context__leadId"), KT("context__lead_id"))
    ).filter(condition)


def events_about(lead_ids: Iterable[uuid.UUID], trace_ids: Iterable[uuid.UUID]) -> QuerySet[Event]:
    """Events whose metadata names one of the leads, or that carry one of their traces."""
    lead_keys = [str(lead_id) for lead_id in lead_ids]
    trace_ids = list(trace_ids)
    condition = Q(subject__in=lead_keys) if lead_keys else Q(pk__in=[])
    if trace_ids:
        condition |= Q(trace_id__in=trace_ids)
    return Event.objects.annotate(subject=KT("metadata__leadId")).filter(condition)


def approvals_about(lead_ids: Iterable[uuid.UUID]) -> QuerySet[ApprovalRequest]:
    """Approval requests naming one of the leads as their resource."""
    return ApprovalRequest.objects.filter(
        resource_type="lead", resource_id__in=[str(lead_id) for lead_id in lead_ids]
    )


def decisions_about(lead_ids: Iterable[uuid.UUID]) -> QuerySet[ApprovalDecision]:
    return ApprovalDecision.objects.filter(approval__in=approvals_about(lead_ids))


def platform_users_of_person(*, emails: Iterable[str]) -> QuerySet[PlatformUser]:
    """Platform accounts with one of these e-mails (stored lower-cased by the platform)."""
    return PlatformUser.objects.filter(email__in=sorted(set(emails)))


def commercial_requests_of_person(
    *, emails: Iterable[str] = (), phones: Iterable[str] = (), cnpjs: Iterable[str] = ()
) -> QuerySet[CommercialRequest]:
    """Commercial requests with one of these contacts or CNPJs (015's indexes)."""
    conditions: list[Q] = []
    requests = CommercialRequest.objects.annotate(
        email_normalized=NormalizeEmail("email"), whatsapp_normalized=NormalizePhone("whatsapp")
    )
    if emails := sorted(set(emails)):
        conditions.append(Q(email_normalized__in=emails))
    if phones := sorted(set(phones)):
        conditions.append(Q(whatsapp_normalized__in=phones))
    spellings = sorted({spelling for digits in set(cnpjs) for spelling in cnpj_spellings(digits)})
    if spellings:
        conditions.append(Q(cnpj__in=spellings))
    condition = _any(conditions)
    return requests.filter(condition) if condition is not None else CommercialRequest.objects.none()
