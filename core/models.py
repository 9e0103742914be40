"""The base of every platform model: unmanaged, and never writing trigger-kept columns.

Foreign keys follow the database: where the column has a constraint with ON DELETE
CASCADE or SET NULL, Django does nothing (on_delete=DO_NOTHING) and PostgreSQL acts;
where it has a plain constraint (NO ACTION), PROTECT lets the admin explain why a
delete is refused instead of failing on the constraint; where the column has no
constraint at all, db_constraint=False and DO_NOTHING.
"""

from django.db import models

from core.fields import TriggerMaintained


class PlatformModel(models.Model):
    class Meta:
        abstract = True
        managed = False

    def save(self, *args, update_fields=None, **kwargs) -> None:
        """Save, leaving the columns database triggers compute out of UPDATE statements."""
        if update_fields is None and not self._state.adding:
            update_fields = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key
                and not field.generated
                and not isinstance(field, TriggerMaintained)
            ]
        super().save(*args, update_fields=update_fields, **kwargs)
