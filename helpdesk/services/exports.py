"""The audit trail of exports: who exported which list, with which filter, how many rows."""

import hashlib
from urllib.parse import parse_qsl, urlencode

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction

from nigredo.personal_data import PERSONAL_TABLES, Kind
from platform_app.actors import Actor
from platform_app.models import AuditAction, AuditLog
from platform_app.services import audit_log_record
from staff.selectors import staff_sees_personal_data

# Query parameters whose value may be a person's data: kept in the audit row as a hash.
SEARCH_PARAMETERS = frozenset({"q"})
PERSONAL_FIELDS = frozenset(
    column
    for table in PERSONAL_TABLES
    for column in table.columns_of(
        Kind.EMAIL, Kind.PHONE, Kind.NAME, Kind.CNPJ, Kind.IP, Kind.TEXT, Kind.USER_AGENT
    )
)


def sees_personal_data(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether exports carry personal columns for `user`: LGPD officers and superusers."""
    return staff_sees_personal_data(user)


def filters_for_audit(query_string: str) -> str:
    """The changelist's query string, search terms and contact filters replaced by a hash."""
    pairs = []
    for key, value in parse_qsl(query_string, keep_blank_values=True):
        field = key.split("__", 1)[0]
        if key in SEARCH_PARAMETERS or field in PERSONAL_FIELDS:
            value = "sha256:" + hashlib.sha256(value.encode()).hexdigest()[:16]
        pairs.append((key, value))
    return urlencode(pairs)


@transaction.atomic
def export_record(
    *,
    acting_user: Actor,
    model_label: str,
    export_format: str,
    filters: str,
    row_count: int,
    personal_data: bool,
    completed: bool,
) -> AuditLog:
    """Audit one export once its stream ended: the list, format, filter, rows sent, whether
    personal columns went out; `partial` when the client stopped reading before the end."""
    return audit_log_record(
        action=AuditAction.DATA_EXPORTED,
        acting_user=acting_user,
        tenant_id=None,
        context={
            "export": model_label,
            "format": export_format,
            "filters": filters_for_audit(filters),
            "rows": row_count,
            "personalData": personal_data,
        },
        result=AuditLog.Result.SUCCESS if completed else AuditLog.Result.PARTIAL,
        error_message=None if completed else "Exportação interrompida antes do fim.",
    )
