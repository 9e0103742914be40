from datetime import timedelta

import pytest
from django.utils import timezone

from nigredo import selectors
from nigredo.selectors import tenant_latest_leads
from tests.factories import LeadFactory, TenantFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("few", [1_000, 2])  # both ways of reading them
def test_a_tenants_latest_leads_come_newest_first(few, monkeypatch):
    monkeypatch.setattr(selectors, "FEW_LEADS", few)
    tenant = TenantFactory()
    now = timezone.now()
    leads = [LeadFactory(tenant=tenant, created_at=now - timedelta(days=d)) for d in (3, 1, 2, 5)]
    LeadFactory(created_at=now)  # another tenant's

    latest = tenant_latest_leads(tenant_id=tenant.pk, limit=3)

    assert latest == [leads[1], leads[2], leads[0]]


def test_a_tenant_without_leads_has_none():
    assert tenant_latest_leads(tenant_id=TenantFactory().pk) == []
