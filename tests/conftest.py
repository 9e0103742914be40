from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from dbschema.runner import missing_extensions
from tests.support.auth import StaffClient
from tests.support.databases import ScratchDatabase


@pytest.fixture
def client():
    """A client whose force_login also passes the second factor (tests/support/auth.py)."""
    return StaffClient()


@pytest.fixture
def admin_client(db, admin_user):
    client = StaffClient()
    client.force_login(admin_user)
    return client


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database gets the project's SQL migrations after Django's own."""
    with django_db_blocker.unblock():
        call_command("dbmigrations", "apply", verbosity=0)
        call_command("create_staff_groups", stdout=StringIO())


@pytest.fixture(autouse=True)
def close_health_probe():
    """/health's probe keeps a connection of its own: close it before the test database
    is dropped."""
    yield
    from api import health

    health._probe.close()


@pytest.fixture
def scratch_db(django_db_blocker):
    """An empty database of its own on the test server, dropped after the test."""
    with django_db_blocker.unblock():
        database = ScratchDatabase()
    yield database
    database.drop()


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The demo data, loaded once per module inside a transaction rolled back after it;
    the value is what `load_demo_data` printed."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            out = StringIO()
            call_command("load_demo_data", stdout=out)
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def needs_pg_trgm(django_db_blocker):
    """Skips a test of migration 014's trigram indexes on a server without pg_trgm (the
    embedded pgserver ships no contrib modules, so `apply` leaves 014 pending there)."""
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        if missing_extensions(cursor, ["pg_trgm"]):
            pytest.skip("this PostgreSQL server offers no pg_trgm: migration 014 stays pending")
