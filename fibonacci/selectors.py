"""Reads of the fibonacci_core schema (orchestration events and traces)."""

import uuid

from django.db.models import QuerySet
from django.db.models.fields.json import KT

from fibonacci.models import Event, Trace


def event_list(
    *,
    trace_id: uuid.UUID | None = None,
    tenant_id: uuid.UUID | None = None,
    source: str | None = None,
    event_type: str | None = None,
    status: str | None = None,
) -> QuerySet[Event]:
    """Events matching the filters; the tenant is the `metadata.tenantId` the Lambdas
    stamp (indexed)."""
    events = Event.objects.all()
    if tenant_id is not None:
        events = events.alias(metadata_tenant=KT("metadata__tenantId")).filter(
            metadata_tenant=str(tenant_id)
        )
    filters = {"trace_id": trace_id, "source": source, "event_type": event_type, "status": status}
    return events.filter(**{key: value for key, value in filters.items() if value is not None})


def trace_list(
    *,
    trace_id: uuid.UUID | None = None,
    tenant_id: uuid.UUID | None = None,
    lead_id: uuid.UUID | None = None,
    service_name: str | None = None,
    status: str | None = None,
) -> QuerySet[Trace]:
    """Trace spans matching the filters."""
    filters = {
        "trace_id": trace_id,
        "tenant_id": tenant_id,
        "lead_id": lead_id,
        "service_name": service_name,
        "status": status,
    }
    return Trace.objects.filter(
        **{key: value for key, value in filters.items() if value is not None}
    )
