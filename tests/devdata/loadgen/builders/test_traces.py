"""Traces: unique ids, parents that exist, durations the trigger computed."""

import pytest

from fibonacci.models import Trace

pytestmark = pytest.mark.django_db


def test_traces_are_unique_nested_and_timed(small_run):
    traces, events = small_run.added["traces"], small_run.added["events"]
    trace_ids = set(Trace.objects.values_list("trace_id", flat=True))

    assert len({t.trace_id for t in traces}) == len(traces)
    assert {t.status for t in traces} <= set(Trace.Status.values)
    assert {e.trace_id for e in events} & {t.trace_id for t in traces}
    assert all(t.parent_trace_id in trace_ids for t in traces if t.parent_trace_id)
    assert any(t.parent_trace_id for t in traces)
    for trace in traces:
        if trace.end_time is None:
            assert trace.duration_ms is None and trace.status == Trace.Status.IN_PROGRESS
        else:
            spent = (trace.end_time - trace.start_time).total_seconds() * 1000
            assert abs(trace.duration_ms - spent) <= 0.5, "the trigger computed duration_ms"
        if trace.status == Trace.Status.FAILED:
            assert trace.error_message and trace.error_stack
