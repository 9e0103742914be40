from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "billing"
    verbose_name = "Cobrança e planos"

    def ready(self) -> None:
        from billing.services.plans import PLAN_PRICE_CHANGE
        from platform_app.services.approval_actions import gated_action_register

        gated_action_register(PLAN_PRICE_CHANGE)
