from django.apps import AppConfig


class AdminKitConfig(AppConfig):
    name = "adminkit"
    verbose_name = "Componentes do admin"

    def ready(self) -> None:
        from adminkit.choices import show_unknown_choices

        show_unknown_choices()
