"""The trace timeline page, with "around this moment"."""

import uuid

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from fibonacci.models import Event, Trace
from helpdesk.selectors.timeline import around_moment, trace_timeline
from helpdesk.views.common import may_view, record_url, render_admin_page
from nigredo.models import Interacao
from platform_app.models import AuditLog

MINUTES = (1, 5, 15, 60)
TIMELINE_MODELS = (AuditLog, Event, Trace, Interacao)


def trace_timeline_view(request: HttpRequest, trace_id: uuid.UUID) -> HttpResponse:
    """GET: the trace's rows oldest first, its span tree, and optionally the tenant's or
    lead's rows in the minutes around it (?em_volta=tenant|lead&minutos=5)."""
    visible = {model for model in TIMELINE_MODELS if may_view(request, model)}
    if not visible:
        raise PermissionDenied
    timeline = trace_timeline(trace_id)
    rows = [row for row in timeline.rows if type(row.record) in visible]
    minutes = _minutes(request.GET.get("minutos"))
    around = request.GET.get("em_volta")
    around_rows = None
    subject = None
    if timeline.anchor_at is not None and around in ("tenant", "lead"):
        subject = timeline.tenant_id if around == "tenant" else timeline.lead_id
        if subject is not None:
            around_rows = [
                row
                for row in around_moment(
                    at=timeline.anchor_at,
                    minutes=minutes,
                    tenant_id=subject if around == "tenant" else None,
                    lead_id=subject if around == "lead" else None,
                )
                if type(row.record) in visible
            ]
    return render_admin_page(
        request,
        "helpdesk/trace_timeline.html",
        f"Linha do tempo do trace {trace_id}",
        {
            "timeline": timeline,
            "rows": [(row, record_url(request, row.record)) for row in rows],
            "spans": timeline.spans if Trace in visible else [],
            "around": around,
            "around_subject": subject,
            "around_rows": [(row, record_url(request, row.record)) for row in around_rows]
            if around_rows is not None
            else None,
            "minutes": minutes,
            "minute_choices": MINUTES,
        },
    )


def _minutes(value: str | None) -> int:
    try:
        minutes = int(value or 5)
    except ValueError:
        return 5
    return minutes if minutes in MINUTES else 5
