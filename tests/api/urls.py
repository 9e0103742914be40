"""Endpoints that exist only in tests, built on the API's shared pieces the way a domain
app's apis.py would: a write with a strict body, raw SQL under a platform user's scope."""

from django.db import connection
from django.urls import include, path
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from api.callers import actor_for_request
from api.serializers import StrictInputSerializer
from api.views import ApiView
from core.exceptions import Conflict
from nigredo.models import Lead


class LeadPriorityApi(ApiView):
    """PATCH a lead's priority (exercises bodies, CHECK violations, RLS on writes)."""

    permission_model = Lead
    platform_users = True

    class InputSerializer(StrictInputSerializer):
        priorityScore = serializers.IntegerField(source="priority_score")
        note = serializers.CharField(required=False)

    def patch(self, request: Request, lead_id) -> Response:
        body = self.InputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        updated = Lead.objects.filter(pk=lead_id).update(
            priority_score=body.validated_data["priority_score"]
        )
        return Response({"updated": updated})

    def delete(self, request: Request, lead_id) -> Response:
        deleted, _ = Lead.objects.filter(pk=lead_id).delete()
        return Response({"deleted": deleted})


class RawSqlApi(ApiView):
    """What raw SQL sees inside the request."""

    platform_users = True
    permission_model = Lead

    def get(self, request: Request) -> Response:
        with connection.cursor() as cursor:
            cursor.execute("SELECT DISTINCT tenant_id::text FROM nigredo_leads.leads")
            tenants = sorted(row[0] for row in cursor.fetchall())
            cursor.execute("SELECT current_user, current_setting('app.current_tenant_id', true)")
            user, setting = cursor.fetchone()
        actor = actor_for_request(request)
        return Response(
            {
                "tenants": tenants,
                "user": user,
                "setting": setting,
                "actor": {
                    "platformUserId": str(actor.platform_user_id or ""),
                    "tenantId": str(actor.tenant_id or ""),
                    "staff": actor.staff_username,
                },
            }
        )


class ConflictApi(ApiView):
    platform_users = True
    permission_model = Lead

    def post(self, request: Request) -> Response:
        raise Conflict("already_decided", "Esta solicitação já foi decidida.", details={"x": ["y"]})


class CrashApi(ApiView):
    platform_users = True
    permission_model = Lead

    def get(self, request: Request) -> Response:
        raise RuntimeError("boom")


urlpatterns = [
    path("api/test/leads/<uuid:lead_id>", LeadPriorityApi.as_view()),
    path("api/test/raw-sql", RawSqlApi.as_view()),
    path("api/test/conflict", ConflictApi.as_view()),
    path("api/test/crash", CrashApi.as_view()),
    path("", include("config.urls")),
]

handler400 = "api.handlers.bad_request"
handler403 = "api.handlers.permission_denied"
handler404 = "api.handlers.page_not_found"
handler500 = "api.handlers.server_error"
