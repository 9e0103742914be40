"""One trace's story across the four tables that carry trace ids, and what happened around it.

Every lookup is an index probe: `trace_id` is indexed in audit_logs, events, traces and
interacoes, `parent_trace_id` in traces; the "around this moment" window reads a tenant's
or a lead's rows through (tenant_id, created_at), lead_id, the indexed metadata keys of
events, and short created_at ranges.
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import connection
from django.db.models import Model, Q, QuerySet
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce

from fibonacci.models import Event, Trace
from nigredo.models import Interacao, Lead
from platform_app.models import AuditLog

ROW_LIMIT = 500  # per table: a trace id the load generator reused thousands of times
SPAN_LIMIT = 500
MAX_DEPTH = 20  # guards the walk up and down against a parent_trace_id cycle
AROUND_LIMIT = 200

SPAN_TREE_SQL = """
WITH RECURSIVE tree AS (
    SELECT t.trace_id, 0 AS depth FROM fibonacci_core.traces t WHERE t.trace_id = %s
    UNION ALL
    SELECT child.trace_id, tree.depth + 1
    FROM fibonacci_core.traces child JOIN tree ON child.parent_trace_id = tree.trace_id
    WHERE tree.depth < %s
)
SELECT trace_id, depth FROM tree LIMIT %s
"""


@dataclass
class TimelineRow:
    """One row of a timeline: which table, when, what, and the record it comes from."""

    kind: str  # audit, event, trace, interacao
    at: datetime | None
    title: str
    status: str
    record: Model
    trace_id: uuid.UUID | None

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


KIND_LABELS = {
    "audit": "auditoria",
    "event": "evento",
    "trace": "span",
    "interacao": "interação",
}
KIND_ORDER = {"trace": 0, "event": 1, "interacao": 2, "audit": 3}


@dataclass
class Span:
    """A span of the tree, with its depth and where it sits on the tree's time axis."""

    trace: Trace
    depth: int
    offset_pct: float = 0.0
    width_pct: float = 0.0
    children: list["Span"] = field(default_factory=list)


@dataclass
class Timeline:
    trace_id: uuid.UUID
    rows: list[TimelineRow]
    spans: list[Span]  # depth-first, parents before children
    truncated: bool
    tenant_id: uuid.UUID | None
    lead_id: uuid.UUID | None

    @property
    def started_at(self) -> datetime | None:
        moments = [row.at for row in self.rows if row.at is not None]
        return min(moments) if moments else None

    @property
    def anchor_at(self) -> datetime | None:
        """The moment "around this moment" centres on: the first row carrying the trace id
        asked for (its span tree may have started days earlier), else the first row."""
        own = [row.at for row in self.rows if row.trace_id == self.trace_id and row.at is not None]
        return min(own) if own else self.started_at

    @property
    def kinds(self) -> set[str]:
        return {row.kind for row in self.rows}


def trace_timeline(trace_id: uuid.UUID, *, limit: int = ROW_LIMIT) -> Timeline:
    """The rows carrying `trace_id`, or any id of its span tree, oldest first."""
    spans = span_tree(trace_id)
    trace_ids = {trace_id} | {span.trace.trace_id for span in spans}
    rows: list[TimelineRow] = []
    truncated = len(spans) >= SPAN_LIMIT
    for source in (
        _audit_rows(AuditLog.objects.filter(trace_id__in=trace_ids), limit),
        _event_rows(Event.objects.filter(trace_id__in=trace_ids), limit),
        _interacao_rows(Interacao.objects.filter(trace_id__in=trace_ids), limit),
    ):
        truncated |= len(source) >= limit
        rows += source
    rows += [_trace_row(span.trace) for span in spans]
    rows.sort(key=_oldest_first)
    tenant_id, lead_id = _subjects(rows)
    return Timeline(trace_id, rows, spans, truncated, tenant_id, lead_id)


