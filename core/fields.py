"""Field classes for the platform's column kinds that Django has no exact match for."""

import json
import uuid
from datetime import UTC, datetime

from django import forms
from django.contrib.postgres.forms import SimpleArrayField
from django.contrib.postgres.functions import RandomUUID
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.functions import Now
from django.utils import timezone


class IndentedJSONEncoder(DjangoJSONEncoder):
    def __init__(self, *args, **kwargs):
        # json.dumps passes indent=None explicitly, so a plain setdefault would not apply.
        kwargs["indent"] = kwargs.get("indent") or 2
        super().__init__(*args, **kwargs)


class JSONBField(models.JSONField):
    """A jsonb column; its encoder indents, so forms and read-only pages show it pretty.

    PostgreSQL stores jsonb parsed, so the indentation never reaches the table.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("encoder", IndentedJSONEncoder)
        super().__init__(*args, **kwargs)


class UTCDateTimeField(models.DateTimeField):
    """A `timestamp without time zone` column holding UTC.

    Python sees aware UTC datetimes (shown in São Paulo time by the admin); SQL gets
    naive UTC values, so the column keeps the convention the Lambdas write with NOW().
    """

    def db_type(self, connection) -> str:
        return "timestamp without time zone"

    def from_db_value(self, value, expression, connection):
        if isinstance(value, datetime) and timezone.is_naive(value):
            return value.replace(tzinfo=UTC)
        return value

    def get_db_prep_value(self, value, connection, prepared=False):
        value = super().get_db_prep_value(value, connection, prepared)
        if isinstance(value, datetime) and timezone.is_aware(value):
            return value.astimezone(UTC).replace(tzinfo=None)
        return value


class UUIDPrimaryKey(models.UUIDField):
    """A uuid primary key whose column defaults to gen_random_uuid().

    The ORM draws the uuid itself too, so an unsaved object already has its id: inline
    formsets need it, and Django 5.2 reads a db_default key back on save() only.
    """

    def __init__(self, verbose_name="id", **kwargs):
        kwargs.update(primary_key=True, default=uuid.uuid4, db_default=RandomUUID())
        kwargs.setdefault("editable", False)
        super().__init__(verbose_name, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        for key in ("primary_key", "default", "db_default", "editable"):
            kwargs.pop(key, None)
        return name, path, args, kwargs


class TriggerMaintained:
    """A column a database trigger computes: PlatformModel.save() never UPDATEs it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("editable", False)
        kwargs.setdefault("null", True)
        super().__init__(*args, **kwargs)


class UpdatedAtField(TriggerMaintained, UTCDateTimeField):
    """`updated_at`, set by the table's `update_*_updated_at` trigger."""

    def __init__(self, verbose_name="atualizado em", **kwargs):
        kwargs.setdefault("blank", True)
        kwargs.setdefault("db_default", Now())
        super().__init__(verbose_name, **kwargs)


class CreatedAtField(UTCDateTimeField):
    """A nullable `created_at`-like column the database fills with now() on insert."""

    def __init__(self, verbose_name="criado em", **kwargs):
        kwargs.update(null=True, blank=True, editable=False)
        kwargs.setdefault("db_default", Now())
        super().__init__(verbose_name, **kwargs)


class TriggerIntegerField(TriggerMaintained, models.IntegerField):
    """An integer the table's trigger computes (traces.duration_ms)."""


class NumericField(models.DecimalField):
    """An unconstrained `numeric` column (no precision or scale)."""

    def check(self, **kwargs):
        # Skip DecimalField's checks: max_digits and decimal_places are meant to be unset.
        return models.Field.check(self, **kwargs)

    def db_type(self, connection) -> str:
        return "numeric"


class JSONListTextField(models.TextField):
    """A TEXT column holding a JSON array of ids, exposed as a list of strings.

    A value that is not a JSON array (written by hand, say) is returned unchanged as
    a string so that the page showing it still renders; saving it requires a list.
    """

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        try:
            parsed = json.loads(value)
        except ValueError:
            return value
        return [str(item) for item in parsed] if isinstance(parsed, list) else value

    def to_python(self, value):
        if value is None or isinstance(value, list):
            return value and [str(item) for item in value]
        try:
            parsed = json.loads(value)
        except (TypeError, ValueError):
            parsed = None
        if not isinstance(parsed, list):
            raise ValidationError("Informe uma lista JSON de ids.", code="invalid")
        return [str(item) for item in parsed]

    def get_prep_value(self, value):
        if value is None or isinstance(value, str):
            return value
        # Compact, as the Lambdas write it: ["id1","id2"].
        return json.dumps([str(item) for item in value], separators=(",", ":"))

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def formfield(self, **kwargs):
        return SimpleArrayField(
            forms.UUIDField(),
            label=self.verbose_name,
            required=not self.blank,
            help_text="Ids de usuários da plataforma, separados por vírgula.",
            **kwargs,
        )
