"""State changes of the alquimista_platform schema: one function per change, keyword-only
arguments, an `acting_user`, one transaction, one audit row (see `audit`)."""

from platform_app.services.audit import audit_log_record
from platform_app.services.tenants import tenant_reactivate, tenant_suspend
from platform_app.services.users import user_role_change, user_suspend

__all__ = [
    "audit_log_record",
    "tenant_reactivate",
    "tenant_suspend",
    "user_role_change",
    "user_suspend",
]
