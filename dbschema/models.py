"""The migrations ledger, public.migrations, shared with the platform's own tooling."""

from django.db import models

from core.fields import CreatedAtField
from core.models import PlatformModel


class MigrationRecord(PlatformModel):
    id = models.AutoField("id", primary_key=True)
    migration_name = models.CharField("nome da migração", max_length=255, unique=True)
    applied_at = CreatedAtField("aplicada em")
    description = models.TextField("descrição", null=True, blank=True)

    class Meta(PlatformModel.Meta):
        db_table = 'public"."migrations'
        verbose_name = "migração aplicada"
        verbose_name_plural = "migrações aplicadas"
        ordering = ["migration_name"]

    def __str__(self) -> str:
        return self.migration_name
