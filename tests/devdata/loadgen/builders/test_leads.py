"""Leads: the platform's constraints kept, both generations of contact columns."""

import re
from collections import Counter
from datetime import timedelta

import pytest

from core.brazil import is_valid_cnpj
from devdata.loadgen.distributions import LEAD_STATUSES
from devdata.loadgen.timeline import utc_now
from nigredo.models import Lead
from platform_app.models import Tenant

pytestmark = pytest.mark.django_db
EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")
E164 = re.compile(r"^\+[1-9]\d{1,14}$")


def test_leads_keep_the_constraints(small_run):
    leads = small_run.added["leads"]
    tenant_ids = set(Tenant.objects.values_list("pk", flat=True))

    assert {lead.tenant_id for lead in leads} <= tenant_ids
    assert all(lead.email or lead.telefone for lead in leads)
    assert all(EMAIL.match(lead.email) for lead in leads if lead.email)
    assert all(E164.match(lead.phone) for lead in leads if lead.phone)
    assert all(E164.match(lead.telefone) for lead in leads if lead.telefone)
    assert all(0 <= lead.priority_score <= 100 for lead in leads)
    assert all(len(lead.message) <= 1000 for lead in leads if lead.message)
    assert all(is_valid_cnpj(lead.cnpj) for lead in leads if lead.cnpj)
    assert all(lead.consent_date for lead in leads if lead.consent_given)


def test_statuses_are_production_s_and_mostly_new(small_run):
    statuses = Counter(lead.status for lead in small_run.added["leads"])

    assert set(statuses) <= {status.value for status in LEAD_STATUSES}
    assert statuses.most_common(1)[0][0] == Lead.Status.NOVO


def test_both_generations_of_contact_columns_and_some_consent(small_run):
    leads = small_run.added["leads"]
    consent = sum(lead.consent_given for lead in leads) / len(leads)

    assert 0.25 <= consent <= 0.55
    assert any(lead.cnpj and not lead.company for lead in leads), "from the pipeline"
    assert any(lead.company and lead.name and lead.ip_address for lead in leads), "from the form"


def test_times_span_two_years_and_some_tenants_are_big(small_run):
    leads = small_run.added["leads"]
    now = utc_now()
    created = [lead.created_at.replace(tzinfo=None) for lead in leads]

    assert min(created) >= now - timedelta(days=731)
    assert max(created) <= now
    biggest = Counter(lead.tenant_id for lead in leads).most_common(1)[0][1]
    assert biggest > len(leads) / 3, "leads are spread unevenly, some tenants are big"
