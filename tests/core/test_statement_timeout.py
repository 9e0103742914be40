"""Every query of a request runs under DB_STATEMENT_TIMEOUT_MS; a persistent connection
is told so once, not on every request, unless a rollback took the setting back."""

import pytest
from django.db import connection, transaction

from core.outage import StatementTimeout

pytestmark = pytest.mark.django_db(transaction=True)


def session_timeout(milliseconds: int) -> str:
    """`SHOW statement_timeout` as one request bounded by `milliseconds` reads it."""
    with (
        connection.execute_wrapper(StatementTimeout(milliseconds)),
        connection.cursor() as cursor,
    ):
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


def test_a_persistent_connection_is_told_once():
    assert session_timeout(1500) == "1500ms"
    # Behind the requests' back: the next request does not send its SET again.
    connection.connection.execute("SET statement_timeout = 0")

    assert session_timeout(1500) == "0"
    assert session_timeout(1600) == "1600ms"


def test_a_setting_a_rollback_took_back_is_sent_again():
    assert session_timeout(1500) == "1500ms"

    with pytest.raises(RuntimeError), transaction.atomic():
        assert session_timeout(2500) == "2500ms"
        raise RuntimeError("the request failed")

    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "1500ms"
    assert session_timeout(2500) == "2500ms"
    assert session_timeout(1500) == "1500ms"
