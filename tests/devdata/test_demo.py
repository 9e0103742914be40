"""`manage.py load_demo_data` and `load_reference_data`, run against PostgreSQL."""

import io
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from billing.models import (
    CommercialRequest,
    Subnucleo,
    SubnucleoAgent,
    SubscriptionPlan,
    TenantSubscriptionSummary,
)
from core.brazil import format_cnpj, is_valid_cnpj
from devdata.demo.demo import UNSUBSCRIBED_LEAD_ID, platform_tables, table_counts, table_name
from fibonacci.models import Event, Trace
from nigredo.models import Agendamento, BlocklistEntry, Interacao, Lead
from platform_app.models import Agent, ApprovalRequest, AuditLog, PlatformUser, Tenant

README_PLANS = {
    "starter": (Decimal("297.00"), Decimal("2970.00"), 1, 8, 3, False),
    "profissional": (Decimal("697.00"), Decimal("6970.00"), 2, 16, 10, True),
    "expert": (Decimal("1497.00"), Decimal("14970.00"), 4, 24, 25, True),
    "enterprise": (Decimal("2997.00"), Decimal("29970.00"), 7, 32, 999999, True),
}
README_SUBNUCLEOS = {
    "saude-telemedicina": "saude",
    "educacao-ead": "educacao",
    "eventos-relacionamento": "eventos",
    "vendas-sdr": "vendas",
    "cobranca-financeiro": "financeiro",
    "servicos-field": "servicos",
    "organizacoes-juridico": "organizacoes",
}
APPROVAL_STATUSES = {"pending", "approved", "rejected", "expired", "cancelled"}


def run(command: str) -> str:
    """Run a management command; return what it printed."""
    out = io.StringIO()
    call_command(command, stdout=out)
    return out.getvalue()


def primary_keys() -> dict[str, set]:
    """The primary keys of every platform table."""
    return {
        table_name(model): set(model._default_manager.values_list("pk", flat=True))
        for model in platform_tables()
    }


def user_ids(tenant_id: uuid.UUID) -> set[str]:
    """The ids of a tenant's users, as approval requests list them."""
    return {str(user.pk) for user in PlatformUser.objects.filter(tenant_id=tenant_id)}


@pytest.fixture
def demo(db) -> str:
    """The demo data, loaded once; the command's output."""
    return run("load_demo_data")


def test_second_run_creates_nothing(demo):
    counts, keys = table_counts(), primary_keys()

    output = run("load_demo_data")

    assert table_counts() == counts
    assert primary_keys() == keys
    assert "(0 new)" in output


def test_summary_is_one_line_with_the_counts(demo):
    assert demo.count("\n") == 1
    assert "(0 new)" not in demo
    listed = dict(entry.rsplit(" ", 1) for entry in demo.split(": ", 1)[1].strip().split(", "))
    assert listed["alquimista_platform.tenants"] == "5"
    assert listed["nigredo_leads.leads"] == "60"


def test_every_cnpj_is_valid_and_formatted(demo):
    cnpjs = [
        *Tenant.objects.values_list("cnpj", flat=True),
        *Lead.objects.exclude(cnpj=None).values_list("cnpj", flat=True),
        *CommercialRequest.objects.exclude(cnpj=None).values_list("cnpj", flat=True),
    ]

    assert len(cnpjs) > 60
    assert [c for c in cnpjs if not is_valid_cnpj(c) or format_cnpj(c) != c] == []


def test_reference_data_matches_the_readme(demo):
    plans = {
        p.name: (
            p.price_monthly,
            p.price_yearly,
            p.max_subnucleos,
            p.max_agents,
            p.max_users,
            p.includes_fibonacci,
        )
        for p in SubscriptionPlan.objects.all()
    }
    linked_agents = set(SubnucleoAgent.objects.values_list("agent_id", flat=True))

    assert plans == README_PLANS
    assert dict(Subnucleo.objects.values_list("name", "category")) == README_SUBNUCLEOS
    assert Agent.objects.count() == 32
    assert linked_agents == set(Agent.objects.values_list("id", flat=True))


