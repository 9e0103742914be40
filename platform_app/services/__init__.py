"""State changes of the alquimista_platform schema: one function per change, keyword-only
arguments, an `acting_user`, one transaction, one audit row (see `audit`)."""

from platform_app.services.approvals import (
    approval_request_cancel,
    approval_request_create,
    approval_request_decide,
    approval_request_execute,
    approval_requests_expire_due,
)
from platform_app.services.audit import audit_log_record
from platform_app.services.internal_tenant import internal_tenant_ensure
from platform_app.services.tenants import (
    tenant_create,
    tenant_reactivate,
    tenant_suspend,
    tenant_update,
)
from platform_app.services.users import user_role_change, user_suspend

__all__ = [
    "approval_request_cancel",
    "approval_request_create",
    "approval_request_decide",
    "approval_request_execute",
    "approval_requests_expire_due",
    "audit_log_record",
    "internal_tenant_ensure",
    "tenant_create",
    "tenant_reactivate",
    "tenant_suspend",
    "tenant_update",
    "user_role_change",
    "user_suspend",
]
