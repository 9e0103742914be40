from django.apps import AppConfig


class AdminKitConfig(AppConfig):
    name = "adminkit"
    verbose_name = "Componentes do admin"

    def ready(self) -> None:
        from adminkit import checks  # noqa: F401  (registers the search index check)
        from adminkit.choices import show_unknown_choices
        from adminkit.money import show_money

        show_unknown_choices()
        show_money()
