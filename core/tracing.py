"""The trace id of the request being served: one per request, in logs and error bodies.

`core.middleware.TraceIdMiddleware` sets it from a valid incoming `X-Trace-Id` header or a
fresh uuid4; `current_trace_id()` reads it anywhere in the request (a context variable, so
threads and async tasks each see their own); `TraceIdLogFilter` adds it to log records.
"""

import logging
import uuid
from contextvars import ContextVar

HEADER = "X-Trace-Id"
META_KEY = "HTTP_X_TRACE_ID"

_current: ContextVar[str | None] = ContextVar("trace_id", default=None)


def parse_trace_id(value: str | None) -> str | None:
    """The canonical form of a trace id header value, or None when it is not a UUID."""
    if not value or len(value) > 64:
        return None
    try:
        return str(uuid.UUID(value.strip()))
    except ValueError:
        return None


def new_trace_id() -> str:
    return str(uuid.uuid4())


def current_trace_id() -> str | None:
    """The trace id of the request being served in this context, if any."""
    return _current.get()


def set_current_trace_id(trace_id: str | None) -> None:
    _current.set(trace_id)


def clear_current_trace_id(**kwargs) -> None:
    """request_finished receiver: the request's id does not outlive it."""
    _current.set(None)


class TraceIdLogFilter(logging.Filter):
    """Adds `trace_id` to every record that does not name one (`-` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "trace_id", None):
            record.trace_id = current_trace_id() or "-"
        return True
