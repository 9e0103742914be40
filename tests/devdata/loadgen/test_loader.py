"""`generate_load_data`: exact counts, added to what exists, deterministic, refusals."""

import re

import pytest
from django.core.management import CommandError
from django.db import connection, transaction

from fibonacci.models import Event
from nigredo.models import Lead
from platform_app.models import Tenant
from tests.devdata.loadgen.conftest import MODELS, counts, generate

pytestmark = pytest.mark.django_db
TABLES = ("nigredo_leads.leads", "alquimista_platform.audit_logs", "fibonacci_core.events")


def test_a_small_run_writes_exactly_the_counts_asked(small_run):
    after = counts()

    assert {name: after[name] - small_run.before[name] for name in MODELS if name != "users"} == {
        "tenants": 3,
        "leads": 500,
        "audit_logs": 800,
        "events": 300,
        "traces": 75,  # events / 4 by default
    }
    assert 6 <= after["users"] - small_run.before["users"] <= 15
    for table in TABLES:
        assert re.search(
            rf"^{re.escape(table)}: [\d,]+ rows, COPY .* rows/s", small_run.output, re.M
        )
    assert "ANALYZE" in small_run.output


def test_statistics_are_fresh_after_the_load(small_run):
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'nigredo_leads.leads'::regclass")
        assert cursor.fetchone()[0] >= 500


def test_a_second_run_adds_to_existing_tenants():
    generate(tenants=2, audit_logs=10)
    tenants = set(Tenant.objects.values_list("pk", flat=True))
    before = Lead.objects.count()

    generate(leads=50, audit_logs=20)

    assert Lead.objects.count() == before + 50
    assert set(Tenant.objects.values_list("pk", flat=True)) == tenants
    assert set(Lead.objects.values_list("tenant_id", flat=True)) <= tenants


def test_the_same_seed_gives_the_same_data_apart_from_ids():
    def leads_of_a_run(seed: int) -> list[tuple]:
        with transaction.atomic():
            generate(tenants=2, leads=200, seed=seed)
            rows = sorted(
                Lead.objects.values_list(
                    "empresa", "contato", "status", "priority_score", "telefone"
                ),
                key=repr,
            )
            transaction.set_rollback(True)
        return rows

    assert leads_of_a_run(5) == leads_of_a_run(5) != leads_of_a_run(6)


def test_leads_and_audit_logs_without_any_tenant_are_refused():
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM alquimista_platform.tenants")

    with pytest.raises(CommandError, match=r"need at least one tenant.*--tenants N"):
        generate(leads=10)
    with pytest.raises(CommandError, match="need at least one tenant"):
        generate(audit_logs=10)
    generate(events=8)  # events and traces need no tenant
    assert Event.objects.count() >= 8
