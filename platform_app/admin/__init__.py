"""The alquimista_platform admin, one module per area."""

from platform_app.admin import agents, approvals, audit, notifications, tenants  # noqa: F401
