from django.apps import AppConfig


class NigredoConfig(AppConfig):
    name = "nigredo"
    verbose_name = "Prospecção"

    def ready(self) -> None:
        from nigredo.services.erasure import LGPD_ERASURE
        from platform_app.services.approval_actions import gated_action_register

        gated_action_register(LGPD_ERASURE)
