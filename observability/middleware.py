"""One JSON log line and the metrics of every request; the X-Trace-Id header.

The line names the request, its trace, the staff account's numeric id, the path (never
the query string, where searches carry e-mails and phones), the view, the status and
the duration. Nothing a person typed or a platform row holds reaches the log.
"""

import logging
import time
import uuid
from collections.abc import Callable

from django.db import connections
from django.http import HttpRequest, HttpResponse
from django.utils.functional import empty

from observability import metrics

logger = logging.getLogger("backoffice.requests")

TRACE_HEADER = "X-Trace-Id"
REQUEST_ID_HEADER = "X-Request-Id"


def incoming_id(request: HttpRequest, header: str) -> uuid.UUID | None:
    """The uuid a caller sent in `header`, if it is one."""
    value = request.headers.get(header, "")
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


def loaded_user_id(request: HttpRequest) -> int | None:
    """The staff account's id, if the request loaded it (never a query just for the log)."""
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if user.is_authenticated else None


class QueryCounter:
    """An execute_wrapper counting the statements run on a connection."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class RequestObservabilityMiddleware:
    """Outermost middleware: trace id in, trace id out, a log line and metrics per request.

    `request.trace_id` is the id another middleware (the API's) already set, else the
    caller's X-Trace-Id when it is a uuid, else a fresh one; the response carries it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        request.request_id = incoming_id(request, REQUEST_ID_HEADER) or uuid.uuid4()  # type: ignore[attr-defined]
        if not getattr(request, "trace_id", None):
            request.trace_id = incoming_id(request, TRACE_HEADER) or uuid.uuid4()  # type: ignore[attr-defined]
        counter = QueryCounter()
        wrappers = [connections[alias].execute_wrapper(counter) for alias in connections]
        for wrapper in wrappers:
            wrapper.__enter__()
        try:
            response = self.get_response(request)
        except Exception:
            self._record(request, 500, started, counter.count, error=True)
            raise
        finally:
            for wrapper in reversed(wrappers):
                wrapper.__exit__(None, None, None)
        if TRACE_HEADER not in response:
            response[TRACE_HEADER] = str(request.trace_id)  # type: ignore[attr-defined]
        response[REQUEST_ID_HEADER] = str(request.request_id)  # type: ignore[attr-defined]
        self._record(request, response.status_code, started, counter.count)
        return response

    def _record(
        self, request: HttpRequest, status: int, started: float, queries: int, error: bool = False
    ) -> None:
        duration = time.perf_counter() - started
        match = getattr(request, "resolver_match", None)
        view = match.view_name if match is not None and match.view_name else "unresolved"
        metrics.REQUEST_LATENCY.labels(view, request.method).observe(duration)
        metrics.REQUESTS.labels(view, request.method, metrics.status_class(status)).inc()
        metrics.REQUEST_QUERIES.labels(view).observe(queries)
        metrics.DB_QUERIES.labels(view).inc(queries)
        if error or status >= 500:
            metrics.ERRORS.labels(view).inc()
        logger.info(
            "request",
            extra={
                "request_id": str(request.request_id),  # type: ignore[attr-defined]
                "trace_id": str(request.trace_id),  # type: ignore[attr-defined]
                "user_id": loaded_user_id(request),
                "method": request.method,
                "path": request.path,
                "view": view,
                "status": status,
                "duration_ms": round(duration * 1000, 1),
                "db_queries": queries,
            },
        )
