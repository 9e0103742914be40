import pytest
from django.core.management import call_command

from tests.support.databases import ScratchDatabase


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database gets the project's SQL migrations after Django's own."""
    with django_db_blocker.unblock():
        call_command("dbmigrations", "apply", verbosity=0)


@pytest.fixture
def scratch_db(django_db_blocker):
    """An empty database of its own on the test server, dropped after the test."""
    with django_db_blocker.unblock():
        database = ScratchDatabase()
    yield database
    database.drop()