def span_tree(trace_id: uuid.UUID) -> list[Span]:
    """The whole span tree `trace_id` belongs to: up to its root, then every descendant."""
    root = trace_id
    seen = {trace_id}
    for _ in range(MAX_DEPTH):
        parent = (
            Trace.objects.filter(trace_id=root, parent_trace_id__isnull=False)
            .values_list("parent_trace_id", flat=True)
            .first()
        )
        if parent is None or parent in seen:
            break
        if not Trace.objects.filter(trace_id=parent).exists():
            break  # the parent span was never written: the tree starts here
        seen.add(parent)
        root = parent
    with connection.cursor() as cursor:
        cursor.execute(SPAN_TREE_SQL, [root, MAX_DEPTH, SPAN_LIMIT])
        depths = dict(cursor.fetchall())
    traces = {t.trace_id: t for t in Trace.objects.filter(trace_id__in=list(depths))}
    nodes = {tid: Span(traces[tid], depth) for tid, depth in depths.items() if tid in traces}
    roots = []
    for node in sorted(nodes.values(), key=lambda n: (n.trace.start_time, n.trace.trace_id)):
        parent_id = node.trace.parent_trace_id
        parent_node = nodes.get(parent_id) if parent_id else None
        if parent_node is not None and node.depth == parent_node.depth + 1:
            parent_node.children.append(node)
        else:
            roots.append(node)
    ordered = list(_depth_first(roots))
    _place_on_axis(ordered)
    return ordered


def _depth_first(spans: list[Span]) -> Iterable[Span]:
    for span in spans:
        yield span
        yield from _depth_first(span.children)


def _place_on_axis(spans: list[Span]) -> None:
    """Offset and width of each span as a percentage of the tree's whole time window."""
    if not spans:
        return
    start = min(span.trace.start_time for span in spans)
    end = max((_end(span.trace) for span in spans), default=start)
    window = max((end - start).total_seconds(), 0.001)
    for span in spans:
        span.offset_pct = round((span.trace.start_time - start).total_seconds() / window * 100, 2)
        length = (_end(span.trace) - span.trace.start_time).total_seconds() / window * 100
        span.width_pct = round(max(length, 0.5), 2)


def _end(trace: Trace) -> datetime:
    if trace.end_time is not None:
        return trace.end_time
    if trace.duration_ms is not None:
        return trace.start_time + timedelta(milliseconds=trace.duration_ms)
    return trace.start_time


def _oldest_first(row: TimelineRow) -> tuple[bool, datetime, int, str]:
    return (row.at is None, row.at or datetime.min, KIND_ORDER[row.kind], str(row.record.pk))


def _audit_rows(queryset: QuerySet[Any], limit: int, newest: bool = False) -> list[TimelineRow]:
    order = ("-created_at", "-id") if newest else ("created_at", "id")
    return [
        TimelineRow(
            "audit",
            log.created_at,
            log.get_action_type_display(),
            log.get_result_display(),
            log,
            log.trace_id,
        )
        for log in queryset.select_related("tenant", "user", "agent").order_by(*order)[:limit]
    ]


def _event_rows(queryset: QuerySet[Any], limit: int, newest: bool = False) -> list[TimelineRow]:
    order = ("-created_at", "-id") if newest else ("created_at", "id")
    return [
        TimelineRow(
            "event",
            event.created_at,
            f"{event.event_type} · {event.source}",
            event.get_status_display(),
            event,
            event.trace_id,
        )
        for event in queryset.order_by(*order)[:limit]
    ]


def _interacao_rows(queryset: QuerySet[Any], limit: int, newest: bool = False) -> list[TimelineRow]:
    order = ("-created_at", "-id") if newest else ("created_at", "id")
    return [
        TimelineRow(
            "interacao",
            row.created_at,
            f"{row.tipo} via {row.canal}",
            row.sentimento or "",
            row,
            row.trace_id,
        )
        for row in queryset.select_related("lead").order_by(*order)[:limit]
    ]


