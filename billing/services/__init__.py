"""State changes of the public schema's billing tables: one function per change,
keyword-only arguments, an `acting_user`, one transaction, one audit row."""

from billing.services.plans import subscription_plan_change_prices

__all__ = ["subscription_plan_change_prices"]
