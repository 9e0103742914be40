"""`timestamp without time zone` columns hold UTC; staff see São Paulo time."""

import select
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import psycopg
import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import timezone

from core.postgresql.base import prepared_cursor
from platform_app.models import Tenant
from tests.support.clusters import wait_for

SAO_PAULO = ZoneInfo("America/Sao_Paulo")
pytestmark = pytest.mark.django_db


def stored_created_at(tenant) -> datetime:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT created_at FROM alquimista_platform.tenants WHERE id = %s", [tenant.pk]
        )
        return cursor.fetchone()[0]


def test_an_instant_is_stored_as_naive_utc_and_read_back_as_aware_utc():
    instant = datetime(2026, 3, 10, 20, 30, tzinfo=SAO_PAULO)

    tenant = Tenant.objects.create(company_name="Fuso Ltda", created_at=instant)

    assert stored_created_at(tenant) == datetime(2026, 3, 10, 23, 30)
    read_back = Tenant.objects.get(pk=tenant.pk).created_at
    assert read_back == instant
    assert read_back.tzinfo == UTC


def test_late_evening_utc_is_the_same_day_in_sao_paulo():
    tenant = Tenant.objects.create(
        company_name="Virada Ltda", created_at=datetime(2026, 7, 1, 23, 30, tzinfo=UTC)
    )

    local = timezone.localtime(Tenant.objects.get(pk=tenant.pk).created_at)

    assert (local.date(), local.hour, local.minute) == (date(2026, 7, 1), 20, 30)


def test_date_lookups_use_the_sao_paulo_calendar_day():
    tenant = Tenant.objects.create(
        company_name="Madrugada Ltda", created_at=datetime(2026, 3, 11, 1, 30, tzinfo=UTC)
    )

    assert Tenant.objects.filter(pk=tenant.pk, created_at__date=date(2026, 3, 10)).exists()
    assert not Tenant.objects.filter(pk=tenant.pk, created_at__date=date(2026, 3, 11)).exists()
    assert Tenant.objects.filter(pk=tenant.pk, created_at__day=10, created_at__hour=22).exists()


def test_rows_written_by_the_lambdas_with_now_read_as_the_current_instant():
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO alquimista_platform.tenants (company_name)"
            " VALUES ('Lambda SA') RETURNING id"
        )
        tenant_id = cursor.fetchone()[0]

    created_at = Tenant.objects.get(pk=tenant_id).created_at

    assert abs((timezone.now() - created_at).total_seconds()) < 60


def test_admin_shows_sao_paulo_time(admin_client):
    tenant = Tenant.objects.create(
        company_name="Relógio Ltda", created_at=datetime(2026, 7, 1, 23, 30, tzinfo=UTC)
    )

    page = admin_client.get(f"/admin/platform_app/tenant/{tenant.pk}/change/")

    assert page.status_code == 200
    assert "01/07/2026 20:30" in page.text


# The health check before a request's first query reads the socket, no SELECT 1 -------


def own_connection():
    """A connection of the default alias outside the test's transaction (autocommit)."""
    wrapper = connections.create_connection(DEFAULT_DB_ALIAS)
    wrapper.ensure_connection()
    return wrapper


def test_a_live_connection_is_usable_and_a_terminated_one_is_not():
    checked = own_connection()
    try:
        assert checked.is_usable()

        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [checked.connection.info.backend_pid])
        wait_for(lambda: not checked.is_usable(), timeout=5)

        checked.health_check_enabled, checked.health_check_done = True, False
        checked.close_if_health_check_failed()
        assert checked.connection is None
    finally:
        checked.close()


def test_notifications_waiting_on_a_connection_leave_it_usable():
    listener, notifier = own_connection(), own_connection()
    try:
        listener.connection.execute("LISTEN backoffice_test")
        for n in range(20):
            notifier.connection.execute(f"NOTIFY backoffice_test, '{n}'")
        wait_for(lambda: bool(select.select([listener.connection.fileno()], [], [], 0)[0]), 5)

        assert listener.is_usable()
        assert listener.connection.execute("SELECT 1").fetchone() == (1,)
    finally:
        listener.close()
        notifier.close()


# The API's hottest statements run prepared --------------------------------------------


@pytest.fixture
def probe_table(django_db_blocker):
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute("CREATE TABLE prepared_probe (id integer, label text)")
        cursor.execute("INSERT INTO prepared_probe VALUES (1, 'um')")
    yield "prepared_probe"
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute("DROP TABLE prepared_probe")


def read_probe() -> list[tuple]:
    with prepared_cursor() as cursor:
        cursor.execute("SELECT id, label FROM prepared_probe WHERE id = %s", [1])
        return cursor.fetchall()


@pytest.mark.django_db(transaction=True)
def test_a_prepared_statement_outlives_a_migration_that_changes_what_it_returns(probe_table):
    assert read_probe() == [(1, "um")]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        assert cursor.fetchone()[0] >= 1

    # Another session (the runner, a Lambda's deploy) alters the table.
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other:
        other.execute("ALTER TABLE prepared_probe ALTER COLUMN label TYPE varchar(20)")

    assert read_probe() == [(1, "um")]
    assert read_probe() == [(1, "um")]
