"""The public schema's billing admin, one module per area."""

from billing.admin import catalog, commercial, payments, subscriptions, trials  # noqa: F401
