"""`GET /health`: production's health answer, within HEALTH_DB_TIMEOUT_SECONDS (+ a
little) even when the database hangs or is gone.

The probe (`SELECT 1`) runs on a connection of its own in one worker thread per process,
and the request waits for it at most the timeout: a database that does not answer gives
503 `db_status: disconnected` in time, never a hung worker. Concurrent health requests
share the probe in flight instead of queueing behind it.
"""

import os
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import UTC, datetime

import psycopg
from django.conf import settings
from django.db import connection

SERVICE_NAME = "Fibonacci Orquestrador"
PARAM_KEYS = ("dbname", "user", "password", "host", "port", "sslmode", "sslrootcert", "options")


class _Probe:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pid = 0
        self.executor: ThreadPoolExecutor | None = None
        self.inflight: Future | None = None
        self.conn: psycopg.Connection | None = None

    def _params(self, timeout: float) -> dict:
        params = connection.get_connection_params()
        out = {key: params[key] for key in PARAM_KEYS if params.get(key) not in (None, "")}
        out["connect_timeout"] = max(2, int(timeout))
        out["application_name"] = "alquimista-backoffice-health"
        return out

    def _check(self, timeout: float) -> bool:
        try:
            if self.conn is None or self.conn.closed:
                self.conn = psycopg.connect(**self._params(timeout), autocommit=True)
            self.conn.execute("SELECT 1").fetchone()
            return True
        except Exception:
            if self.conn is not None:
                self.conn.close()
            self.conn = None
            return False

    def reachable(self, timeout: float) -> bool:
        with self.lock:
            if self.pid != os.getpid() or self.executor is None:  # a forked worker
                self.pid = os.getpid()
                self.executor = ThreadPoolExecutor(1, thread_name_prefix="health")
                self.inflight = None
                self.conn = None
            if self.inflight is None or self.inflight.done():
                self.inflight = self.executor.submit(self._check, timeout)
            future = self.inflight
        try:
            return future.result(timeout=timeout)
        except FutureTimeout:
            return False

    def close(self) -> None:
        """Close the probe's connection (tests, before their database is dropped)."""
        with self.lock:
            future = self.inflight
        if future is not None:
            future.result()
        if self.conn is not None:
            self.conn.close()
            self.conn = None


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
