"""Request-wide middleware of the back-office (admin and API alike)."""

from collections.abc import Callable

from csp.constants import HEADER
from csp.middleware import CSPMiddleware
from django.http import HttpRequest, HttpResponse, HttpResponseBase

from core import tracing

JSON = "application/json"
JSON_POLICY = "default-src 'none'; frame-ancestors 'none'"


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


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy (CONTENT_SECURITY_POLICY) on pages. A JSON answer is never
    rendered as a document, so it gets the fixed policy OWASP advises for APIs instead
    of the pages' one built anew for every response."""

    def process_response(self, request: HttpRequest, response: HttpResponseBase):
        if response.get("Content-Type", "").startswith(JSON) and HEADER not in response:
            response[HEADER] = JSON_POLICY
            return response
        return super().process_response(request, response)
