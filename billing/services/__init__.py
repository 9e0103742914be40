"""State changes of the billing tables and the plan limits: one function per change,
keyword-only arguments, an `acting_user`, one transaction that locks the tenant's row
before counting, one audit row."""

from billing.services.agents import tenant_agent_activate, tenant_agent_deactivate
from billing.services.catalog import subnucleo_delete, subscription_plan_delete
from billing.services.commercial import commercial_request_advance
from billing.services.plans import subscription_plan_change_prices
from billing.services.subnucleos import tenant_subnucleo_activate, tenant_subnucleo_deactivate
from billing.services.subscriptions import (
    subscription_cancel,
    subscription_plan_change,
    subscription_reactivate,
)
from billing.services.trials import trials_expire
from billing.services.users import user_create, user_reactivate

__all__ = [
    "commercial_request_advance",
    "subnucleo_delete",
    "subscription_cancel",
    "subscription_plan_change",
    "subscription_plan_change_prices",
    "subscription_plan_delete",
    "subscription_reactivate",
    "tenant_agent_activate",
    "tenant_agent_deactivate",
    "tenant_subnucleo_activate",
    "tenant_subnucleo_deactivate",
    "trials_expire",
    "user_create",
    "user_reactivate",
]
