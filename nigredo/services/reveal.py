"""Revealing a person's masked contacts to a staff member, with the reason audited."""

import uuid
from typing import Any

from django.db import transaction
from django.db.models import Model

from core.exceptions import ApplicationError, NotFound
from nigredo.models import Lead
from nigredo.personal_data import personal_table
from nigredo.services.common import audit_tenant_id
from platform_app.actors import Actor
from platform_app.models import AuditAction
from platform_app.services import audit_log_record

MIN_REASON = 10
MAX_REASON = 500


@transaction.atomic
def personal_data_reveal(
    *, acting_user: Actor, model: type[Model], object_id: uuid.UUID, reason: str
) -> dict[str, Any]:
    """The masked columns (contacts, names) of one row, whole: {column: value}. The
    audit row (`personal_data.revealed`) names who, which row and why, never the values."""
    reason = " ".join((reason or "").split())
    if len(reason) < MIN_REASON:
        raise ApplicationError(
            "reveal_reason_required",
            f"Diga por que precisa ver os dados (ao menos {MIN_REASON} caracteres).",
        )
    if len(reason) > MAX_REASON:
        raise ApplicationError(
            "reveal_reason_too_long", f"O motivo tem no máximo {MAX_REASON} caracteres."
        )
    table = personal_table(model)
    obj = model._base_manager.filter(pk=object_id).first()
    if table is None or obj is None:
        raise NotFound("not_found", "Registro não encontrado.")
    columns = table.masked_columns()
    values = {column: getattr(obj, column) for column in columns}
    audit_log_record(
        action=AuditAction.PERSONAL_DATA_REVEALED,
        acting_user=acting_user,
        tenant_id=audit_tenant_id(obj) if isinstance(obj, Lead) else None,
        context={
            "model": model._meta.label_lower,
            "objectId": str(obj.pk),
            "fields": sorted(column for column, value in values.items() if value),
            "reason": reason,
        },
    )
    return values
