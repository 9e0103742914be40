"""Pieces the nigredo services share."""

import uuid

from nigredo.models import Lead
from platform_app.models import PUBLIC_FORM_TENANT_ID, Tenant


def audit_tenant_id(lead: Lead) -> uuid.UUID | None:
    """The tenant an audit row about `lead` names: its own, or NULL for a public-form lead
    (whose tenant has no row) and for a lead whose tenant was deleted."""
    if lead.tenant_id == PUBLIC_FORM_TENANT_ID:
        return None
    return lead.tenant_id if Tenant.objects.filter(pk=lead.tenant_id).exists() else None
