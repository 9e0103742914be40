"""When PostgreSQL cannot answer: a 503 that says so, without touching the database.

Two causes, one page (templates/503.html):

- The server cannot be reached. A view that needs the database fails on its first query
  (or on opening the request's transaction); the page says the database is unavailable.
  The next request connects again: persistent connections are health-checked
  (CONN_HEALTH_CHECKS) and the pool discards dead ones, so the same processes serve as
  soon as the server is back.
- A query ran past the request's `statement_timeout` (DB_STATEMENT_TIMEOUT_MS) and
  PostgreSQL cancelled it (SQLSTATE 57014); the page says the query took too long.
  Every request makes sure of the timeout on each connection it uses, just before its
  first query (`StatementTimeout`), so no page can keep the database busy for minutes,
  and a request that never queries never connects.

The middleware answers a pt-BR page for the admin and the API's JSON error for `/api/`
and `/health`. The page is rendered without a request context, so nothing on this path
reads the session or the user. Failures outside a view (a middleware saving the session)
reach `server_error`, which answers the same way.
"""

import sys
import uuid
import weakref
from contextlib import ExitStack

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader

from core.tracing import current_trace_id

RETRY_AFTER_SECONDS = 30
# SQLSTATEs of a server that is going away or not accepting connections yet.
UNAVAILABLE_STATES = ("57P01", "57P02", "57P03")
QUERY_CANCELED = "57014"
JSON_PATHS = ("/api/", "/health")

UNAVAILABLE = {
    "code": "database_unavailable",
    "title": "O banco de dados está indisponível no momento",
    "message": "O banco de dados está indisponível no momento. Tente novamente em instantes.",
    "explanation": "O back-office não conseguiu falar com o PostgreSQL.",
}
TIMED_OUT = {
    "code": "query_timeout",
    "title": "A consulta demorou demais e foi cancelada",
    "message": "A consulta demorou demais e foi cancelada. Refine os filtros ou a busca.",
    "explanation": (
        "A consulta demorou demais e o PostgreSQL a interrompeu, para não prender o banco "
        "de dados. Use filtros ou uma busca mais específica (datas, tenant, status) e "
        "tente de novo."
    ),
}


def is_database_unavailable(exc: BaseException | None) -> bool:
    """A connection that could not be made or was lost; not a query that failed."""
    if isinstance(exc, InterfaceError):
        return True
    if not isinstance(exc, OperationalError):
        return False
    state = getattr(exc.__cause__, "sqlstate", None)
    return state is None or state.startswith("08") or state in UNAVAILABLE_STATES


def is_query_timeout(exc: BaseException | None) -> bool:
    """A query PostgreSQL cancelled (statement_timeout)."""
    return isinstance(exc, OperationalError) and (
        getattr(exc.__cause__, "sqlstate", None) == QUERY_CANCELED
    )


def database_trouble(exc: BaseException | None) -> dict | None:
    if is_database_unavailable(exc):
        return UNAVAILABLE
    if is_query_timeout(exc):
        return TIMED_OUT
    return None


def database_unavailable(request: HttpRequest, trouble: dict = UNAVAILABLE) -> HttpResponse:
    response: HttpResponse
    if request.path.startswith(JSON_PATHS):
        response = JsonResponse(
            {
                "error": trouble["code"],
                "message": trouble["message"],
                "details": {},
                "traceId": str(getattr(request, "trace_id", None) or uuid.uuid4()),
            },
            status=503,
        )
    else:
        page = loader.get_template("503.html").render(
            {"retry_after": RETRY_AFTER_SECONDS, **trouble}
        )
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class StatementTimeout:
    """An execute wrapper: before a connection's first query of the request, make sure
    its `statement_timeout` is the setting's. Sent on the raw connection, so it is neither
    logged nor counted as one of the request's queries, and works under a server-side
    cursor.

    A SET made outside a transaction stays with the session, so a persistent connection
    pays the round trip once (`_applied` remembers it per physical connection); inside a
    transaction, which a rollback would take it back with, it is sent every request."""

    _applied: "weakref.WeakKeyDictionary[object, int]" = weakref.WeakKeyDictionary()

    def __init__(self, milliseconds: int):
        self.milliseconds = int(milliseconds)
        self.done: set[str] = set()

    def __call__(self, execute, sql, params, many, context):
        connection = context["connection"]
        if connection.alias not in self.done:
            self.done.add(connection.alias)
            raw = connection.connection
            if self._applied.get(raw) != self.milliseconds:
                with connection.wrap_database_errors:
                    raw.execute(f"SET statement_timeout = {self.milliseconds}")
                if connection.get_autocommit():
                    self._applied[raw] = self.milliseconds
                else:
                    self._applied.pop(raw, None)
        return execute(sql, params, many, context)


class DatabaseOutageMiddleware:
    """Bound every query of the request by DB_STATEMENT_TIMEOUT_MS, and answer 503 when
    a view fails because the database cannot be reached or a query timed out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timeout = StatementTimeout(settings.DB_STATEMENT_TIMEOUT_MS)
        with ExitStack() as stack:
            for alias in connections:
                stack.enter_context(connections[alias].execute_wrapper(timeout))
            return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        trouble = database_trouble(exception)
        return database_unavailable(request, trouble) if trouble else None


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the 503 page when the database is the cause, else a pt-BR page naming
    the request's trace id (for the report to the developers)."""
    trouble = database_trouble(sys.exc_info()[1])
    if trouble is not None:
        return database_unavailable(request, trouble)
    trace_id = getattr(request, "trace_id", None) or current_trace_id()
    page = loader.get_template("500.html").render({"trace_id": trace_id})
    response = HttpResponse(page, status=500)
    response["Cache-Control"] = "no-store"
    return response
