"""The operations page: superusers only; migrations, database, last writes, overdue rows."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from billing.models import Trial
from helpdesk.selectors.operations import operations_report
from tests.factories import StaffUserFactory
from tests.helpdesk.builders import event

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("needs_pg_trgm")
def test_the_report_reads_migrations_catalogue_and_last_writes():
    newest = event(timezone.now() - timedelta(minutes=3), source="fonte.teste")
    Trial.objects.create(
        user_id=uuid.uuid4(),
        target_type="agent",
        target_id=uuid.uuid4(),
        expires_at=timezone.now() - timedelta(hours=1),
        status="active",
    )

    report = operations_report()

    assert report.pending_migrations == []
    assert any(
        line.startswith("017_add_support_dashboard_summaries") for line in report.migration_lines
    )
    assert report.validate_gaps == []
    assert "views: 4/4 present" in report.validate_report
    assert report.version.startswith("PostgreSQL")
    assert sum(count for _, count in report.connections) >= 1
    sources = {source.name: source.at for source in report.event_sources}
    assert sources["fonte.teste"] == newest.created_at
    tables = {(t.schema, t.name) for t in report.tables}
    assert ("alquimista_platform", "audit_logs") in tables
    assert ("nigredo_leads", "dashboard_leads_daily") in tables
    assert {t.name for t in report.lambda_tables} >= {"nigredo_leads.leads", "public.trials"}
    assert report.expired_active_trials == 1


def test_only_superusers_open_the_page(client, admin_client):
    client.force_login(StaffUserFactory(groups=["Suporte"]))

    assert client.get(reverse("helpdesk:operations")).status_code == 403
    page = admin_client.get(reverse("helpdesk:operations"))
    assert page.status_code == 200
    assert "O banco confere com os arquivos de migração." in page.text
