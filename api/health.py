"""`GET /health`: production's health answer, within HEALTH_DB_TIMEOUT_SECONDS (+ a
little) even when the database hangs or is gone.

The probe (`SELECT 1`) runs on a libpq connection of its own, against a deadline, so a
database that does not answer gives 503 `db_status: disconnected` in time, never a hung
worker:
- on the open connection, in the request's thread: the query is sent and its answer
  awaited on the socket with what is left of the timeout;
- connecting (the first probe, or after a failure) runs on a worker thread the request
  waits for at most that long, since libpq's `connect_timeout` does not bound a host
  name lookup; a connection that arrives late is closed.
A probe whose connection the server ended (a restart, a failover) connects again within
the same check. One probe runs at a time in a process: concurrent health requests wait
for the connection at most the timeout.
"""

import os
import select
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import UTC, datetime

import psycopg
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from psycopg import pq
from psycopg.pq.abc import PGconn

SERVICE_NAME = "Fibonacci Orquestrador"
# libpq's least connect_timeout, in whole seconds.
MIN_CONNECT_TIMEOUT = 2
PARAM_KEYS = ("dbname", "user", "password", "host", "port", "sslmode", "sslrootcert", "options")


class _Probe:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pid = 0
        self.conn: psycopg.Connection | None = None
        self.connector: ThreadPoolExecutor | None = None

    def _params(self, timeout: float) -> dict:
        params = connection.get_connection_params()
        out = {key: params[key] for key in PARAM_KEYS if params.get(key) not in (None, "")}
        out["connect_timeout"] = max(MIN_CONNECT_TIMEOUT, int(timeout))
        out["application_name"] = "alquimista-backoffice-health"
        return out

    def _connected(self, timeout: float, deadline: float) -> PGconn | None:
        if self.pid != os.getpid():  # a forked worker: the parent's socket is not ours
            self.pid = os.getpid()
            self.conn, self.connector = None, None
        if self.conn is not None and self.conn.pgconn.status == pq.ConnStatus.OK:
            return self.conn.pgconn
        self._discard()
        if self.connector is None:
            self.connector = ThreadPoolExecutor(1, thread_name_prefix="health-connect")
        attempt = self.connector.submit(psycopg.connect, **self._params(timeout), autocommit=True)
        try:
            self.conn = attempt.result(timeout=max(deadline - time.monotonic(), 0))
        except FutureTimeout:
            attempt.add_done_callback(_close_late_connection)
            return None
        self.conn.pgconn.nonblocking = 1
        return self.conn.pgconn

    @staticmethod
    def _select_one(conn: PGconn, deadline: float) -> bool:
        """`SELECT 1` sent and answered on the socket before `deadline`."""
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
        deadline = time.monotonic() + timeout
        if not self.lock.acquire(timeout=timeout):
            return False
        try:
            return self._probe(timeout, deadline)
        finally:
            self.lock.release()

    def _probe(self, timeout: float, deadline: float) -> bool:
        """`SELECT 1` on the probe's connection; on a connection the server has ended
        since (a restart, a failover), once more on a new one."""
        for _ in range(2 if self.conn is not None else 1):
            try:
                conn = self._connected(timeout, deadline)
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
            self.conn.close()
            self.conn = None

    def close(self) -> None:
        """Close the probe's connection (tests, before their database is dropped)."""
        with self.lock:
            self._discard()


def _close_late_connection(attempt: "Future[psycopg.Connection]") -> None:
    if attempt.exception() is None:
        attempt.result().close()


_probe = _Probe()


def database_reachable() -> bool:
    return _probe.reachable(settings.HEALTH_DB_TIMEOUT_SECONDS)


def health_response() -> JsonResponse:
    """Production's health document, never cached: 200, or 503 without the database."""
    ok = database_reachable()
    body = {
        "ok": ok,
        "service": SERVICE_NAME,
        "environment": settings.ENVIRONMENT,
        "db_status": "connected" if ok else "disconnected",
        "timestamp": iso_now(),
    }
    return JsonResponse(body, status=200 if ok else 503, headers={"Cache-Control": "no-store"})


def iso_now() -> str:
    """Now as JavaScript's toISOString() writes it: UTC, milliseconds, `Z`."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
