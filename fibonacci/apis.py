"""fibonacci_core endpoints: orchestration events and trace spans."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from api.schema import AUTHENTICATED_ERRORS
from api.serializers import (
    PageQuerySerializer,
    ReadSerializer,
    page_serializer,
    validated_query,
)
from api.views import ApiView, keyset_response
from fibonacci import selectors
from fibonacci.models import Event, Trace


class EventListApi(ApiView):
    """`GET /api/events`: newest first; a platform user sees the events whose
    `metadata.tenantId` is its tenant."""

    permission_model = Event
    platform_users = True

    class FilterSerializer(PageQuerySerializer):
        traceId = serializers.UUIDField(required=False, source="trace_id")
        tenantId = serializers.UUIDField(required=False, source="tenant_id")
        source = serializers.CharField(required=False, max_length=255)  # type: ignore[assignment]
        eventType = serializers.CharField(required=False, max_length=255, source="event_type")
        status = serializers.CharField(required=False, max_length=50)

    class EventSerializer(ReadSerializer):
        id = serializers.UUIDField()
        eventId = serializers.CharField(source="event_id")
        traceId = serializers.UUIDField(source="trace_id")
        source = serializers.CharField()  # type: ignore[assignment]
        eventType = serializers.CharField(source="event_type")
        detail = serializers.JSONField()
        metadata = serializers.JSONField(allow_null=True)
        status = serializers.CharField()
        processedAt = serializers.DateTimeField(source="processed_at", allow_null=True)
        retryCount = serializers.IntegerField(source="retry_count", allow_null=True)
        errorMessage = serializers.CharField(source="error_message", allow_null=True)
        createdAt = serializers.DateTimeField(source="created_at", allow_null=True)

    @extend_schema(
        operation_id="events_list",
        tags=["observability"],
        parameters=[FilterSerializer],
        responses={
            200: page_serializer("EventPage", "events", EventSerializer),
            **AUTHENTICATED_ERRORS,
        },
    )
    def get(self, request: Request) -> Response:
        query = validated_query(request, self.FilterSerializer)
        events = selectors.event_list(
            trace_id=query.get("trace_id"),
            tenant_id=query.get("tenant_id"),
            source=query.get("source"),
            event_type=query.get("event_type"),
            status=query.get("status"),
        )
        return keyset_response(
            events,
            items_key="events",
            serializer_class=self.EventSerializer,
            query=query,
            query_serializer=self.FilterSerializer,
        )


class TraceListApi(ApiView):
    """`GET /api/traces`: spans, latest start first."""

    permission_model = Trace
    platform_users = True

    class FilterSerializer(PageQuerySerializer):
        traceId = serializers.UUIDField(required=False, source="trace_id")
        tenantId = serializers.UUIDField(required=False, source="tenant_id")
        leadId = serializers.UUIDField(required=False, source="lead_id")
        serviceName = serializers.CharField(required=False, max_length=255, source="service_name")
        status = serializers.CharField(required=False, max_length=50)

    class TraceSerializer(ReadSerializer):
        id = serializers.UUIDField()
        traceId = serializers.UUIDField(source="trace_id")
        parentTraceId = serializers.UUIDField(source="parent_trace_id", allow_null=True)
        tenantId = serializers.UUIDField(source="tenant_id", allow_null=True)
        leadId = serializers.UUIDField(source="lead_id", allow_null=True)
        spanName = serializers.CharField(source="span_name")
        spanType = serializers.CharField(source="span_type")
        serviceName = serializers.CharField(source="service_name")
        startTime = serializers.DateTimeField(source="start_time")
        endTime = serializers.DateTimeField(source="end_time", allow_null=True)
        durationMs = serializers.IntegerField(source="duration_ms", allow_null=True)
        status = serializers.CharField()
        annotations = serializers.JSONField(allow_null=True)
        metadata = serializers.JSONField(allow_null=True)
        errorMessage = serializers.CharField(source="error_message", allow_null=True)
        errorStack = serializers.CharField(source="error_stack", allow_null=True)
        createdAt = serializers.DateTimeField(source="created_at", allow_null=True)

    @extend_schema(
        operation_id="traces_list",
        tags=["observability"],
        parameters=[FilterSerializer],
        responses={
            200: page_serializer("TracePage", "traces", TraceSerializer),
            **AUTHENTICATED_ERRORS,
        },
    )
    def get(self, request: Request) -> Response:
        query = validated_query(request, self.FilterSerializer)
        traces = selectors.trace_list(
            trace_id=query.get("trace_id"),
            tenant_id=query.get("tenant_id"),
            lead_id=query.get("lead_id"),
            service_name=query.get("service_name"),
            status=query.get("status"),
        )
        return keyset_response(
            traces,
            items_key="traces",
            serializer_class=self.TraceSerializer,
            query=query,
            query_serializer=self.FilterSerializer,
            order_field="start_time",
        )
