"""`manage.py generate_load_data`: volume that keeps every constraint, written with COPY."""

import re
from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction

from core.brazil import is_valid_cnpj
from dbschema.catalog import read_shape
from devdata.loadgen import AUDIT_ACTIONS, EVENTS, LEAD_STATUSES, utc_now
from fibonacci.models import Event, Trace
from nigredo.models import Lead
from platform_app.models import Agent, AuditLog, PlatformUser, Tenant

pytestmark = pytest.mark.django_db

EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Z|a-z]{2,}$", re.IGNORECASE)
E164 = re.compile(r"^\+[1-9]\d{1,14}$")
MODELS = {
    "tenants": Tenant,
    "users": PlatformUser,
    "leads": Lead,
    "audit_logs": AuditLog,
    "events": Event,
    "traces": Trace,
}


def generate(*args: str, **options) -> str:
    out = StringIO()
    call_command("generate_load_data", *args, stdout=out, **options)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {name: model._default_manager.count() for name, model in MODELS.items()}


def new_rows(model, before: set):
    return model.objects.exclude(pk__in=before)


@pytest.fixture
def small_run():
    """A small run on top of whatever the database holds: its output and the rows it added."""
    before_counts = counts()
    before = {
        name: set(model.objects.values_list("pk", flat=True)) for name, model in MODELS.items()
    }
    output = generate(tenants=3, leads=500, audit_logs=800, events=300, seed=7)
    added = {name: new_rows(model, before[name]) for name, model in MODELS.items()}
    return output, before_counts, added


def test_a_small_run_writes_exactly_the_counts_asked(small_run):
    output, before, _ = small_run
    after = counts()
    assert {name: after[name] - before[name] for name in MODELS if name != "users"} == {
        "tenants": 3,
        "leads": 500,
        "audit_logs": 800,
        "events": 300,
        "traces": 75,  # events / 4 by default
    }
    assert 6 <= after["users"] - before["users"] <= 15
    for table in ("nigredo_leads.leads", "alquimista_platform.audit_logs", EVENTS):
        assert re.search(rf"^{re.escape(table)}: [\d,]+ rows, COPY .* rows/s", output, re.M)
    assert "ANALYZE" in output


def test_tenants_and_users_are_plausible(small_run):
    _, _, added = small_run
    tenants = list(added["tenants"])
    assert all(is_valid_cnpj(t.cnpj) and re.fullmatch(r"\d\d\.\d{3}\.\d{3}/\d{4}-\d\d", t.cnpj)
               for t in tenants)  # fmt: skip
    assert {t.subscription_tier for t in tenants} <= {
        "free", "starter", "profissional", "expert", "enterprise",
    }  # fmt: skip
    users = list(added["users"])
    assert {u.tenant_id for u in users} == {t.pk for t in tenants}
    assert all(EMAIL.match(u.email) for u in users)
    per_tenant = Counter(u.tenant_id for u in users)
    assert all(2 <= n <= 5 for n in per_tenant.values())
    assert sorted(u.user_role for u in users).count("admin") == len(tenants)


def test_leads_keep_the_constraints_and_look_real(small_run):
    _, _, added = small_run
    leads = list(added["leads"])
    tenant_ids = set(Tenant.objects.values_list("pk", flat=True))
    assert all(lead.tenant_id in tenant_ids for lead in leads)
    assert all(lead.email or lead.telefone for lead in leads)
    assert all(EMAIL.match(lead.email) for lead in leads if lead.email)
    assert all(E164.match(lead.phone) for lead in leads if lead.phone)
    assert all(E164.match(lead.telefone) for lead in leads if lead.telefone)
    assert all(0 <= lead.priority_score <= 100 for lead in leads)
    assert all(len(lead.message) <= 1000 for lead in leads if lead.message)
    assert all(is_valid_cnpj(lead.cnpj) for lead in leads if lead.cnpj)

    statuses = Counter(lead.status for lead in leads)
    assert set(statuses) <= set(LEAD_STATUSES)
    assert statuses.most_common(1)[0][0] == "novo"
    consent = sum(lead.consent_given for lead in leads) / len(leads)
    assert 0.25 <= consent <= 0.55
    assert all(lead.consent_date for lead in leads if lead.consent_given)
    # Both generations of contact columns, from the pipeline and from the public form.
    assert any(lead.cnpj and not lead.company for lead in leads)
    assert any(lead.company and lead.name and lead.ip_address for lead in leads)

    now = utc_now()
    created = [lead.created_at.replace(tzinfo=None) for lead in leads]
    assert min(created) >= now - timedelta(days=731)
    assert max(created) <= now
    biggest = Counter(lead.tenant_id for lead in leads).most_common(1)[0][1]
    assert biggest > len(leads) / 3, "leads are spread unevenly, some tenants are big"


