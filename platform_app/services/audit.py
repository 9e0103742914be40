"""The audit row every service writes, in the same transaction as its change."""

import uuid
from collections.abc import Mapping
from typing import Any

from platform_app.actors import Actor
from platform_app.models import AuditAction, AuditLog

# Keys that would carry a person's data; the audit trail names rows by id instead.
PERSONAL_KEYS = frozenset(
    {
        "email",
        "telefone",
        "phone",
        "whatsapp",
        "name",
        "nome",
        "full_name",
        "fullName",
        "contato",
        "cnpj",
        "ip",
        "ip_address",
        "ipAddress",
        "user_agent",
        "userAgent",
        "comment",
        "message",
        "mensagem",
    }
)


def audit_log_record(
    *,
    action: AuditAction,
    acting_user: Actor,
    tenant_id: uuid.UUID | None,
    context: Mapping[str, Any] | None = None,
    result: AuditLog.Result = AuditLog.Result.SUCCESS,
    agent_id: uuid.UUID | None = None,
    trace_id: uuid.UUID | None = None,
    error_message: str | None = None,
) -> AuditLog:
    """Write one audit row: a fresh trace id unless given, the acting platform user (NULL
    for an unlinked staff account, named in the context), ids and names only."""
    full_context = {**(context or {}), **acting_user.audit_context()}
    _refuse_personal_data(full_context)
    return AuditLog.objects.create(
        trace_id=trace_id or uuid.uuid4(),
        tenant_id=tenant_id,
        user_id=acting_user.platform_user_id,
        agent_id=agent_id,
        action_type=action,
        result=result,
        context=full_context,
        error_message=error_message,
    )


def _refuse_personal_data(value: Any, path: str = "context") -> None:
    if isinstance(value, Mapping):
        for key, item in value.items():
            if key in PERSONAL_KEYS:
                raise ValueError(f"{path}.{key}: audit contexts hold ids and names, not people")
            _refuse_personal_data(item, f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _refuse_personal_data(item, f"{path}[{index}]")
