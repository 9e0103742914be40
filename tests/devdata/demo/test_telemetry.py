"""The demo's traces and events: ids that point at traces, durations the trigger computed."""

import pytest

from fibonacci.models import Event, Trace
from nigredo.models import Interacao
from platform_app.models import AuditLog

pytestmark = pytest.mark.django_db


def test_trace_ids_point_at_traces(demo_data):
    traces = set(Trace.objects.values_list("trace_id", flat=True))
    referenced = {
        *Interacao.objects.values_list("trace_id", flat=True),
        *Event.objects.values_list("trace_id", flat=True),
        # rows a back-office service wrote carry a fresh trace id, as production's do
        *AuditLog.objects.exclude(context__has_key="staff").values_list("trace_id", flat=True),
        *Trace.objects.exclude(parent_trace_id=None).values_list("parent_trace_id", flat=True),
    }

    assert referenced - traces == set()


def test_failed_spans_and_events_carry_their_error(demo_data):
    assert not Trace.objects.filter(status=Trace.Status.FAILED, error_message=None).exists()
    assert not Event.objects.filter(status=Event.Status.FAILED, error_message=None).exists()
    assert not Trace.objects.filter(end_time__isnull=False, duration_ms__isnull=True).exists()
    assert set(Trace.objects.filter(end_time=None).values_list("status", flat=True)) == {
        Trace.Status.IN_PROGRESS
    }
