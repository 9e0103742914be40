"""PostgreSQL backend for a database whose timestamps are `timestamp without time zone` in UTC.

Django assumes `timestamptz` columns and converts them to local time with a bare
`col AT TIME ZONE 'America/Sao_Paulo'`; on a `timestamp` column that expression reads
the value as São Paulo time instead, shifting every date truncation and extraction.
Casting to `timestamptz` first (the session time zone is UTC) is right for both kinds.

The connection's health check (CONN_HEALTH_CHECKS, before a request's first query) costs
no round trip: see `DatabaseWrapper.is_usable`. `DatabaseWrapper.prepared_cursor` runs the
few fixed statements every API request sends as prepared statements, and `from_row` makes
models of what they read.
"""

import select
from collections.abc import Iterator
from typing import Any, TypeVar, cast

import psycopg
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.postgresql import base, operations
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper
from django.db.models import Model
from psycopg import pq

M = TypeVar("M", bound=Model)
# Notifications or notices may wait on a live connection; a closed one stays readable.
MAX_PENDING_READS = 8
BROKEN_TRANSACTION_STATES = (pq.TransactionStatus.INERROR, pq.TransactionStatus.UNKNOWN)


class DatabaseOperations(operations.DatabaseOperations):
    def _convert_sql_to_tz(self, sql, params, tzname):
        if tzname and settings.USE_TZ:
            tzname_param = self._prepare_tzname_delta(tzname)
            return f"({sql})::timestamptz AT TIME ZONE %s", (*params, tzname_param)
        return sql, params

    def last_executed_query(self, cursor, sql, params):
        """A prepared statement's run keeps no text (the query log, the debug toolbar):
        its SQL with the parameters written in, as Django shows its own queries."""
        if isinstance(cursor, PreparedCursor):
            try:
                return self.compose_sql(sql, params)
            except psycopg.errors.DataError:
                return sql
        return super().last_executed_query(cursor, sql, params)


STALE_PLAN = "cached plan must not change result type"


class PreparedCursor(psycopg.Cursor):
    """Parameters bound by the server, and each statement prepared on its connection the
    first time it runs: PostgreSQL then skips parsing and planning it (0.5 ms of server
    CPU inline against 0.1 ms prepared, for the audit page's join). psycopg keeps up to
    `prepared_max` statements per connection and forgets them on a rollback.

    A migration that changes a column a prepared statement returns makes PostgreSQL
    refuse to run it ("cached plan must not change result type"): outside a transaction
    the statements are deallocated and the query runs again; inside one, the error
    stands (the transaction is already aborted)."""

    def execute(self, query, params=None, *, prepare=None, binary=None):
        try:
            return super().execute(query, params, prepare=True, binary=binary)
        except psycopg.errors.FeatureNotSupported as exc:
            idle = self.connection.info.transaction_status == pq.TransactionStatus.IDLE
            if not idle or STALE_PLAN not in str(exc):
                raise
            self.connection.execute("DEALLOCATE ALL")  # psycopg forgets its names too
            return super().execute(query, params, prepare=True, binary=binary)


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations

    def prepared_cursor(self) -> CursorWrapper:
        """A cursor whose statements are prepared (`PreparedCursor`), wrapped as Django
        wraps its own: the request's execute wrappers (statement timeout, query count)
        and Django's exceptions. Only for fixed SQL the code writes, whose parameters
        PostgreSQL can type (no `%s` standing for a type it cannot infer)."""
        self.close_if_health_check_failed()
        self.ensure_connection()
        self.validate_thread_sharing()
        with self.wrap_database_errors:
            cursor = PreparedCursor(self.connection)
        wrapper = CursorDebugWrapper if self.queries_logged else CursorWrapper
        return wrapper(cursor, self)

    def is_usable(self) -> bool:
        """Whether the connection can take a query, read off its socket instead of a
        `SELECT 1` round trip per request. An idle connection has nothing to read; a
        server that restarted, failed over or ended the session (pg_terminate_backend,
        an idle timeout) has sent its FATAL message and closed the socket: the socket
        stays readable after the message is consumed, and libpq reads the end of the
        stream as a broken connection."""
        conn = self.connection
        if conn is None or conn.closed or conn.broken:
            return False
        pgconn = conn.pgconn
        try:
            poller = select.poll()
            poller.register(pgconn.socket, select.POLLIN)
            for _ in range(MAX_PENDING_READS):
                if not poller.poll(0):
                    break
                pgconn.consume_input()
        except (OSError, psycopg.Error):
            return False
        return (
            pgconn.status == pq.ConnStatus.OK
            and pgconn.transaction_status not in BROKEN_TRANSACTION_STATES
        )


def prepared_cursor(using: str = DEFAULT_DB_ALIAS) -> CursorWrapper:
    """`DatabaseWrapper.prepared_cursor` of the `using` connection."""
    return cast(DatabaseWrapper, connections[using]).prepared_cursor()


def from_row(model: type[M], fields: list[Any], values: Iterator[Any], using: str) -> M:
    """An instance of `model` from the next `len(fields)` values of a row read with plain
    SQL (`fields` in the model's order), converted as the ORM converts them; the model's
    other fields deferred."""
    db = connections[using]
    read = []
    for field in fields:
        value = next(values)
        for convert in field.get_db_converters(db):
            value = convert(value, None, db)
        read.append(value)
    return model.from_db(using, [field.attname for field in fields], read)
