"""Spans and bus events, the way the agents and the platform API leave them."""

import uuid
from datetime import datetime, timedelta
from typing import Any

from devdata.demo.ids import demo_id
from devdata.demo.writer import DemoLead, DemoWriter
from fibonacci.models import Event, Trace


def write_trace(
    w: DemoWriter,
    *,
    trace_id: uuid.UUID,
    span_name: str,
    span_type: str,
    service: str,
    start: datetime,
    end: datetime | None,
    parent: uuid.UUID | None = None,
    lead: DemoLead | None = None,
    tenant_id: uuid.UUID | None = None,
    error: str | None = None,
) -> None:
    """One span; duration_ms is the trigger's to compute."""
    if end is None:
        status = Trace.Status.IN_PROGRESS
    else:
        status = Trace.Status.FAILED if error else Trace.Status.COMPLETED
    if lead is not None:
        tenant_id = w.lead_tenant_id(lead)
    w.put(
        Trace,
        demo_id("trace-row", trace_id),
        trace_id=trace_id,
        parent_trace_id=parent,
        tenant_id=tenant_id,
        lead_id=lead.id if lead else None,
        span_name=span_name,
        span_type=span_type,
        service_name=service,
        start_time=start,
        end_time=end,
        status=status,
        annotations={"ambiente": "demo", "regiao": "us-east-1"},
        metadata={"lambda_request_id": str(demo_id("request", trace_id))},
        error_message=error,
        error_stack=f"Error: {error}\n    at send (/var/task/src/agents/disparo.js:88:15)\n"
        "    at async handler (/var/task/src/index.js:41:5)"
        if error
        else None,
        created_at=start,
    )


def write_event(
    w: DemoWriter,
    *,
    key: str,
    trace_id: uuid.UUID,
    source: str,
    event_type: str,
    detail: dict[str, Any],
    when: datetime,
    status: Event.Status = Event.Status.PROCESSED,
    error: str | None = None,
) -> None:
    """One event on the platform bus."""
    failed = status == Event.Status.FAILED
    failure = {"retry_count": 3, "error_message": error} if failed else {}
    processed = status == Event.Status.PROCESSED
    w.put(
        Event,
        demo_id("event", key),
        event_id=f"evt-{demo_id('event-id', key)}",
        trace_id=trace_id,
        source=source,
        event_type=event_type,
        detail=detail,
        metadata={"versao": "1.0", "barramento": "fibonacci-core"},
        status=status,
        processed_at=when + timedelta(milliseconds=w.rng.randrange(80, 900)) if processed else None,
        created_at=when,
        **failure,
    )
