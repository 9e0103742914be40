"""Trace spans, in time order: some nested under a recent span, some about a lead."""

from devdata.loadgen.context import LoadContext
from devdata.loadgen.distributions import SPAN_KINDS, TRACE_FAILED_SHARE, TRACE_RUNNING_SHARE
from devdata.loadgen.refs import canonical
from devdata.loadgen.rows import TraceRow
from devdata.loadgen.timeline import CLOCK, DAY
from devdata.vocabulary import RUNTIME_ERRORS
from fibonacci.models import Trace

TRACE_SAMPLE = 1 << 18  # traces kept for events and audit logs to point at
IN_PROGRESS = Trace.Status.IN_PROGRESS.value
COMPLETED = Trace.Status.COMPLETED.value
FAILED = Trace.Status.FAILED.value


def trace_rows(ctx: LoadContext, first: int, count: int, total: int) -> list[TraceRow]:
    """Traces first..first+count of total."""
    rng, timeline, tenants, leads, traces = (
        ctx.rng,
        ctx.trace_time,
        ctx.tenants,
        ctx.leads,
        ctx.traces,
    )
    rnd, bits, new_id = rng.random, rng.getrandbits, ctx.ids.hex
    seconds, limit, lead_position, _ = ctx.chunk(timeline, first, count, total)
    days, spans, durations = timeline.days, ctx.spans, ctx.durations
    stride = max(1, total // TRACE_SAMPLE)
    recent = traces.ids[-64:]
    rows = []
    for n, second in enumerate(seconds):
        i = first + n
        trace_id = canonical(new_id())
        kind = spans[bits(10)]
        span = SPAN_KINDS[kind]
        start_us = second * 1_000_000 + bits(20) % 1_000_000
        start = f"{days[second // DAY]}{CLOCK[second % DAY]}.{start_us % 1_000_000:06d}"
        state = rnd()
        end = error = stack = None
        if state < TRACE_RUNNING_SHARE:
            status = IN_PROGRESS
        else:
            end_us = start_us + durations[kind][bits(10)]
            end_second = end_us // 1_000_000
            end = f"{days[end_second // DAY]}{CLOCK[end_second % DAY]}.{end_us % 1_000_000:06d}"
            if state < TRACE_FAILED_SHARE:
                status = FAILED
                error, stack = RUNTIME_ERRORS[bits(8) % len(RUNTIME_ERRORS)]
            else:
                status = COMPLETED
        parent = recent[bits(6) % len(recent)] if recent and rnd() < 0.3 else None
        tenant_id = lead_id = None
        metadata = '{"region": "us-east-1"}'
        lead = ctx.recent_lead(lead_position) if rnd() < 0.35 else -1
        if lead >= 0:
            tenant_id, lead_id = tenants.ids[leads.tenants[lead]], leads.ids[lead]
            metadata = f'{{"region": "us-east-1", "leadId": "{lead_id}"}}'
        elif limit and rnd() < 0.6:
            tenant_id = tenants.ids[tenants.pick(rnd() * limit)]
        rows.append(
            TraceRow(
                id=new_id(),
                trace_id=trace_id,
                parent_trace_id=parent,
                tenant_id=tenant_id,
                lead_id=lead_id,
                span_name=span.span_name,
                span_type=span.span_type,
                service_name=span.service_name,
                start_time=start,
                end_time=end,
                status=status,
                annotations=(
                    f'{{"coldStart": {"true" if rnd() < 0.08 else "false"}, '
                    f'"memoryMb": {(256, 512, 1024, 512)[bits(2)]}, "attempt": 1}}'
                ),
                metadata=metadata,
                error_message=error,
                error_stack=stack,
                created_at=start,
            )
        )
        recent.append(trace_id)
        if len(recent) > 128:
            del recent[:64]
        if i % stride == 0 and len(traces.ids) < TRACE_SAMPLE:
            traces.ids.append(trace_id)
            traces.epochs.append(timeline.epoch_of(second))
    return rows
