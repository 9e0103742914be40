"""Rows of the tables the support tools read, written as the platform's services would."""

import uuid
from datetime import datetime, timedelta

from fibonacci.models import Event, Trace
from nigredo.models import Interacao, Lead
from platform_app.models import AuditLog, Tenant


def span(
    start: datetime,
    *,
    parent: Trace | None = None,
    name: str = "span",
    seconds: float = 1.0,
    tenant: Tenant | None = None,
    lead: Lead | None = None,
    status: str = "completed",
) -> Trace:
    return Trace.objects.create(
        trace_id=uuid.uuid4(),
        parent_trace_id=parent.trace_id if parent else None,
        tenant_id=tenant.pk if tenant else None,
        lead_id=lead.pk if lead else None,
        span_name=name,
        span_type="agent",
        service_name=f"svc-{name}",
        start_time=start,
        end_time=start + timedelta(seconds=seconds),
        status=status,
    )


def audit(
    at: datetime,
    *,
    trace_id: uuid.UUID | None = None,
    tenant: Tenant | None = None,
    action: str = "lead.update",
    result: str = "success",
    context: dict | None = None,
) -> AuditLog:
    return AuditLog.objects.create(
        trace_id=trace_id or uuid.uuid4(),
        tenant=tenant,
        action_type=action,
        result=result,
        context=context if context is not None else {},
        created_at=at,
    )


def event(
    at: datetime,
    *,
    trace_id: uuid.UUID | None = None,
    tenant: Tenant | None = None,
    lead: Lead | None = None,
    status: str = "processed",
    source: str = "nigredo.disparo",
) -> Event:
    metadata = {}
    if tenant is not None:
        metadata["tenantId"] = str(tenant.pk)
    if lead is not None:
        metadata["leadId"] = str(lead.pk)
    return Event.objects.create(
        event_id=f"evt-{uuid.uuid4()}",
        trace_id=trace_id or uuid.uuid4(),
        source=source,
        event_type="message.sent",
        detail={"empresa": "ACME"},
        metadata=metadata,
        status=status,
        created_at=at,
    )


def interacao(at: datetime, *, lead: Lead, trace_id: uuid.UUID | None = None) -> Interacao:
    return Interacao.objects.create(
        lead=lead,
        tipo="abordagem",
        canal="whatsapp",
        mensagem="Olá!",
        trace_id=trace_id or uuid.uuid4(),
        created_at=at,
    )
