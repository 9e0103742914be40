"""Reads of the nigredo_leads schema shared by several screens."""

import uuid

from django.db.models import QuerySet

from nigredo.models import Interacao, Lead

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


def lead_list(
    *,
    tenant_id: uuid.UUID | None = None,
    status: str | None = None,
    consent_given: bool | None = None,
    email: str | None = None,
    telefone: str | None = None,
) -> QuerySet[Lead]:
    """Leads matching the filters (exact, indexed columns only)."""
    filters = {
        "tenant_id": tenant_id,
        "status": status,
        "consent_given": consent_given,
        "email": email,
        "telefone": telefone,
    }
    return Lead.objects.filter(
        **{key: value for key, value in filters.items() if value is not None}
    )


def lead_get(*, lead_id: uuid.UUID) -> Lead | None:
    return Lead.objects.filter(pk=lead_id).first()


def interacao_list(*, lead_id: uuid.UUID) -> QuerySet[Interacao]:
    """The interactions of one lead."""
    return Interacao.objects.filter(lead_id=lead_id)
