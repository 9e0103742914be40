"""PostgreSQL backend for a database whose timestamps are `timestamp without time zone` in UTC.

Django assumes `timestamptz` columns and converts them to local time with a bare
`col AT TIME ZONE 'America/Sao_Paulo'`; on a `timestamp` column that expression reads
the value as São Paulo time instead, shifting every date truncation and extraction.
Casting to `timestamptz` first (the session time zone is UTC) is right for both kinds.

The connection's health check (CONN_HEALTH_CHECKS, before a request's first query) costs
no round trip: see `DatabaseWrapper.is_usable`.
"""

import select

import psycopg
from django.conf import settings
from django.db.backends.postgresql import base, operations
from psycopg import pq

# Notifications or notices may wait on a live connection; a closed one stays readable.
MAX_PENDING_READS = 8
BROKEN_TRANSACTION_STATES = (pq.TransactionStatus.INERROR, pq.TransactionStatus.UNKNOWN)


class DatabaseOperations(operations.DatabaseOperations):
    def _convert_sql_to_tz(self, sql, params, tzname):
        if tzname and settings.USE_TZ:
            tzname_param = self._prepare_tzname_delta(tzname)
            return f"({sql})::timestamptz AT TIME ZONE %s", (*params, tzname_param)
        return sql, params


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations

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
