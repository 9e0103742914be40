"""Field classes for the platform's column kinds that Django has no exact match for."""

import json
import math
import uuid
from datetime import UTC, date, datetime
from typing import Any

from django import forms
from django.contrib.postgres.forms import SimpleArrayField
from django.contrib.postgres.functions import RandomUUID
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.functions import Now
from django.utils import timezone

# What a `timestamp` holding UTC can take from a form or a filter: the conversion between
# São Paulo time and UTC must not leave Python's years 1 to 9999 (OverflowError).
EARLIEST = datetime(1, 1, 2, tzinfo=UTC)
LATEST = datetime(9999, 12, 30, 23, 59, 59, 999999, tzinfo=UTC)
DATE_RANGE_MESSAGE = "Data fora do intervalo aceito (de 02/01/0001 a 30/12/9999)."
# Deeper JSON than this is refused (the platform's documents are a few levels deep).
MAX_JSON_DEPTH = 64


def check_datetime_range(value: Any) -> None:
    """A validator: refuse a date or datetime whose conversion to UTC could overflow."""
    if isinstance(value, datetime):
        try:
            aware = value if timezone.is_aware(value) else timezone.make_aware(value)
            in_range = EARLIEST <= aware.astimezone(UTC) <= LATEST
        except (OverflowError, ValueError):
            in_range = False
    elif isinstance(value, date):
        in_range = EARLIEST.date() <= value <= LATEST.date()
    else:
        return
    if not in_range:
        raise ValidationError(DATE_RANGE_MESSAGE, code="date_out_of_range")


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

    @property
    def json_shape(self) -> type:
        """What the platform reads from the column: an array where its default is one
        (`'[]'::jsonb`), an object everywhere else (CATALOG.md)."""
        return list if isinstance(self._db_default_value(), list) else dict

    def _db_default_value(self) -> Any:
        default = self.db_default
        return getattr(default, "value", default)

    def formfield(self, **kwargs):
        return super().formfield(
            **{"form_class": PlatformJSONFormField, "shape": self.json_shape, **kwargs}
        )

    def validate(self, value, model_instance):
        """Also for a form that edits the column through a field of its own."""
        super().validate(value, model_instance)
        problem = json_problem(value)
        if problem:
            raise ValidationError(f"JSON não aceito: {problem}.", code="invalid")


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"number out of range: {text}")
    return number


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def json_problem(value: Any) -> str | None:
    """Why PostgreSQL's jsonb (or the platform) cannot take `value`, or None."""
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if depth > MAX_JSON_DEPTH:
            return f"aninhamento profundo demais (máximo {MAX_JSON_DEPTH} níveis)"
        if isinstance(item, dict):
            pending.extend((key, depth) for key in item)
            pending.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            pending.extend((child, depth + 1) for child in item)
        elif isinstance(item, str):
            if "\x00" in item:
                return "o caractere \\u0000 não é aceito"
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return "texto com caractere Unicode inválido (\\ud800 a \\udfff sozinho)"
        elif isinstance(item, float) and not math.isfinite(item):
            return "número fora do intervalo (NaN, Infinity ou grande demais)"
    return None


class PlatformJSONFormField(forms.JSONField):
    """A jsonb form field refusing, as field errors, what PostgreSQL or the platform
    cannot take: NUL (\\u0000), lone surrogates, NaN/Infinity and numbers past a float
    (1e400), nesting deeper than MAX_JSON_DEPTH, and a document of the wrong shape (an
    array or a bare string where the platform reads an object)."""

    SHAPES = {dict: "um objeto JSON ({…})", list: "uma lista JSON ([…])"}

    def __init__(self, *, shape: type | None = None, **kwargs):
        self.shape = shape
        super().__init__(**kwargs)

    def _loads(self, text: str) -> Any:
        return json.loads(
            text, cls=self.decoder, parse_float=_finite_float, parse_constant=_refuse_constant
        )

    def to_python(self, value):
        if self.disabled or value in self.empty_values:
            return super().to_python(value)
        if isinstance(value, list | dict | int | float | forms.fields.JSONString):
            parsed = value
        else:
            try:
                parsed = self._loads(value)
            except RecursionError:
                raise ValidationError(
                    f"JSON inválido: aninhamento profundo demais (máximo {MAX_JSON_DEPTH} níveis).",
                    code="invalid",
                ) from None
            except ValueError as exc:
                raise ValidationError(
                    f"JSON inválido: {exc}.", code="invalid", params={"value": value}
                ) from None
        problem = json_problem(parsed)
        if problem:
            raise ValidationError(f"JSON não aceito: {problem}.", code="invalid")
        if self.shape is not None and not isinstance(parsed, self.shape):
            raise ValidationError(
                f"Informe {self.SHAPES[self.shape]}: é o que a plataforma lê deste campo.",
                code="invalid_shape",
            )
        return forms.fields.JSONString(parsed) if isinstance(parsed, str) else parsed

    def bound_data(self, data, initial):
        if self.disabled:
            return initial
        if data is None:
            return None
        try:
            parsed = self._loads(data)
        except (ValueError, RecursionError):
            return forms.fields.InvalidJSONInput(data)
        # Shown again as typed: a lone surrogate could not be written into the page.
        return forms.fields.InvalidJSONInput(data) if json_problem(parsed) else parsed


class UTCDateTimeField(models.DateTimeField):
    """A `timestamp without time zone` column holding UTC.

    Python sees aware UTC datetimes (shown in São Paulo time by the admin); SQL gets
    naive UTC values, so the column keeps the convention the Lambdas write with NOW().
    A form refuses a value the conversion cannot represent (late 31/12/9999).
    """

    default_validators = [check_datetime_range]

    def db_type(self, connection) -> str:
        return "timestamp without time zone"

    def from_db_value(self, value, expression, connection):
        if isinstance(value, datetime) and timezone.is_naive(value):
            return value.replace(tzinfo=UTC)
        return value

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
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
