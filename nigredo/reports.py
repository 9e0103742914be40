"""Reports the admin and the API share: consent per tenant, and the data subject's report.

The subject's report (LGPD art. 18 I, II and V: confirmation, access, portability) is
everything the platform holds about the person an e-mail, a phone or a CNPJ identifies,
across the four schemas, each table read through an index (`nigredo.people`).
"""

import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Model, Q, QuerySet
from django.utils import timezone

from core.exceptions import ApplicationError
from fibonacci.models import Trace
from nigredo.contacts import (
    contact_hashes,
    lead_contacts,
    normalize_cnpj,
    normalize_email,
    normalize_ip,
    normalize_phone,
)
from nigredo.models import (
    Agendamento,
    FormSubmission,
    Interacao,
    Lead,
    RateLimit,
    WebhookLog,
)
from nigredo.people import (
    approvals_about,
    audit_logs_about,
    blocklist_of_person,
    commercial_requests_of_person,
    events_about,
    lead_trace_ids,
    leads_of_person,
    platform_users_of_person,
)

ROW_LIMIT = 10_000  # per table: far more than one person gathers


# Consent -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsentReport:
    tenant_id: uuid.UUID
    total: int
    with_consent: int
    by_source: list[tuple[str, int]]  # (source, leads with consent), most first

    @property
    def without_consent(self) -> int:
        return self.total - self.with_consent


def consent_report(*, tenant_id: uuid.UUID) -> ConsentReport:
    """The tenant's leads with and without consent, and those with consent by source
    (read through the (consent_given, tenant_id) index and the tenant's own rows)."""
    leads = Lead.objects.filter(tenant_id=tenant_id).order_by()
    totals = leads.aggregate(
        total=Count("pk"), with_consent=Count("pk", filter=Q(consent_given=True))
    )
    sources = (
        leads.filter(consent_given=True)
        .values_list("consent_source")
        .annotate(leads=Count("pk"))
        .order_by("-leads", "consent_source")
    )
    return ConsentReport(
        tenant_id=tenant_id,
        total=totals["total"],
        with_consent=totals["with_consent"],
        by_source=[(source or "(sem origem)", count) for source, count in sources],
    )


# The data subject's report --------------------------------------------------------------


class Lookup:
    EMAIL = "email"
    PHONE = "phone"
    CNPJ = "cnpj"
    LABELS = {EMAIL: "e-mail", PHONE: "telefone", CNPJ: "CNPJ"}


def subject_lookup(
    *, email: str | None = None, phone: str | None = None, cnpj: str | None = None
) -> tuple[str, str]:
    """(kind, normalised value) of the one identifier given, or a refusal."""
    given = [
        (kind, value)
        for kind, value in ((Lookup.EMAIL, email), (Lookup.PHONE, phone), (Lookup.CNPJ, cnpj))
        if value is not None and str(value).strip()
    ]
    if len(given) != 1:
        raise ApplicationError(
            "subject_lookup_required", "Informe um (e só um) e-mail, telefone ou CNPJ."
        )
    kind, value = given[0]
    normalizer = {
        Lookup.EMAIL: normalize_email,
        Lookup.PHONE: normalize_phone,
        Lookup.CNPJ: normalize_cnpj,
    }[kind]
    normalized = normalizer(str(value))
    digits = re.sub(r"[^0-9]", "", normalized or "")
    if (
        normalized is None
        or (kind == Lookup.EMAIL and "@" not in normalized.strip("@"))
        or (kind == Lookup.PHONE and not 8 <= len(digits) <= 15)
    ):
        raise ApplicationError(
            "invalid_subject_lookup", f"Informe um {Lookup.LABELS[kind]} válido."
        )
    return kind, normalized


@dataclass
class ReportSection:
    key: str  # camelCase, the JSON's
    label: str
    rows: list[Model]
    truncated: bool = False


@dataclass
class SubjectReport:
    lookup: str
    generated_at: datetime
    sections: list[ReportSection] = field(default_factory=list)

    def section(self, key: str) -> ReportSection:
        return next(section for section in self.sections if section.key == key)

    @property
    def counts(self) -> dict[str, int]:
        return {section.key: len(section.rows) for section in self.sections}

    @property
    def found(self) -> bool:
        return any(section.rows for section in self.sections)

    def as_json(self) -> dict[str, Any]:
        """Every row of every section, all its columns, camelCase keys."""
        return {
            "generatedAt": self.generated_at.isoformat(),
            "lookup": self.lookup,
            "counts": self.counts,
            "truncated": [section.key for section in self.sections if section.truncated],
            **{
                section.key: [row_as_json(row) for row in section.rows] for section in self.sections
            },
        }


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    return value


def row_as_json(row: Model) -> dict[str, Any]:
    return {
        camel(field.attname): json_value(getattr(row, field.attname))
        for field in row._meta.concrete_fields
    }


