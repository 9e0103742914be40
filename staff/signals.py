"""A login lockout is a security event: it gets an audit row beside django-axes' own
attempt record (which keeps the client address; the audit trail keeps no addresses)."""

from typing import Any

from axes.signals import user_locked_out
from django.conf import settings
from django.dispatch import receiver
from django.utils import timezone

from platform_app.actors import Actor
from platform_app.models import AuditAction, AuditLog
from platform_app.services.audit import audit_log_record


@receiver(user_locked_out, dispatch_uid="staff_lockout_audit")
def audit_lockout(sender: Any, request: Any, username: str | None, **kwargs: Any) -> None:
    # django-axes signals every refused attempt of a lockout; the trail wants the lockout.
    staff = username or "(sem usuário)"
    already = AuditLog.objects.filter(
        action_type=AuditAction.STAFF_LOCKED_OUT,
        context__staff=staff,
        created_at__gte=timezone.now() - settings.AXES_COOLOFF_TIME,
    )
    if already.exists():
        return
    audit_log_record(
        action=AuditAction.STAFF_LOCKED_OUT,
        acting_user=Actor(staff_username=staff),
        tenant_id=None,
        context={
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
        result=AuditLog.Result.FAILURE,
    )
