"""Events on the platform bus, in time order, most of them in a recent trace."""

from billing.reference import PLANS
from devdata.loadgen.context import LoadContext
from devdata.loadgen.refs import canonical
from devdata.loadgen.rows import EventRow
from devdata.loadgen.timeline import CLOCK, DAY, FRACTIONS
from devdata.vocabulary import CHANNELS, EVENT_ERRORS
from fibonacci.models import Event

PUBLISHED = Event.Status.PUBLISHED.value
FAILED = Event.Status.FAILED.value
PLAN_PRICES = tuple(str(plan["price_monthly"]) for plan in PLANS)


def event_rows(ctx: LoadContext, first: int, count: int, total: int) -> list[EventRow]:
    """Events first..first+count of total."""
    rng, timeline, tenants, leads = ctx.rng, ctx.event_time, ctx.tenants, ctx.leads
    rnd, bits, new_id = rng.random, rng.getrandbits, ctx.ids.hex
    seconds, limit, lead_position, trace_position = ctx.chunk(timeline, first, count, total)
    trace_ids, lead_ids, lead_tenants = ctx.traces.ids, leads.ids, leads.tenants
    days, fractions = timeline.days, FRACTIONS
    kinds, statuses, agent_names = ctx.event_kinds, ctx.event_statuses, ctx.agent_names
    rows = []
    for second in seconds:
        kind = kinds[bits(10)]
        created = days[second // DAY] + CLOCK[second % DAY] + fractions[bits(12)]
        if trace_position and rnd() < 0.85:
            trace = trace_ids[max(0, trace_position - 1 - bits(6))]
        else:
            trace = new_id()
        tenant_key = lead_key = ""
        if lead_position and kind.kind in ("lead", "lgpd"):
            lead = lead_position - 1 - int(lead_position * rnd() ** 4)
            tenant_key = f'"tenantId": "{tenants.ids[lead_tenants[lead]]}", '
            lead_key = f'"leadId": "{lead_ids[lead]}", '
        elif limit and rnd() < 0.9:
            tenant_key = f'"tenantId": "{tenants.ids[tenants.pick(rnd() * limit)]}", '
        match kind.kind:
            case "agent":
                body = (
                    f'"agentName": "{agent_names[bits(8) % len(agent_names)]}", '
                    f'"durationMs": {bits(12) + 80}'
                )
            case "workflow":
                body = f'"workflowId": "{canonical(new_id())}", "steps": {bits(3) + 1}'
            case "billing":
                body = f'"amount": {PLAN_PRICES[bits(2) % len(PLAN_PRICES)]}, "currency": "BRL"'
            case "platform":
                body = f'"actor": "{"user" if rnd() < 0.8 else "system"}"'
            case _:
                body = f'"canal": "{CHANNELS[bits(8) % len(CHANNELS)]}"'
        status = statuses[bits(10)]
        processed_at = error = None
        retries = 0
        if status != PUBLISHED:
            done = second + bits(4)
            processed_at = days[done // DAY] + CLOCK[done % DAY] + fractions[bits(12)]
            if status == FAILED:
                error = EVENT_ERRORS[bits(8) % len(EVENT_ERRORS)]
                retries = bits(2) % 3 + 1
            elif rnd() < 0.03:
                retries = 1
        rows.append(
            EventRow(
                id=new_id(),
                event_id=canonical(new_id()),
                trace_id=trace,
                source=kind.source,
                event_type=kind.event_type,
                detail=f"{{{tenant_key}{lead_key}{body}}}",
                metadata=f'{{{tenant_key}{lead_key}"version": "1.0"}}'
                if rnd() < 0.85
                else '{"version": "1.0", "replayed": false}',
                status=status,
                processed_at=processed_at,
                retry_count=retries,
                error_message=error,
                created_at=created,
            )
        )
    return rows
