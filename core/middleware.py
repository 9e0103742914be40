"""Request-wide middleware of the back-office (admin and API alike)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from core import tracing


class TraceIdMiddleware:
    """Give every request a trace id and every response an `X-Trace-Id` header.

    The id is the one an outer middleware already gave the request (observability's),
    else the incoming `X-Trace-Id` when it is a valid UUID (so a caller's or a proxy's id
    follows the request into our logs), else a fresh uuid4. It is on `request.trace_id`
    (a str), in `core.tracing.current_trace_id()`, in the API's error bodies (`traceId`)
    and in log records (`trace_id`).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        outer = getattr(request, "trace_id", None)
        trace_id = tracing.parse_trace_id(str(outer) if outer else None)
        trace_id = trace_id or tracing.parse_trace_id(request.META.get(tracing.META_KEY))
        trace_id = trace_id or tracing.new_trace_id()
        request.trace_id = trace_id  # type: ignore[attr-defined]
        # Cleared on request_finished (core.apps), after Django has logged the response.
        tracing.set_current_trace_id(trace_id)
        response = self.get_response(request)
        response[tracing.HEADER] = trace_id
        return response
