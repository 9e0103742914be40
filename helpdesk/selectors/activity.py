"""A lead's or a tenant's history: every table that records something about it, merged
newest first and keyset-paginated (no OFFSET, no COUNT: each page reads at most
`limit + 1` rows per table through an index on the subject and the time column)."""

import base64
import binascii
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.db.models.fields.json import KT
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from fibonacci.models import Event, Trace
from helpdesk.selectors.timeline import audit_logs_naming_lead
from nigredo.models import Agendamento, Interacao, Lead
from platform_app.models import ApprovalRequest, AuditLog, Tenant

PAGE_SIZE = 25
TRACE_ID_LIMIT = 500
ID_LIMIT = 5_000  # audit rows about one lead: far more than a lead ever gathers


@dataclass(frozen=True)
class Cursor:
    """Where a page ended: the last entry's time, its source's rank and its primary key."""

    at: datetime
    rank: int
    pk: str

    def encode(self) -> str:
        raw = f"{self.at.isoformat()}|{self.rank}|{self.pk}".encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, value: str) -> "Cursor":
        """Raises ValueError for anything this class did not encode."""
        try:
            raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
            at_text, rank, pk = raw.split("|", 2)
        except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
            raise ValueError("cursor inválido") from exc
        at = parse_datetime(at_text)
        if at is None or not rank.isdigit():
            raise ValueError("cursor inválido")
        return cls(at, int(rank), pk)


@dataclass
class ActivityEntry:
    kind: str
    at: datetime
    title: str
    status: str
    record: Model
    trace_id: uuid.UUID | None
    rank: int

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass
class ActivityPage:
    entries: list[ActivityEntry]
    next_cursor: str | None


KIND_LABELS = {
    "audit": "auditoria",
    "interacao": "interação",
    "agendamento": "agendamento",
    "event": "evento",
    "trace": "span",
    "approval": "aprovação",
    "lead": "lead",
}


@dataclass(frozen=True)
class Source:
    rank: int  # breaks ties between sources at the same instant: lower first
    kind: str
    queryset: QuerySet[Any]
    time_field: str
    describe: Callable[[Model], tuple[str, str, uuid.UUID | None]]  # title, status, trace


def lead_activity(
    lead: Lead, *, cursor: Cursor | None = None, limit: int = PAGE_SIZE
) -> ActivityPage:
    """What touched the lead: audit rows naming it or carrying its traces, interactions,
    meetings, events naming it or carrying its traces, its spans, approvals about it."""
    trace_ids = lead_trace_ids(lead.pk)
    # The ids first, by the two indexes, unordered: ordered by time with a LIMIT, the
    # planner may walk the whole created_at index hoping to meet the lead's rows early.
    naming = audit_logs_naming_lead(lead.pk).order_by().values_list("pk", flat=True)
    audit_ids = list(naming[:ID_LIMIT])
    if trace_ids:
        traced = (
            AuditLog.objects.filter(trace_id__in=trace_ids).order_by().values_list("pk", flat=True)
        )
        audit_ids += list(traced[:ID_LIMIT])
    audits = AuditLog.objects.filter(pk__in=audit_ids)
    events = Event.objects.annotate(subject=KT("metadata__leadId"))
    event_filter = Q(subject=str(lead.pk))
    if trace_ids:
        event_filter |= Q(trace_id__in=trace_ids)
    sources = [
        Source(0, "audit", audits, "created_at", _describe_audit),
        Source(
            1, "interacao", Interacao.objects.filter(lead=lead), "created_at", _describe_interacao
        ),
        Source(
            2, "agendamento", Agendamento.objects.filter(lead=lead), "created_at", _describe_meeting
        ),
        Source(3, "event", events.filter(event_filter), "created_at", _describe_event),
        Source(4, "trace", Trace.objects.filter(lead_id=lead.pk), "start_time", _describe_trace),
        Source(
            5,
            "approval",
            ApprovalRequest.objects.filter(tenant_id=lead.tenant_id, resource_id=str(lead.pk)),
            "created_at",
            _describe_approval,
        ),
    ]
    return _page(sources, cursor, limit)


