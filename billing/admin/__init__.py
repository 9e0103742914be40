"""The public schema's billing admin, one module per area."""

from billing.admin import (  # noqa: F401
    catalog,
    commercial,
    payments,
    subscriptions,
    tenants,
    trials,
)
