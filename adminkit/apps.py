from django.apps import AppConfig


class AdminKitConfig(AppConfig):
    name = "adminkit"
    verbose_name = "Componentes do admin"