def test_reference_loader_restores_listed_values_and_deletes_nothing(db):
    run("load_reference_data")
    counts = table_counts()
    SubscriptionPlan.objects.filter(name="starter").update(price_monthly=Decimal("1.00"))

    output = run("load_reference_data")

    assert SubscriptionPlan.objects.get(name="starter").price_monthly == Decimal("297.00")
    assert table_counts() == counts
    assert "4 plans, 7 SubNúcleos, 32 agents" in output


def test_unsubscribed_lead_is_left_as_the_descadastro_flow_leaves_it(demo):
    now = timezone.now()
    unsubscribed = list(Lead.objects.filter(status="descadastrado"))

    assert [lead.pk for lead in unsubscribed] == [UNSUBSCRIBED_LEAD_ID]
    for lead in unsubscribed:
        meetings = Agendamento.objects.filter(lead=lead, data_hora__gt=now)
        assert meetings.exists()
        assert set(meetings.values_list("status", flat=True)) == {"cancelado"}
        assert BlocklistEntry.objects.filter(
            lead=lead, email=lead.email, telefone=lead.telefone
        ).exists()
        assert AuditLog.objects.filter(
            action_type="descadastro", result="success", context__lead_id=str(lead.pk)
        ).exists()


def test_one_lead_belongs_to_a_tenant_that_no_longer_exists(demo):
    orphans = Lead.objects.exclude(tenant_id__in=Tenant.objects.values("id"))

    assert orphans.count() == 1


def test_times_are_spread_over_the_last_ninety_days(demo):
    now = timezone.now()
    created = list(Lead.objects.values_list("created_at", flat=True))

    assert all(now - timedelta(days=90) < moment < now for moment in created)
    assert max(created) - min(created) > timedelta(days=60)


def test_trace_ids_point_at_traces(demo):
    traces = set(Trace.objects.values_list("trace_id", flat=True))
    referenced = {
        *Interacao.objects.values_list("trace_id", flat=True),
        *Event.objects.values_list("trace_id", flat=True),
        *AuditLog.objects.values_list("trace_id", flat=True),
        *Trace.objects.exclude(parent_trace_id=None).values_list("parent_trace_id", flat=True),
    }

    assert referenced <= traces
    assert Trace.objects.filter(status="error").exclude(error_message=None).exists()
    assert not Trace.objects.filter(end_time__isnull=False, duration_ms__isnull=True).exists()


def test_approvals_in_every_status_with_matching_decisions(demo):
    now = timezone.now()
    requests = list(ApprovalRequest.objects.prefetch_related("decisions"))

    assert {r.status for r in requests} == APPROVAL_STATUSES
    for request in requests:
        decisions = {str(d.approver_id): d.decision for d in request.decisions.all()}
        approvals = list(decisions.values()).count("approve")
        assert request.pk.startswith("approval-")
        uuid.UUID(request.pk.removeprefix("approval-"))
        assert request.required_approvals in {1, 2}
        assert set(request.approvers) <= user_ids(request.tenant_id)
        assert set(decisions) <= set(request.approvers)
        if request.status == "approved":
            assert approvals >= request.required_approvals
        else:
            assert approvals < request.required_approvals or "reject" in decisions.values()
        if request.status == "rejected":
            assert "reject" in decisions.values()
        if request.status == "pending":
            assert request.expires_at > now
        if request.status == "expired":
            assert request.expires_at < now


def test_subscription_summary_has_one_row_per_tenant_within_plan_limits(demo):
    rows = list(TenantSubscriptionSummary.objects.all())

    assert sorted(row.tenant_id for row in rows) == sorted(
        Tenant.objects.values_list("id", flat=True)
    )
    for row in rows:
        assert row.subscription_id is not None
        assert 0 < row.active_subnucleos <= row.max_subnucleos
        assert 0 < row.active_agents <= row.max_agents
    for tenant in Tenant.objects.select_related("subscription__plan"):
        assert tenant.users.count() <= tenant.subscription.plan.max_users
