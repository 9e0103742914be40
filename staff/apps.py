from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "staff"
    verbose_name = "Equipe interna"

    def ready(self) -> None:
        from staff import signals  # noqa: F401  (connects the lockout's audit row)
