"""The base of every platform model: unmanaged, and never writing trigger-kept columns.

Foreign keys follow the database: where the column has a constraint with ON DELETE
CASCADE or SET NULL, Django does nothing (on_delete=DO_NOTHING) and PostgreSQL acts;
where it has a plain constraint (NO ACTION), PROTECT lets the admin explain why a
delete is refused instead of failing on the constraint; where the column has no
constraint at all, db_constraint=False and DO_NOTHING.

A subclass declares its options as `class Meta(PlatformModel.Meta)`, inheriting
`managed = False`; the check below refuses a platform model that Django would manage.
"""

from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.core import checks
from django.db import models
from django.db.models import Value
from django.db.models.expressions import DatabaseDefault

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

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_values = dict(zip(field_names, values, strict=True))
        return instance

    def clean_fields(self, exclude=None) -> None:
        """Validate the fields, except one still holding the value it was loaded with:
        the Lambdas write values the choices do not list, and rows older than a
        validator exist; saving another field of the row must not fail on them."""
        exclude = set(exclude or ())
        loaded = getattr(self, "_loaded_values", {})
        for field in self._meta.concrete_fields:
            if field.attname in loaded and getattr(self, field.attname) == loaded[field.attname]:
                exclude.add(field.name)
        super().clean_fields(exclude=exclude)


def platform_models() -> list[type[PlatformModel]]:
    """Every model mapping a table or view of the platform's schemas, by label."""
    return sorted(
        (model for model in apps.get_models() if issubclass(model, PlatformModel)),
        key=lambda model: model._meta.label,
    )


def upsert(
    model: type[models.Model],
    lookup: dict[str, Any],
    values: dict[str, Any],
    *,
    database_kept: Iterable[str] = (),
) -> bool:
    """Update the row matching lookup to values, or insert it; True when inserted.

    The UPDATE touches only the given columns, so trigger-kept ones (updated_at) are
    never written; database_kept names columns the INSERT leaves to the database too.
    """
    if model._default_manager.filter(**lookup).update(**values):
        return False
    left_to_database = {name: DatabaseDefault(Value(None)) for name in database_kept}
    model._default_manager.create(**lookup, **values, **left_to_database)
    return True


@checks.register(checks.Tags.models)
def check_platform_models_are_unmanaged(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    return [
        checks.Error(
            f"{model._meta.label} maps a platform table but Django would manage it.",
            hint="Declare its options as `class Meta(PlatformModel.Meta)`.",
            obj=model,
            id="core.E006",
        )
        for model in platform_models()
        if model._meta.managed
    ]