def _trace_row(trace: Trace) -> TimelineRow:
    duration = f" · {trace.duration_ms} ms" if trace.duration_ms is not None else ""
    return TimelineRow(
        "trace",
        trace.start_time,
        f"{trace.span_name} · {trace.service_name}{duration}",
        trace.get_status_display(),
        trace,
        trace.trace_id,
    )


def _subjects(rows: list[TimelineRow]) -> tuple[uuid.UUID | None, uuid.UUID | None]:
    """The tenant and the lead the rows are about, for "around this moment"."""
    tenant_id = lead_id = None
    for row in rows:
        record = row.record
        if isinstance(record, Trace):
            tenant_id = tenant_id or record.tenant_id
            lead_id = lead_id or record.lead_id
        elif isinstance(record, AuditLog):
            tenant_id = tenant_id or record.tenant_id
            lead_id = lead_id or _uuid((record.context or {}).get("leadId"))
            lead_id = lead_id or _uuid((record.context or {}).get("lead_id"))
        elif isinstance(record, Interacao):
            lead_id = lead_id or record.lead_id
            tenant_id = tenant_id or record.lead.tenant_id
        elif isinstance(record, Event):
            metadata = record.metadata if isinstance(record.metadata, dict) else {}
            tenant_id = tenant_id or _uuid(metadata.get("tenantId"))
            lead_id = lead_id or _uuid(metadata.get("leadId"))
    if tenant_id is None and lead_id is not None:
        tenant_id = Lead.objects.filter(pk=lead_id).values_list("tenant_id", flat=True).first()
    return tenant_id, lead_id


def audit_logs_naming_lead(lead_id: uuid.UUID) -> QuerySet[AuditLog]:
    """Audit rows whose context names the lead (`leadId`, or `lead_id` as the demo data
    spells it): the expression SQL migration 017 indexes."""
    return AuditLog.objects.annotate(
        lead_key=Coalesce(KT("context__leadId"), KT("context__lead_id"))
    ).filter(lead_key=str(lead_id))


def _uuid(value: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


def around_moment(
    *,
    at: datetime,
    minutes: int,
    tenant_id: uuid.UUID | None = None,
    lead_id: uuid.UUID | None = None,
    limit: int = AROUND_LIMIT,
) -> list[TimelineRow]:
    """The tenant's (or, given a lead, the lead's) rows from `minutes` before to after `at`,
    across audit logs, events, traces and interactions, oldest first."""
    if (tenant_id is None) == (lead_id is None):
        raise ValueError("around_moment needs exactly one of tenant_id and lead_id")
    start, end = at - timedelta(minutes=minutes), at + timedelta(minutes=minutes)
    created = Q(created_at__gte=start, created_at__lte=end)
    if lead_id is not None:
        audits = audit_logs_naming_lead(lead_id).filter(created)
        events = Event.objects.annotate(subject=KT("metadata__leadId")).filter(
            created, subject=str(lead_id)
        )
        traces = Trace.objects.filter(lead_id=lead_id)
        interacoes = Interacao.objects.filter(created, lead_id=lead_id)
    else:
        assert tenant_id is not None
        audits = AuditLog.objects.filter(created, tenant_id=tenant_id)
        events = Event.objects.annotate(subject=KT("metadata__tenantId")).filter(
            created, subject=str(tenant_id)
        )
        traces = Trace.objects.filter(tenant_id=tenant_id)
        interacoes = Interacao.objects.filter(created, lead__tenant_id=tenant_id)
    traces = traces.filter(start_time__gte=start, start_time__lte=end)
    rows = (
        _audit_rows(audits, limit)
        + _event_rows(events, limit)
        + [_trace_row(trace) for trace in traces.order_by("start_time", "id")[:limit]]
        + _interacao_rows(interacoes, limit)
    )
    rows.sort(key=_oldest_first)
    return rows
