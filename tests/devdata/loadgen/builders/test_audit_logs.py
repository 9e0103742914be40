"""Audit rows: production's actions and results, pointing at rows that exist."""

import pytest

from devdata.loadgen.distributions import AUDIT_KINDS
from nigredo.models import Lead
from platform_app.models import Agent, AuditAction, AuditLog, PlatformUser, Tenant
from platform_app.services.audit import PERSONAL_KEYS
from tests.devdata.loadgen.conftest import generate

pytestmark = pytest.mark.django_db


def test_audit_logs_point_at_existing_rows(small_run):
    logs = small_run.added["audit_logs"]
    users = dict(PlatformUser.objects.values_list("pk", "tenant_id"))
    lead_ids = {str(pk) for pk in Lead.objects.values_list("pk", flat=True)}
    mentioned = [log.context["leadId"] for log in logs if "leadId" in (log.context or {})]

    assert {log.tenant_id for log in logs} <= set(Tenant.objects.values_list("pk", flat=True))
    assert all(users[log.user_id] == log.tenant_id for log in logs if log.user_id)
    assert mentioned and set(mentioned) <= lead_ids
    assert all(log.agent_id is None for log in logs), "the test database has no agents"


def test_actions_and_results_are_of_the_enumerations(small_run):
    logs = small_run.added["audit_logs"]
    results = [log.result for log in logs]

    assert {log.action_type for log in logs} <= {kind.action.value for kind in AUDIT_KINDS}
    assert {kind.action for kind in AUDIT_KINDS} <= set(AuditAction)
    assert set(results) <= set(AuditLog.Result.values)
    assert results.count(AuditLog.Result.SUCCESS) > 0.9 * len(logs)
    assert all(log.error_message for log in logs if log.result == AuditLog.Result.FAILURE)


def test_contexts_hold_no_personal_data(small_run):
    keys = {key for log in small_run.added["audit_logs"] for key in (log.context or {})}

    assert keys & PERSONAL_KEYS == set()


def test_audit_logs_name_agents_of_the_catalogue_when_there_are_some():
    agents = {
        Agent.objects.create(
            name=name, display_name=name.title(), description="-", category="vendas"
        ).pk: name
        for name in ("sdr-qualificador", "agendador-reunioes")
    }
    before = set(AuditLog.objects.values_list("pk", flat=True))

    generate(tenants=1, audit_logs=400)

    new = AuditLog.objects.exclude(pk__in=before)
    executed = new.filter(action_type__startswith="agent.")
    assert executed.exists()
    assert all(agents[log.agent_id] == log.context["agentName"] for log in executed)
    assert not new.exclude(action_type__startswith="agent.").exclude(agent=None).exists()