def tenant_activity(
    tenant: Tenant, *, cursor: Cursor | None = None, limit: int = PAGE_SIZE
) -> ActivityPage:
    """What touched the tenant: its audit rows, meetings, events naming it, spans, approval
    requests and new leads."""
    events = Event.objects.annotate(subject=KT("metadata__tenantId")).filter(subject=str(tenant.pk))
    sources = [
        Source(0, "audit", AuditLog.objects.filter(tenant=tenant), "created_at", _describe_audit),
        Source(
            2,
            "agendamento",
            Agendamento.objects.filter(tenant=tenant),
            "created_at",
            _describe_meeting,
        ),
        Source(3, "event", events, "created_at", _describe_event),
        Source(
            4, "trace", Trace.objects.filter(tenant_id=tenant.pk), "start_time", _describe_trace
        ),
        Source(
            5,
            "approval",
            ApprovalRequest.objects.filter(tenant=tenant),
            "created_at",
            _describe_approval,
        ),
        Source(6, "lead", Lead.objects.filter(tenant_id=tenant.pk), "created_at", _describe_lead),
    ]
    return _page(sources, cursor, limit)


def lead_trace_ids(lead_id: uuid.UUID) -> list[uuid.UUID]:
    """The trace ids of the lead's spans and interactions (at most TRACE_ID_LIMIT each)."""
    spans = Trace.objects.filter(lead_id=lead_id).order_by().values_list("trace_id", flat=True)
    messages = (
        Interacao.objects.filter(lead_id=lead_id).order_by().values_list("trace_id", flat=True)
    )
    return sorted({*spans[:TRACE_ID_LIMIT], *messages[:TRACE_ID_LIMIT]})


def _page(sources: list[Source], cursor: Cursor | None, limit: int) -> ActivityPage:
    entries: list[ActivityEntry] = []
    for source in sources:
        queryset = source.queryset.filter(**{f"{source.time_field}__isnull": False})
        if cursor is not None:
            queryset = queryset.filter(_after(source, cursor))
        rows = queryset.order_by(f"-{source.time_field}", "-pk")[: limit + 1]
        for row in rows:
            title, status, trace_id = source.describe(row)
            at = getattr(row, source.time_field)
            entries.append(
                ActivityEntry(source.kind, at, title, status, row, trace_id, source.rank)
            )
    entries.sort(key=lambda entry: (entry.at, -entry.rank, str(entry.record.pk)), reverse=True)
    page = entries[:limit]
    next_cursor = None
    if len(entries) > limit:
        last = page[-1]
        next_cursor = Cursor(last.at, last.rank, str(last.record.pk)).encode()
    return ActivityPage(page, next_cursor)


def _after(source: Source, cursor: Cursor) -> Q:
    """The rows of `source` that come after the cursor in (time desc, rank, pk desc) order."""
    time = source.time_field
    if source.rank < cursor.rank:
        return Q(**{f"{time}__lt": cursor.at})
    if source.rank > cursor.rank:
        return Q(**{f"{time}__lte": cursor.at})
    return Q(**{f"{time}__lt": cursor.at}) | Q(**{time: cursor.at, "pk__lt": cursor.pk})


def _describe_audit(log: Model) -> tuple[str, str, uuid.UUID | None]:
    assert isinstance(log, AuditLog)
    return log.get_action_type_display(), log.get_result_display(), log.trace_id


def _describe_interacao(row: Model) -> tuple[str, str, uuid.UUID | None]:
    assert isinstance(row, Interacao)
    return f"{row.tipo} via {row.canal}", row.sentimento or "", row.trace_id


def _describe_meeting(row: Model) -> tuple[str, str, uuid.UUID | None]:
    assert isinstance(row, Agendamento)
    when = timezone.localtime(row.data_hora)
    return f"agendamento para {when:%d/%m/%Y %H:%M}", row.get_status_display(), None


def _describe_event(event: Model) -> tuple[str, str, uuid.UUID | None]:
    assert isinstance(event, Event)
    return f"{event.event_type} · {event.source}", event.get_status_display(), event.trace_id


def _describe_trace(trace: Model) -> tuple[str, str, uuid.UUID | None]:
    assert isinstance(trace, Trace)
    duration = f" · {trace.duration_ms} ms" if trace.duration_ms is not None else ""
    title = f"{trace.span_name} · {trace.service_name}{duration}"
    return title, trace.get_status_display(), trace.trace_id


def _describe_approval(request: Model) -> tuple[str, str, uuid.UUID | None]:
    assert isinstance(request, ApprovalRequest)
    return f"{request.action_type} ({request.resource_type})", request.get_status_display(), None


def _describe_lead(lead: Model) -> tuple[str, str, uuid.UUID | None]:
    assert isinstance(lead, Lead)
    return f"lead criado: {lead.empresa}", lead.get_status_display(), None
