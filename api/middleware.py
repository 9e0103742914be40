"""The API's boundary, before any view runs (the last middleware of MIDDLEWARE).

- A body announced over API_MAX_BODY_BYTES answers 413 without being read.
- A request bearing `Authorization: Bearer` (a platform user) runs in one transaction that
  starts in the tenant role with no tenant: it sees no tenant-owned row until the JWT is
  verified and `api.authentication` names the tenant. A code path that never reaches the
  authenticator therefore fails closed (no rows), not open. The transaction's end resets
  role and setting, so the pooled connection's next request carries neither.
- Except for views that commit on their own (`own_transactions`, see
  `api.views.CommittingApiView`): those open the same scope themselves, around the
  authentication and their own checks only.
- A database that cannot be reached answers 503 JSON, never an HTML page.
- Times are read and written in UTC (`…Z`), as production's JSON has them.
"""

from collections.abc import Callable
from datetime import UTC
from functools import cache

from django.conf import settings
from django.db import DatabaseError, transaction
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, ResolverMatch, resolve
from django.utils import timezone

from api import rls
from api.exceptions import database_error, error_json_response
from api.health import health_response

API_PREFIX = "/api/"
HEALTH_PATH = "/health"


@cache
def _health_route() -> ResolverMatch:
    return resolve(HEALTH_PATH)


class HealthCheckMiddleware:
    """`GET /health`, answered ahead of the host check, the HTTPS redirect, sessions and
    the rest of the stack (only the request's log line, metrics and trace id come
    before it). A load balancer probes each instance by its address, over plain HTTP:
    ALLOWED_HOSTS and SECURE_SSL_REDIRECT would answer it 400 or 301, and the answer
    should depend on the database only. Other methods reach the view (405)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == HEALTH_PATH and request.method in ("GET", "HEAD"):
            # Named as the URL resolver would name it: the request's log line and metrics.
            request.resolver_match = _health_route()
            return health_response()
        return self.get_response(request)


def is_api_path(path: str) -> bool:
    return path.startswith(API_PREFIX) or path == HEALTH_PATH


def commits_on_its_own(request: HttpRequest) -> bool:
    """Whether the request's view opens its own transactions (`own_transactions`)."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    view_class = getattr(match.func, "view_class", None)
    return bool(getattr(view_class, "own_transactions", False))


class ApiBoundaryMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_api_path(request.path):
            return self.get_response(request)
        timezone.activate(UTC)
        try:
            return self._api(request)
        finally:
            timezone.deactivate()

    def _api(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.API_MAX_BODY_BYTES:
            return error_json_response(
                413, "body_too_large", "O corpo da requisição passa de 1 MiB."
            )
        authorization = request.META.get("HTTP_AUTHORIZATION", "")
        if authorization[:7].lower() != "bearer " or commits_on_its_own(request):
            return self.get_response(request)
        try:
            nested = transaction.get_connection().in_atomic_block
            with transaction.atomic():
                rls.enter_tenant_role()
                response = self.get_response(request)
            if nested:
                # Inside an outer transaction (tests), SET LOCAL would outlive this one.
                rls.leave_tenant_role()
            return response
        except DatabaseError as exc:
            return self._database_response(exc)

    def process_exception(self, request: HttpRequest, exception: Exception):
        """Errors raised before DRF's handler sees them (ATOMIC_REQUESTS opening the
        transaction on a database that is down)."""
        if is_api_path(request.path) and isinstance(exception, DatabaseError):
            return self._database_response(exception)
        return None

    @staticmethod
    def _database_response(exc: DatabaseError) -> HttpResponse:
        described = database_error(exc)
        if described is None:
            raise exc
        status, code, message, _ = described
        response = error_json_response(status, code, message)
        if status == 503:
            response["Retry-After"] = "5"
        return response
