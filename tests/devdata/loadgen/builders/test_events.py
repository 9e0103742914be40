"""Events on the bus: unique ids, production's statuses, tenants and leads that exist."""

import pytest

from fibonacci.models import Event
from nigredo.models import Lead
from platform_app.models import Tenant

pytestmark = pytest.mark.django_db


def test_events_have_unique_ids_and_production_s_statuses(small_run):
    events = small_run.added["events"]

    assert len({e.event_id for e in events}) == len(events)
    assert {e.status for e in events} <= set(Event.Status.values)
    assert all(e.processed_at for e in events if e.status != Event.Status.PUBLISHED)
    assert all(e.error_message for e in events if e.status == Event.Status.FAILED)
    assert {e.source for e in events} >= {"nigredo.prospecting", "fibonacci.orchestrator"}


def test_events_name_tenants_and_leads_that_exist(small_run):
    events = small_run.added["events"]
    tenant_ids = {str(pk) for pk in Tenant.objects.values_list("pk", flat=True)}
    lead_ids = {str(pk) for pk in Lead.objects.values_list("pk", flat=True)}
    with_tenant = [e.metadata["tenantId"] for e in events if "tenantId" in e.metadata]
    with_lead = [e.metadata["leadId"] for e in events if "leadId" in e.metadata]

    assert 0 < len(with_lead) < len(with_tenant) < len(events)
    assert set(with_tenant) <= tenant_ids and set(with_lead) <= lead_ids
