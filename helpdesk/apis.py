"""Support endpoints: one trace's timeline across the four tables that carry trace ids
(`helpdesk.selectors.timeline`, the admin page's reads)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from api.schema import DETAIL_ERRORS
from api.serializers import ReadSerializer, StrictInputSerializer, validated_query
from api.views import ApiView
from fibonacci.models import Trace
from helpdesk.selectors.timeline import TimelineRow, around_moment, trace_timeline
from helpdesk.views.timeline import MINUTES

TABLES = {
    "audit": "alquimista_platform.audit_logs",
    "event": "fibonacci_core.events",
    "trace": "fibonacci_core.traces",
    "interacao": "nigredo_leads.interacoes",
}


class TimelineRowSerializer(ReadSerializer):
    kind = serializers.ChoiceField(choices=list(TABLES))
    table = serializers.SerializerMethodField()
    recordId = serializers.CharField(source="record.pk")
    at = serializers.DateTimeField(allow_null=True)
    title = serializers.CharField(help_text="What happened (no personal data).")
    status = serializers.CharField()
    traceId = serializers.UUIDField(source="trace_id", allow_null=True)

    def get_table(self, row: TimelineRow) -> str:
        return TABLES[row.kind]


class SpanSerializer(ReadSerializer):
    traceId = serializers.UUIDField(source="trace.trace_id")
    parentTraceId = serializers.UUIDField(source="trace.parent_trace_id", allow_null=True)
    spanName = serializers.CharField(source="trace.span_name")
    serviceName = serializers.CharField(source="trace.service_name")
    status = serializers.CharField(source="trace.status")
    startTime = serializers.DateTimeField(source="trace.start_time")
    endTime = serializers.DateTimeField(source="trace.end_time", allow_null=True)
    durationMs = serializers.IntegerField(source="trace.duration_ms", allow_null=True)
    depth = serializers.IntegerField()
    offsetPct = serializers.FloatField(
        source="offset_pct", help_text="Start on the tree's time axis."
    )
    widthPct = serializers.FloatField(source="width_pct")


class TimelineAroundSerializer(serializers.Serializer):
    subject = serializers.ChoiceField(choices=["tenant", "lead"])
    subjectId = serializers.UUIDField()
    minutes = serializers.IntegerField()
    rows = TimelineRowSerializer(many=True)


class TraceTimelineApi(ApiView):
    """`GET /api/traces/{traceId}/timeline`: the rows of audit logs, events, spans and
    interactions carrying the id or any id of its span tree, oldest first, with the span
    tree; `aroundMinutes` adds the same tenant's (`around=lead`: lead's) rows from the
    minutes around it. 404 when nothing the caller may see carries it."""

    permission_model = Trace
    platform_users = True
    staff_permissions = {
        "GET": [
            "platform_app.view_auditlog",
            "fibonacci.view_event",
            "fibonacci.view_trace",
            "nigredo.view_interacao",
        ]
    }

    class FilterSerializer(StrictInputSerializer):
        aroundMinutes = serializers.ChoiceField(
            choices=MINUTES, required=False, help_text="Also the rows this many minutes around."
        )
        around = serializers.ChoiceField(
            choices=["tenant", "lead"], required=False, default="tenant"
        )

    class OutputSerializer(serializers.Serializer):
        traceId = serializers.UUIDField()
        tenantId = serializers.UUIDField(allow_null=True)
        leadId = serializers.UUIDField(allow_null=True)
        truncated = serializers.BooleanField(help_text="A table had more rows than shown.")
        rows = TimelineRowSerializer(many=True)
        spans = SpanSerializer(many=True, help_text="Depth-first, parents first.")
        around = TimelineAroundSerializer(allow_null=True)

    @extend_schema(
        operation_id="traces_timeline",
        tags=["support"],
        parameters=[FilterSerializer],
        responses={200: OutputSerializer, **DETAIL_ERRORS},
    )
    def get(self, request: Request, trace_id) -> Response:
        query = validated_query(request, self.FilterSerializer)
        timeline = trace_timeline(trace_id)
        if not timeline.rows:
            raise NotFound()
        around = None
        minutes = query.get("aroundMinutes")
        subject = timeline.lead_id if query["around"] == "lead" else timeline.tenant_id
        if minutes and subject is not None and timeline.anchor_at is not None:
            rows = around_moment(
                at=timeline.anchor_at,
                minutes=minutes,
                tenant_id=subject if query["around"] == "tenant" else None,
                lead_id=subject if query["around"] == "lead" else None,
            )
            around = {
                "subject": query["around"],
                "subjectId": str(subject),
                "minutes": minutes,
                "rows": TimelineRowSerializer(rows, many=True).data,
            }
        return Response(
            {
                "traceId": str(timeline.trace_id),
                "tenantId": str(timeline.tenant_id) if timeline.tenant_id else None,
                "leadId": str(timeline.lead_id) if timeline.lead_id else None,
                "truncated": timeline.truncated,
                "rows": TimelineRowSerializer(timeline.rows, many=True).data,
                "spans": SpanSerializer(timeline.spans, many=True).data,
                "around": around,
            }
        )
