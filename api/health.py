"""`GET /health`: production's health answer, within HEALTH_DB_TIMEOUT_SECONDS (+ a
little) even when the database hangs or is gone.

The probe (`SELECT 1`) runs on a libpq connection of its own, in the request's thread,
against a deadline: libpq's `connect_timeout` bounds connecting, and the query is sent
and its answer awaited on the socket with what is left of the timeout, so a database
that does not answer gives 503 `db_status: disconnected` in time, never a hung worker.
A probe that ran out of time closes its connection; the next one connects again. One
probe runs at a time in a process: concurrent health requests wait for the connection
at most the timeout.
"""

import os
import select
import threading
import time
from datetime import UTC, datetime

import psycopg
from django.conf import settings
from django.db import connection
from psycopg import conninfo, pq
from psycopg.pq.abc import PGconn

SERVICE_NAME = "Fibonacci Orquestrador"
# libpq's least connect_timeout, in whole seconds.
MIN_CONNECT_TIMEOUT = 2
PARAM_KEYS = ("dbname", "user", "password", "host", "port", "sslmode", "sslrootcert", "options")


class _Probe:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pid = 0
        self.conn: PGconn | None = None

    def _params(self, timeout: float) -> dict:
        params = connection.get_connection_params()
        out = {key: params[key] for key in PARAM_KEYS if params.get(key) not in (None, "")}
        out["connect_timeout"] = max(MIN_CONNECT_TIMEOUT, int(timeout))
        out["application_name"] = "alquimista-backoffice-health"
        return out

    def _connected(self, timeout: float) -> PGconn | None:
        if self.pid != os.getpid():  # a forked worker: the parent's socket is not ours
            self.pid = os.getpid()
            self.conn = None
        if self.conn is None or self.conn.status != pq.ConnStatus.OK:
            self._discard()
            conn = pq.PGconn.connect(conninfo.make_conninfo(**self._params(timeout)).encode())
            if conn.status != pq.ConnStatus.OK:
                conn.finish()
                return None
            conn.nonblocking = 1
            self.conn = conn
        return self.conn

    @staticmethod
    def _select_one(conn: PGconn, deadline: float) -> bool:
        poller = select.poll()
        poller.register(conn.socket, select.POLLIN | select.POLLOUT)
        conn.send_query(b"SELECT 1")
        while conn.flush():
            if not poller.poll(max(deadline - time.monotonic(), 0) * 1000):
                return False
        poller.modify(conn.socket, select.POLLIN)
        conn.consume_input()
        while conn.is_busy():
            if not poller.poll(max(deadline - time.monotonic(), 0) * 1000):
                return False
            conn.consume_input()
        statuses = []
        while (result := conn.get_result()) is not None:
            statuses.append(result.status)
        return statuses == [pq.ExecStatus.TUPLES_OK]

    def reachable(self, timeout: float) -> bool:
        started = time.monotonic()
        if not self.lock.acquire(timeout=timeout):
            return False
        try:
            return self._probe(timeout, waited=time.monotonic() - started)
        finally:
            self.lock.release()

    def _probe(self, timeout: float, waited: float) -> bool:
        """`SELECT 1` on the probe's connection; on a connection the server has ended
        since (a restart, a failover), once more on a new one."""
        deadline = time.monotonic() + timeout - waited
        reused = self.conn is not None
        if not reused and waited > timeout / 2:
            return False  # long behind a probe that failed: the database is not answering
        for _ in range(2 if reused else 1):
            try:
                conn = self._connected(timeout)
                if conn is not None and self._select_one(conn, deadline):
                    return True
            except (OSError, psycopg.Error):
                pass
            self._discard()
            if time.monotonic() >= deadline:
                break
        return False

    def _discard(self) -> None:
        if self.conn is not None:
            self.conn.finish()
            self.conn = None

    def close(self) -> None:
        """Close the probe's connection (tests, before their database is dropped)."""
        with self.lock:
            self._discard()


_probe = _Probe()


def database_reachable() -> bool:
    return _probe.reachable(settings.HEALTH_DB_TIMEOUT_SECONDS)


def health_body() -> tuple[dict, int]:
    """Production's health document and its status (200, or 503 without the database)."""
    ok = database_reachable()
    body = {
        "ok": ok,
        "service": SERVICE_NAME,
        "environment": settings.ENVIRONMENT,
        "db_status": "connected" if ok else "disconnected",
        "timestamp": iso_now(),
    }
    return body, 200 if ok else 503


def iso_now() -> str:
    """Now as JavaScript's toISOString() writes it: UTC, milliseconds, `Z`."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
