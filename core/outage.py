"""When PostgreSQL cannot be reached: a 503 that says so, without touching the database.

A view that needs the database fails on its first query (or on opening the request's
transaction); the middleware turns that failure into a 503 with Retry-After, a pt-BR page
for the admin and the API's JSON error for `/api/` and `/health`. The page is rendered
without a request context, so nothing on this path reads the session or the user.
Failures outside a view (a middleware saving the session) reach `server_error`, which
answers the same way. The next request connects again: persistent connections are
health-checked (CONN_HEALTH_CHECKS) and the pool discards dead ones, so the same
processes serve as soon as the server is back.
"""

import sys
import uuid

from django.contrib.sessions import middleware as django_sessions
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.views import defaults

RETRY_AFTER_SECONDS = 30
# SQLSTATEs of a server that is going away or not accepting connections yet.
UNAVAILABLE_STATES = ("57P01", "57P02", "57P03")
JSON_PATHS = ("/api/", "/health")


def is_database_unavailable(exc: BaseException | None) -> bool:
    """A connection that could not be made or was lost; not a query that failed."""
    if isinstance(exc, InterfaceError):
        return True
    if not isinstance(exc, OperationalError):
        return False
    state = getattr(exc.__cause__, "sqlstate", None)
    return state is None or state.startswith("08") or state in UNAVAILABLE_STATES


def database_unavailable(request: HttpRequest) -> HttpResponse:
    response: HttpResponse
    if request.path.startswith(JSON_PATHS):
        response = JsonResponse(
            {
                "error": "database_unavailable",
                "message": "O banco de dados está indisponível no momento. Tente novamente "
                "em instantes.",
                "details": {},
                "traceId": str(getattr(request, "trace_id", None) or uuid.uuid4()),
            },
            status=503,
        )
    else:
        page = loader.get_template("503.html").render({"retry_after": RETRY_AFTER_SECONDS})
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseOutageMiddleware:
    """Answer 503 when a view fails because the database cannot be reached."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        return database_unavailable(request) if is_database_unavailable(exception) else None


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the outage page when the database is the cause, else Django's 500."""
    if is_database_unavailable(sys.exc_info()[1]):
        return database_unavailable(request)
    return defaults.server_error(request)


class SessionMiddleware(django_sessions.SessionMiddleware):
    """Django's, except that an error answer leaves the session alone. Sessions are saved on
    every request (the staff's inactivity timeout), and Django reads a session to set its
    cookie even on a 5xx: during an outage that read fails again and turns the 503 page
    into a 500. An error changes nothing in the session, so nothing is lost."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if response.status_code >= 500:
            return response
        return super().process_response(request, response)
