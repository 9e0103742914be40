"""Trials: expiry is the database's `public.expire_trials()`."""

from django.db import ProgrammingError, connection, transaction

from core.exceptions import ApplicationError
from platform_app.actors import Actor
from platform_app.models import AuditAction
from platform_app.services import audit_log_record


@transaction.atomic
def trials_expire(*, acting_user: Actor) -> int:
    """Expire every active trial past its time or its uses; return how many. An audit row
    is written when any expired (a scheduler's empty runs leave no trace)."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT public.expire_trials()")
            row = cursor.fetchone()
    except ProgrammingError:
        raise ApplicationError(
            "expire_trials_missing",
            "A função public.expire_trials() não existe neste banco: aplique a migração 009 "
            "(manage.py dbmigrations apply).",
        ) from None
    expired = int(row[0]) if row else 0
    if expired:
        audit_log_record(
            action=AuditAction.TRIALS_EXPIRED,
            acting_user=acting_user,
            tenant_id=None,
            context={"expired": expired},
        )
    return expired


def expired_message(count: int) -> str:
    """'Nenhum período de teste a expirar.', '1 período de teste expirado.', …"""
    if count == 0:
        return "Nenhum período de teste a expirar."
    if count == 1:
        return "1 período de teste expirado."
    return f"{count} períodos de teste expirados."
