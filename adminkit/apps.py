from django.apps import AppConfig


class AdminKitConfig(AppConfig):
    name = "adminkit"
    verbose_name = "Componentes do admin"

    def ready(self) -> None:
        from adminkit import checks  # noqa: F401  (registers the search index check)
        from adminkit.choices import show_unknown_choices
        from adminkit.guards import guard_every_admin
        from adminkit.ids import shorten_ids_in_lists
        from adminkit.money import show_money

        show_unknown_choices()
        guard_every_admin()
        show_money()
        shorten_ids_in_lists()
