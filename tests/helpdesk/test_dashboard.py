"""The dashboard's figures equal direct SQL counts over the platform's tables."""

import uuid
from datetime import UTC, datetime, time, timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from billing.models import SubscriptionPlan, TenantSubscription, Trial
from helpdesk.selectors import dashboard
from helpdesk.services import dashboard_summaries_refresh
from nigredo.models import MetricaDiaria
from platform_app.models import ApprovalRequest
from tests.factories import LeadFactory, PlatformUserFactory, StaffUserFactory, TenantFactory
from tests.helpdesk.builders import audit, event

pytestmark = pytest.mark.django_db
# The summaries cover the last 40 days before the refresh: the data is dated from today.
TODAY = timezone.localdate()
NOON = timezone.make_aware(datetime.combine(TODAY, time(12)))
# The first instant of the dashboard's 30 days, as the naive UTC the columns hold.
WINDOW_START = (
    timezone.make_aware(datetime.combine(TODAY - timedelta(days=29), time.min))
    .astimezone(UTC)
    .replace(tzinfo=None)
)


def sql(query: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


@pytest.fixture
def volume():
    tenants = [TenantFactory() for _ in range(3)]
    statuses = ["novo", "qualificado", "descadastrado", "novo"]
    for index in range(24):
        LeadFactory(
            tenant=tenants[index % 3],
            status=statuses[index % 4],
            created_at=NOON - timedelta(days=index % 6, hours=index % 5),
        )
    for index in range(30):
        audit(
            NOON - timedelta(days=index % 4, hours=index % 7),
            result=["success", "failure", "partial"][index % 3],
        )
    for index in range(10):
        event(NOON, status=["published", "processed", "failed"][index % 3])
    return tenants


def test_leads_per_day_equal_sql_counts_of_the_leads(volume):
    dashboard_summaries_refresh()

    series = dashboard.leads_per_day(today=TODAY)

    expected = sql(
        "SELECT (created_at AT TIME ZONE 'UTC' AT TIME ZONE 'America/Sao_Paulo')::date, status,"
        " count(*) FROM nigredo_leads.leads"
        " WHERE created_at >= %s GROUP BY 1, 2",
        [WINDOW_START],
    )
    assert expected, "the fixture wrote leads in the window"
    for day, status, count in expected:
        assert series.counts[status][day] == count
    assert sum(sum(series.series(s)) for s in series.counts) == sum(c for *_, c in expected)
    assert set(series.sources.values()) == {"leads"}


def test_a_day_with_daily_metrics_takes_them_instead(volume):
    tenant = volume[0]
    for other, leads_novos in ((tenant, 7), (volume[1], 5)):
        MetricaDiaria.objects.create(
            tenant=other,
            data=TODAY,
            metricas={"leads_novos": leads_novos, "agendamentos": 2, "descadastros": "?"},
        )
    dashboard_summaries_refresh()

    series = dashboard.leads_per_day(today=TODAY)

    assert series.sources[TODAY] == "metricas_diarias"
    assert series.counts["novo"][TODAY] == 12
    assert series.counts["agendado"][TODAY] == 4
    assert series.counts["descadastrado"][TODAY] == 0  # not a number: not counted
    assert "qualificado" not in series.counts or TODAY not in series.counts["qualificado"]
    assert series.sources[TODAY - timedelta(days=1)] == "leads"


def test_audit_results_per_day_equal_sql_counts(volume):
    dashboard_summaries_refresh()

    series = dashboard.audit_results_per_day(today=TODAY)

    expected = sql(
        "SELECT (created_at AT TIME ZONE 'UTC' AT TIME ZONE 'America/Sao_Paulo')::date, result,"
        " count(*) FROM alquimista_platform.audit_logs WHERE created_at >= %s GROUP BY 1, 2",
        [WINDOW_START],
    )
    for day, result, count in expected:
        assert series.counts[result][day] == count
    assert sum(c for *_, c in expected) == 30


def test_events_by_status_equal_sql_counts(volume):
    dashboard_summaries_refresh()

    figures = dashboard.events_by_status()

    expected = dict(sql("SELECT status, count(*) FROM fibonacci_core.events GROUP BY status"))
    assert {key: count for key, _, count in figures.items} == expected
    assert figures.refreshed_at is not None


def test_pending_approvals_by_age_and_trials_due(volume):
    now = timezone.now()
    tenant = volume[0]
    requester = PlatformUserFactory(tenant=tenant)
    for hours, status in (
        (0.5, "pending"),
        (3, "pending"),
        (30, "pending"),
        (200, "pending"),
        (3, "approved"),
    ):
        ApprovalRequest.objects.create(
            id=f"approval-{uuid.uuid4()}",
            tenant=tenant,
            requested_by=requester,
            action_type="agent.activate",
            resource_type="agent",
            action_details={},
            approvers=[],
            status=status,
            expires_at=now + timedelta(days=1),
            created_at=now - timedelta(hours=hours),
        )
    for hours, status in (
        (1, "active"),
        (5, "active"),
        (23, "active"),
        (30, "active"),
        (2, "expired"),
    ):
        Trial.objects.create(
            user_id=uuid.uuid4(),
            target_type="agent",
            target_id=uuid.uuid4(),
            expires_at=now + timedelta(hours=hours),
            status=status,
        )

    ages = dashboard.pending_approvals_by_age(now=now)
    trials = dashboard.trials_expiring(now=now)

    assert [count for *_, count in ages.items] == [1, 1, 1, 1]
    assert (
        ages.total
        == sql(
            "SELECT count(*) FROM alquimista_platform.approval_requests WHERE status = 'pending'"
        )[0][0]
    )
    assert [count for *_, count in trials.items] == [1, 1, 0, 0, 0, 1]
    assert (
        trials.total
        == sql(
            "SELECT count(*) FROM public.trials WHERE status = 'active'"
            " AND expires_at >= %s AND expires_at < %s",
            [now.replace(tzinfo=None), (now + timedelta(hours=24)).replace(tzinfo=None)],
        )[0][0]
    )


def test_tenants_by_plan_equal_sql_counts(volume):
    plan = SubscriptionPlan.objects.create(
        name=f"plano-{uuid.uuid4().hex[:6]}",
        display_name="Plano Teste",
        price_monthly=1,
        price_yearly=10,
    )
    TenantSubscription.objects.create(
        tenant=volume[0], plan=plan, billing_cycle="monthly", amount=1
    )

    figures = dashboard.tenants_by_plan()

    by_label = {label: count for _, label, count in figures.items}
    assert by_label["Plano Teste"] == 1
    assert figures.total == sql("SELECT count(*) FROM alquimista_platform.tenants")[0][0]
    assert (
        by_label["sem assinatura"]
        == sql(
            "SELECT count(*) FROM alquimista_platform.tenants t WHERE NOT EXISTS"
            " (SELECT 1 FROM public.tenant_subscriptions s WHERE s.tenant_id = t.id)"
        )[0][0]
    )


def test_the_index_shows_each_chart_linking_to_its_changelist(client, volume):
    dashboard_summaries_refresh()
    client.force_login(StaffUserFactory(groups=["Suporte"]))

    page = client.get(reverse("admin:index"))

    assert page.status_code == 200
    charts = {chart.key: chart for chart in page.context["charts"]}
    assert set(charts) == {"leads", "audit", "events", "approvals", "trials", "plans"}
    assert charts["events"].link == reverse("admin:fibonacci_event_changelist")
    failed = charts["events"].datasets[0]["links"][charts["events"].labels.index("falhou")]
    assert failed == reverse("admin:fibonacci_event_changelist") + "?status=failed"
    assert "helpdesk/vendor/chart.umd.min.js" in page.text
    assert 'id="helpdesk-charts"' in page.text
    for chart in charts.values():  # every link opens a changelist that answers
        for link in [chart.link, *chart.datasets[0]["links"][:3]]:
            assert client.get(link).status_code == 200, link


def test_staff_see_only_the_charts_of_lists_they_may_open(client):
    client.force_login(StaffUserFactory(groups=["Aprovadores"]))

    page = client.get(reverse("admin:index"))

    assert [chart.key for chart in page.context["charts"]] == ["approvals"]


def test_the_refresh_command(capsys):
    from django.core.management import call_command

    call_command("refresh_dashboard")

    assert "Refreshed fibonacci_core.dashboard_events_status" in capsys.readouterr().out
