"""The nigredo rows that serialise concurrent changes, locked with SELECT … FOR UPDATE."""

import uuid
from collections.abc import Iterable

from django.db import connection

from core.exceptions import NotFound
from nigredo.models import Lead
from platform_app.actors import Actor
from platform_app.models import INTERNAL_TENANT_ID


def lead_not_found() -> NotFound:
    return NotFound("lead_not_found", "Lead não encontrado.")


def actor_sees_every_tenant(actor: Actor) -> bool:
    """Staff and the internal team act on every tenant's leads; a platform user of a
    customer tenant only on its own tenant's."""
    return actor.is_staff or actor.tenant_id == INTERNAL_TENANT_ID


def lead_for_update(lead_id: uuid.UUID, acting_user: Actor) -> Lead:
    """Lock the lead's row: its consent, unsubscribe and erasure are serialised on it. A
    lead of another tenant is not found for a customer tenant's user."""
    leads = Lead.objects.select_for_update()
    if not actor_sees_every_tenant(acting_user):
        if acting_user.tenant_id is None:
            raise lead_not_found()
        leads = leads.filter(tenant_id=acting_user.tenant_id)
    lead = leads.filter(pk=lead_id).first()
    if lead is None:
        raise lead_not_found()
    return lead


def leads_for_update(lead_ids: Iterable[uuid.UUID]) -> list[Lead]:
    """Lock several leads, in id order (two erasures of overlapping people never wait on
    each other in turn)."""
    return list(Lead.objects.select_for_update().filter(pk__in=list(lead_ids)).order_by("pk"))


def contacts_lock(contacts: Iterable[str]) -> None:
    """Serialise the changes to the blocklist entries of these normalised contacts
    (transaction-level advisory locks, in a fixed order): two leads of the same person
    unsubscribed at once add one entry, not two. The table has no unique key."""
    for contact in sorted(set(contacts)):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [f"blocklist:{contact}"]
            )
