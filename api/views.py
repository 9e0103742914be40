"""Base classes of every endpoint, and the API's own endpoints (health).

- `ApiView`: staff (model permissions) and, where `platform_users = True`, platform users
  confined to their tenant by row-level security.
- `PublicApiView`: no authentication, read-only, answers with ETag and Cache-Control and
  304 to a matching If-None-Match.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import SAFE_METHODS, AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import rls
from api.health import health_response
from api.pagination import Page, keyset_page
from api.schema import PUBLIC_ERRORS
from api.serializers import PageQuerySerializer, page_limit


class ApiView(APIView):
    """An authenticated endpoint. Set `permission_model` (the model whose Django
    permissions staff need) and `platform_users = True` to open it to platform users.

    Transactions: a change (POST, PUT, PATCH, DELETE) runs in one transaction, as
    ATOMIC_REQUESTS would run it; a staff read runs none (no BEGIN/COMMIT round trips);
    a platform user's request, read or change, runs in the one transaction
    `api.middleware` opens for its row-level-security scope."""

    platform_users: bool | tuple[str, ...] = False
    permission_model: type[Model] | None = None
    staff_permissions: dict[str, list[str]] | None = None

    @classmethod
    def as_view(cls, **initkwargs):
        return transaction.non_atomic_requests(super().as_view(**initkwargs))

    def dispatch(self, request, *args, **kwargs):
        if request.method in SAFE_METHODS:
            return super().dispatch(request, *args, **kwargs)
        with transaction.atomic():
            return super().dispatch(request, *args, **kwargs)


class CommittingApiView(ApiView):
    """An endpoint whose service commits on its own (`transaction.atomic(durable=True)`):
    an approval's decision, whose expiry is committed although the caller gets a refusal,
    and an approved action's execution. Nothing wraps it in a transaction: for a platform
    user `api.middleware` opens none, and the view confines to its tenant only the
    authentication and `scope_check` (say 404 for a row the tenant cannot see); the
    service then runs as the back-office and checks the caller's part in the row itself."""

    own_transactions = True

    def dispatch(self, request, *args, **kwargs):
        return APIView.dispatch(self, request, *args, **kwargs)

    def initial(self, request: Request, *args, **kwargs) -> None:
        authorization = request.META.get("HTTP_AUTHORIZATION", "")
        if authorization[:7].lower() != "bearer ":
            super().initial(request, *args, **kwargs)
            return
        with rls.tenant_scope():
            super().initial(request, *args, **kwargs)
            self.scope_check(request, *args, **kwargs)

    def scope_check(self, request: Request, *args, **kwargs) -> None:
        """Under the platform user's tenant scope: refuse (404) what it cannot see."""
        raise NotImplementedError


class PublicApiView(APIView):
    """A public, cacheable read (production's contract): one SELECT of public catalogue
    rows, so no transaction around it (ATOMIC_REQUESTS would add BEGIN and COMMIT).

    Answers carry an ETag and `Cache-Control: public, max-age=<cache_seconds>`, and 304 a
    matching If-None-Match. The rendered answer is also kept in Django's cache for
    API_PUBLIC_CACHE_SECONDS (a few seconds; 0 turns it off), keyed by path, query and
    Accept, so bursts of the front-end's catalogue reads cost one query per process and
    period: clients are told they may keep it far longer anyway."""

    authentication_classes = []
    permission_classes = [AllowAny]
    cache_seconds = 300

    @classmethod
    def as_view(cls, **initkwargs):
        return transaction.non_atomic_requests(super().as_view(**initkwargs))

    def dispatch(self, request, *args, **kwargs):
        seconds = settings.API_PUBLIC_CACHE_SECONDS
        if not seconds or request.method not in ("GET", "HEAD"):
            return super().dispatch(request, *args, **kwargs)
        key = (
            "api-public:"
            + hashlib.sha256(
                "\n".join(
                    (
                        request.path,
                        request.META.get("QUERY_STRING", ""),
                        request.headers.get("Accept", ""),
                    )
                ).encode()
            ).hexdigest()
        )
        cached = cache.get(key)
        if cached is None:
            response = super().dispatch(request, *args, **kwargs)
            if response.status_code == 200 and response.has_header("ETag"):
                cache.set(key, (response.content, response["Content-Type"]), seconds)
            return response
        content, content_type = cached
        response = HttpResponse(content, content_type=content_type)
        return self._conditional(request, response)

    def finalize_response(self, request: Request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code != 200 or request.method not in ("GET", "HEAD"):
            return response
        response.render()
        return self._conditional(request, response)

    def _conditional(self, request, response):
        etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
        response["ETag"] = etag
        response["Cache-Control"] = f"public, max-age={self.cache_seconds}"
        response["Vary"] = "Accept"
        not_modified = get_conditional_response(request, etag=etag, response=response)
        if not_modified is not None and not_modified is not response:
            not_modified["Cache-Control"] = response["Cache-Control"]
            return not_modified
        return response


class HealthApi(APIView):
    """Production's health check; 503 within ~2 s when the database is unreachable."""

    authentication_classes = []
    permission_classes = [AllowAny]

    class OutputSerializer(serializers.Serializer):
        ok = serializers.BooleanField()
        service = serializers.CharField()
        environment = serializers.CharField()
        db_status = serializers.ChoiceField(choices=["connected", "disconnected"])
        timestamp = serializers.CharField(help_text="ISO 8601, UTC (`…Z`).")

    @extend_schema(
        operation_id="health",
        tags=["public"],
        responses={
            200: OutputSerializer,
            503: inline_serializer(
                "HealthDown",
                {
                    "ok": serializers.BooleanField(),
                    "service": serializers.CharField(),
                    "environment": serializers.CharField(),
                    "db_status": serializers.CharField(),
                    "timestamp": serializers.CharField(),
                },
            ),
            **PUBLIC_ERRORS,
        },
        auth=[],
    )
    def get(self, request: Request) -> HttpResponse:
        """The schema's (and DRF's 405 for other methods): `api.middleware.
        HealthCheckMiddleware` answers GET before the request gets here."""
        return health_response()


def keyset_response(
    queryset,
    *,
    items_key: str,
    serializer_class: type[serializers.Serializer],
    query: dict,
    query_serializer: type[PageQuerySerializer] = PageQuerySerializer,
    order_field: str = "created_at",
    text_pk: bool = False,
) -> Response:
    """One keyset page of `queryset` as `{<items_key>: [...], "pagination": {...}}`, its
    `limit` and `cursor` taken from the validated `query`."""
    page = keyset_page(
        queryset,
        order_field=order_field,
        limit=page_limit(query, query_serializer),
        cursor=query.get("cursor"),
        text_pk=text_pk,
    )
    return page_response(page, items_key=items_key, serializer_class=serializer_class)


def page_response(
    page: Page, *, items_key: str, serializer_class: type[serializers.Serializer]
) -> Response:
    """`{<items_key>: [...], "pagination": {...}}` of a keyset page."""
    return Response(
        {
            items_key: serializer_class(page.items, many=True).data,
            "pagination": page.pagination(),
        }
    )
