from django.apps import AppConfig
from django.core.signals import request_finished
from django.db.models.signals import pre_migrate


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
        from core.tracing import clear_current_trace_id

        pre_migrate.connect(create_backoffice_schema, sender=self)
        request_finished.connect(clear_current_trace_id, dispatch_uid="core.tracing")