def _bounded(rows: QuerySet[Any] | list[QuerySet[Any]], order: str) -> tuple[list[Any], bool]:
    """At most ROW_LIMIT rows, in `order`. The ids first, unordered, one query per
    condition: asked for in order with a LIMIT, or with an OR of two indexed conditions,
    the planner may walk or scan a big table whole hoping to meet the person's few rows
    early (3 s on the 5M audit rows of the load data)."""
    parts = rows if isinstance(rows, list) else [rows]
    ids: list[Any] = []
    for part in parts:
        ids += part.order_by().values_list("pk", flat=True)[: ROW_LIMIT + 1]
    ids = list(dict.fromkeys(ids))
    model = parts[0].model
    found = list(model._default_manager.filter(pk__in=ids[:ROW_LIMIT]).order_by(order))
    return found, len(ids) > ROW_LIMIT


def subject_report(
    *,
    email: str | None = None,
    phone: str | None = None,
    cnpj: str | None = None,
    tenant_id: uuid.UUID | None = None,
) -> SubjectReport:
    """What the platform holds about the person one e-mail, phone or CNPJ identifies: their
    leads (in every tenant, or in `tenant_id`'s), consent included, and everything that
    hangs off them, the blocklist entries with the identifier or the leads' contacts
    (plain or erased), the audit
    trail and processing records naming them, platform accounts and commercial requests
    with the same contact, and the per-IP form counters of their IPs."""
    kind, value = subject_lookup(email=email, phone=phone, cnpj=cnpj)
    with transaction.atomic():
        # Every lookup here has an index; without statistics on an expression index
        # (017's lead key of audit rows, until the table is analysed) the planner would
        # rather scan 5M rows for a few dozen ids. This transaction reads indexes only.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        return _subject_report(kind, value, tenant_id)


def _subject_report(kind: str, value: str, tenant_id: uuid.UUID | None) -> SubjectReport:
    emails = [value] if kind == Lookup.EMAIL else []
    phones = [value] if kind == Lookup.PHONE else []
    cnpjs = [value] if kind == Lookup.CNPJ else []
    report = SubjectReport(lookup=kind, generated_at=timezone.now())

    def add(
        key: str, label: str, rows: QuerySet[Any] | list[QuerySet[Any]], order: str = "-pk"
    ) -> list[Any]:
        found, truncated = _bounded(rows, order)
        report.sections.append(ReportSection(key, label, found, truncated))
        return found

    leads = add(
        "leads",
        "Leads (com o consentimento)",
        leads_of_person(emails=emails, phones=phones, cnpjs=cnpjs, tenant_id=tenant_id),
        "-created_at",
    )
    lead_ids = [lead.pk for lead in leads]
    add("interactions", "Interações", Interacao.objects.filter(lead_id__in=lead_ids), "-created_at")
    add("meetings", "Agendamentos", Agendamento.objects.filter(lead_id__in=lead_ids), "-data_hora")
    submissions = add(
        "formSubmissions",
        "Envios do formulário",
        FormSubmission.objects.filter(lead_id__in=lead_ids),
        "-submitted_at",
    )
    add("webhookLogs", "Webhooks", WebhookLog.objects.filter(lead_id__in=lead_ids), "-sent_at")
    # The contacts on the person's leads count too (a phone blocked by itself, say).
    for lead in leads:
        lead_emails, lead_phones = lead_contacts(lead)
        emails += [email for email in lead_emails if email not in emails]
        phones += [phone for phone in lead_phones if phone not in phones]
    hashes = contact_hashes(emails + phones)
    add(
        "blocklist",
        "Blocklist",
        blocklist_of_person(
            emails=emails,
            phones=phones,
            email_hashes=[hashes[v] for v in emails],
            phone_hashes=[hashes[v] for v in phones],
            lead_ids=lead_ids,
        ),
        "-created_at",
    )
    trace_ids = lead_trace_ids(lead_ids)
    add(
        "auditLogs",
        "Trilha de auditoria",
        [
            audit_logs_about(lead_ids, []).filter(_tenant(tenant_id)),
            audit_logs_about([], trace_ids).filter(_tenant(tenant_id)),
        ],
        "-created_at",
    )
    add("approvalRequests", "Solicitações de aprovação", approvals_about(lead_ids), "-created_at")
    add(
        "events",
        "Eventos",
        [events_about(lead_ids, []), events_about([], trace_ids)],
        "-created_at",
    )
    add("spans", "Spans (traces)", Trace.objects.filter(lead_id__in=lead_ids), "-start_time")
    addresses = sorted(
        {
            address
            for address in (
                *(normalize_ip(lead.ip_address) for lead in leads),
                *(normalize_ip(lead.consent_ip_address) for lead in leads),
                *(normalize_ip(submission.ip_address) for submission in submissions),
            )
            if address and address != "0.0.0.0"
        }
    )
    if tenant_id is not None:  # per-IP counters belong to no tenant
        return report
    add(
        "rateLimits",
        "Limites de envio por IP",
        RateLimit.objects.filter(ip_address__in=addresses),
        "-window_start",
    )
    add(
        "platformUsers",
        "Contas na plataforma",
        platform_users_of_person(emails=emails),
        "-created_at",
    )
    add(
        "commercialRequests",
        "Solicitações comerciais",
        commercial_requests_of_person(emails=emails, phones=phones, cnpjs=cnpjs),
        "-created_at",
    )
    return report


def _tenant(tenant_id: uuid.UUID | None) -> Q:
    return Q(tenant_id=tenant_id) if tenant_id is not None else Q()
