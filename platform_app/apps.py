from django.apps import AppConfig


class PlatformAppConfig(AppConfig):
    name = "platform_app"
    verbose_name = "Plataforma (alquimista_platform)"
