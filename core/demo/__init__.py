"""Reference and demo rows for the platform tables, written by idempotent upserts."""

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models import Value
from django.db.models.expressions import DatabaseDefault


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
    if model.objects.filter(**lookup).update(**values):
        return False
    left_to_database = {name: DatabaseDefault(Value(None)) for name in database_kept}
    model.objects.create(**lookup, **values, **left_to_database)
    return True
