from django.apps import AppConfig
from django.db.models.signals import pre_migrate

# The apps whose unmanaged models map the platform's four schemas.
PLATFORM_APPS = ("platform_app", "nigredo", "billing", "fibonacci")


def create_backoffice_schema(sender, using, **kwargs) -> None:
    """Django's own tables live in a schema of their own, created before `migrate` writes."""
    from django.conf import settings
    from django.db import connections

    with connections[using].cursor() as cursor:
        cursor.execute(f'CREATE SCHEMA IF NOT EXISTS "{settings.BACKOFFICE_SCHEMA}"')


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Núcleo do back-office"

    def ready(self) -> None:
        from core import checks  # noqa: F401  (registers the schema drift check)

        pre_migrate.connect(create_backoffice_schema, sender=self)
