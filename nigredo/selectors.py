"""Reads of the nigredo_leads schema (leads and their interactions)."""

import uuid

from django.db.models import QuerySet

from nigredo.models import Interacao, Lead


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
