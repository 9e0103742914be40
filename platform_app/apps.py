from django.apps import AppConfig


class PlatformAppConfig(AppConfig):
    name = "platform_app"
    verbose_name = "Plataforma"

    def ready(self) -> None:
        from platform_app.services.approval_actions import register_platform_gated_actions

        register_platform_gated_actions()
