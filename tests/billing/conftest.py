import pytest
from django.db import connection

from platform_app.actors import Actor

STAFF = Actor(staff_username="gestora.interna")


@pytest.fixture
def failing_inserts():
    """make(table): from now on, in this test's transaction, an INSERT into the table fails
    in PostgreSQL, as a constraint or a lost connection would in the middle of a change."""

    def make(table: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE FUNCTION pg_temp.refuse_insert() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'insert refused by the test'; END $$"
            )
            cursor.execute(
                f"CREATE TRIGGER refuse_insert BEFORE INSERT ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION pg_temp.refuse_insert()"
            )

    return make
