"""Optimistic concurrency for the admin's change forms and inline rows: no overwritten row.

The Lambdas write the platform's tables all day, and the admin's form posts every field
it shows. The change page therefore carries a fingerprint of the values its form was
filled with (a hash of the row's editable columns as loaded); on save, the row is read
again under `SELECT … FOR UPDATE` inside the save's transaction, and a form whose
fingerprint no longer matches is refused with a form-level error, writing nothing. A
save that passes writes only the columns whose values differ from the locked row, so a
column the form does not edit (a status, a counter the platform keeps) is never
reverted to what the page loaded.

An inline row (a lead's agendamentos on the lead's page) carries, beside each field, the
value the page showed it with (Django's hidden initial); its row, locked, must still hold
those values, or the row's form is refused the same way.
"""

import hashlib
import json
from datetime import datetime, time
from typing import Any

from django import forms
from django.db import router
from django.db.models import Model

from core.fields import TriggerMaintained

FINGERPRINT_FIELD = "_row_fingerprint"
STALE_MESSAGE = (
    "Este registro foi alterado por outra pessoa ou processo desde que você o abriu; "
    "recarregue a página."
)


def editable_columns(model: type[Model], form_fields: Any) -> list[str]:
    """The attnames of the model's columns a form with these fields edits, sorted."""
    return sorted(
        field.attname
        for field in model._meta.concrete_fields
        if field.name in form_fields and not field.primary_key
    )


def row_fingerprint(obj: Model, columns: list[str]) -> str:
    """A hash of obj's values in these columns."""
    values = {column: getattr(obj, column) for column in columns}
    payload = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def locked_row(obj: Model) -> Model | None:
    """obj's row as the database holds it now, locked until the transaction ends."""
    model = type(obj)
    using = router.db_for_write(model, instance=obj)
    return model._base_manager.using(using).select_for_update().filter(pk=obj.pk).first()


class StaleRowGuard(forms.BaseForm):
    """Refuses the form when its row changed since the page was loaded.

    `submitted_fingerprint` is set on the class per request (PlatformAdmin.get_form);
    after validation, `locked` holds the row as the database had it, locked.
    """

    submitted_fingerprint: str = ""
    locked: Model | None = None

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        instance: Model = self.instance  # type: ignore[attr-defined]
        self.locked = locked_row(instance)
        columns = editable_columns(type(instance), self.fields)
        if self.locked is None or (
            self.submitted_fingerprint
            and row_fingerprint(self.locked, columns) != self.submitted_fingerprint
        ):
            raise forms.ValidationError(STALE_MESSAGE, code="stale")
        return cleaned


def changed_columns(obj: Model, locked: Model) -> list[str]:
    """The names of obj's writable fields whose values differ from the locked row's."""
    return [
        field.name
        for field in obj._meta.concrete_fields
        if not field.primary_key
        and not field.generated
        and not isinstance(field, TriggerMaintained)
        and getattr(obj, field.attname) != getattr(locked, field.attname)
    ]


class StaleInlineRowGuard(forms.BaseForm):
    """An inline row's form that refuses a row changed since the page showed it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        columns = {field.name for field in self.instance._meta.concrete_fields}
        for name, field in self.fields.items():
            if name in columns and not field.widget.is_hidden:
                field.show_hidden_initial = True

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        instance: Model = self.instance  # type: ignore[attr-defined]
        shown = {
            name: field
            for name, field in self.fields.items()
            if field.show_hidden_initial
            and not field.hidden_widget().value_omitted_from_data(
                self.data, self.files, self.add_initial_prefix(name)
            )
        }
        if instance._state.adding or not shown:
            return cleaned
        locked = locked_row(instance)
        attnames = {field.name: field.attname for field in instance._meta.concrete_fields}
        if locked is None or any(
            field.has_changed(
                as_shown(getattr(locked, attnames[name]), field),
                field.hidden_widget().value_from_datadict(
                    self.data, self.files, self.add_initial_prefix(name)
                ),
            )
            for name, field in shown.items()
        ):
            raise forms.ValidationError(STALE_MESSAGE, code="stale")
        return cleaned


def as_shown(value: Any, field: forms.Field) -> Any:
    """A column's value as the form showed it (BoundField.initial): a time without the
    microseconds its widget cannot show."""
    if isinstance(value, datetime | time) and not field.widget.supports_microseconds:
        return value.replace(microsecond=0)
    return value