def test_audit_logs_point_at_existing_rows(small_run):
    _, _, added = small_run
    logs = list(added["audit_logs"])
    users = dict(PlatformUser.objects.values_list("pk", "tenant_id"))
    tenants = set(Tenant.objects.values_list("pk", flat=True))
    assert all(log.tenant_id in tenants for log in logs)
    assert all(users[log.user_id] == log.tenant_id for log in logs if log.user_id)
    assert {log.action_type for log in logs} <= {action[0] for action in AUDIT_ACTIONS}
    results = Counter(log.result for log in logs)
    assert set(results) <= {"success", "failure"} and results["success"] > 0.9 * len(logs)
    assert all(log.error_message for log in logs if log.result == "failure")
    assert all(log.agent_id is None for log in logs), "the test database has no agents"
    lead_ids = {str(pk) for pk in Lead.objects.values_list("pk", flat=True)}
    mentioned = [log.context["leadId"] for log in logs if "leadId" in (log.context or {})]
    assert mentioned and set(mentioned) <= lead_ids


def test_audit_logs_name_agents_of_the_catalogue_when_there_are_some():
    agents = {
        Agent.objects.create(
            name=name, display_name=name.title(), description="-", category="vendas"
        ).pk: name
        for name in ("sdr-qualificador", "agendador-reunioes")
    }
    generate(tenants=1, audit_logs=400)
    executed = AuditLog.objects.filter(action_type__in=["agent.execute", "agent.activate"])
    assert executed.exists()
    assert all(agents[log.agent_id] == log.context["agentName"] for log in executed)
    assert not AuditLog.objects.exclude(pk__in=executed).exclude(agent=None).exists()


def test_events_and_traces(small_run):
    _, _, added = small_run
    events = list(added["events"])
    assert len({e.event_id for e in events}) == len(events)
    assert {e.status for e in events} <= {"published", "processed", "failed"}
    assert all(e.processed_at for e in events if e.status != "published")
    assert {e.source for e in events} >= {"nigredo.prospecting", "fibonacci.orchestrator"}
    tenant_ids = {str(pk) for pk in Tenant.objects.values_list("pk", flat=True)}
    lead_ids = {str(pk) for pk in Lead.objects.values_list("pk", flat=True)}
    with_tenant = [e.metadata["tenantId"] for e in events if "tenantId" in e.metadata]
    with_lead = [e.metadata["leadId"] for e in events if "leadId" in e.metadata]
    assert 0 < len(with_lead) < len(with_tenant) < len(events)
    assert set(with_tenant) <= tenant_ids and set(with_lead) <= lead_ids

    traces = list(added["traces"])
    assert len({t.trace_id for t in traces}) == len(traces)
    assert {e.trace_id for e in events} & {t.trace_id for t in traces}
    for trace in traces:
        if trace.end_time is None:
            assert trace.duration_ms is None and trace.status == "in_progress"
        else:
            spent = (trace.end_time - trace.start_time).total_seconds() * 1000
            assert abs(trace.duration_ms - spent) <= 0.5, "the trigger computed duration_ms"
    trace_ids = {t.trace_id for t in Trace.objects.all()}
    assert all(t.parent_trace_id in trace_ids for t in traces if t.parent_trace_id)
    assert any(t.parent_trace_id for t in traces)


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
                Lead.objects.values_list("empresa", "status", "priority_score", "telefone"),
                key=repr,
            )
            transaction.set_rollback(True)
        return rows

    assert leads_of_a_run(5) == leads_of_a_run(5) != leads_of_a_run(6)


def test_deferred_indexes_and_keys_come_back_identical_and_enforced():
    with connection.cursor() as cursor:
        shape = read_shape(cursor)
    output = generate(tenants=2, leads=300, audit_logs=300, events=200, indexes="defer")
    assert "dropped for the load, rebuilt after it" in output
    with connection.cursor() as cursor:
        assert read_shape(cursor) == shape
    log = AuditLog.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO alquimista_platform.audit_logs (id, trace_id, action_type, result)"
            " VALUES (%s, gen_random_uuid(), 'x', 'success')",
            [log.pk],
        )
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO alquimista_platform.audit_logs (trace_id, tenant_id, action_type, result)"
            " VALUES (gen_random_uuid(), gen_random_uuid(), 'x', 'success')"
        )


@pytest.mark.parametrize(
    ("args", "options", "message"),
    [
        (["--leads", "-5"], {}, "expected a non-negative integer, got '-5'"),
        (["--events", "many"], {}, "expected a non-negative integer, got 'many'"),
        ([], {"audit_logs": -1}, "--audit-logs must be a non-negative integer, got -1"),
        ([], {"traces": "3"}, "--traces must be a non-negative integer, got '3'"),
        ([], {"indexes": "sometimes"}, "--indexes must be auto, defer or keep"),
    ],
)
def test_bad_arguments_are_refused_clearly(args, options, message):
    before = counts()
    with pytest.raises(CommandError, match=re.escape(message)):
        generate("--tenants", "1", "--leads", "5", *args, **options)
    assert counts() == before


def test_leads_without_any_tenant_are_refused():
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM alquimista_platform.tenants")
    with pytest.raises(CommandError, match=r"need at least one tenant.*--tenants N"):
        generate(leads=10)
    with pytest.raises(CommandError, match="need at least one tenant"):
        generate(audit_logs=10)
    generate(events=8)  # events and traces need no tenant
    assert Event.objects.count() >= 8
