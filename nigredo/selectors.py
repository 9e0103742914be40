"""Reads of the nigredo_leads schema shared by several screens."""

import uuid

from nigredo.models import Lead

# Up to this many leads, a tenant's latest are picked from all of its rows (read through
# the tenant index); beyond it, the planner's walk down the creation-date index finds
# them quickly, the tenant's rows being dense enough.
FEW_LEADS = 1_000


def tenant_latest_leads(*, tenant_id: uuid.UUID, limit: int = 10) -> list[Lead]:
    """The tenant's most recent leads, newest first.

    There is no (tenant_id, created_at) index: for a tenant with few leads (a new one,
    say), `ORDER BY created_at DESC LIMIT n` walks the whole creation-date index looking
    for them (5 s over a million leads), so those are read through the tenant index.
    """
    leads = Lead.objects.filter(tenant_id=tenant_id)
    recent = list(leads.order_by().values_list("pk", "created_at")[: FEW_LEADS + 1])
    if len(recent) > FEW_LEADS:
        return list(leads.order_by("-created_at")[:limit])
    recent.sort(key=lambda row: (row[1] is not None, row[1]), reverse=True)
    chosen = [pk for pk, _created in recent[:limit]]
    by_pk = Lead.objects.in_bulk(chosen)
    return [by_pk[pk] for pk in chosen if pk in by_pk]
