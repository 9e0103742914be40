"""Serializers every endpoint shares: the error and pagination bodies, strict input."""

import copy
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model
from django.http import QueryDict
from rest_framework import serializers
from rest_framework.fields import is_simple_callable
from rest_framework.request import Request

from api.pagination import CURSOR_PATTERN
from core.privacy import shown

UNKNOWN_FIELD = "Campo desconhecido."


class ErrorSerializer(serializers.Serializer):
    """Every error response."""

    error = serializers.CharField(help_text="Stable snake_case code, for programs.")
    message = serializers.CharField(help_text="Human text (pt-BR).")
    details = serializers.DictField(
        child=serializers.JSONField(),
        help_text=(
            "Invalid input: field (or parameter) → list of messages. A refusal by a rule: "
            "what it names (e.g. `plan_limit_reached`: resource, used, limit, requested, "
            "plan). Empty when there is nothing to add."
        ),
    )
    traceId = serializers.CharField(allow_null=True, help_text="The request's X-Trace-Id.")


class PaginationSerializer(serializers.Serializer):
    limit = serializers.IntegerField()
    hasMore = serializers.BooleanField()
    nextCursor = serializers.CharField(
        allow_null=True, help_text="Pass as `cursor` for the next page; null on the last."
    )


EMPTY_PARAMETER = "Informe um valor (ou omita o parâmetro)."
NOT_TEXT = "Informe um texto."


class StrictInputSerializer(serializers.Serializer):
    """A request body or query: its keys are its camelCase field names, and a key it does
    not declare is refused (400, `details: {key: ["Campo desconhecido."]}`). In a query
    string an empty value (`?status=`) is refused too, rather than read as absent; in a
    JSON body, a text field given anything but a string."""

    def get_fields(self) -> dict[str, serializers.Field]:
        # DRF deep-copies every declared field for each instance (half the cost of
        # validating a query string). A plain field is left unchanged by the request
        # (`bind` sets attributes of the copy's own), so a shallow copy serves; a field
        # holding a child field or serializer gets DRF's deep copy.
        return {
            name: copy.deepcopy(field) if _holds_fields(field) else copy.copy(field)
            for name, field in self._declared_fields.items()
        }

    def to_internal_value(self, data: Any) -> Any:
        if hasattr(data, "keys"):
            unknown = sorted(set(data.keys()) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({key: [UNKNOWN_FIELD] for key in unknown})
        if isinstance(data, QueryDict):
            empty = sorted(key for key in data if data.get(key) == "")
            if empty:
                raise serializers.ValidationError({key: [EMPTY_PARAMETER] for key in empty})
        elif isinstance(data, dict):
            # DRF's CharField takes a JSON number as its text (0 → "0"); the schema says
            # string, and so does the API.
            not_text = sorted(
                key
                for key, field in self.fields.items()
                if isinstance(field, serializers.CharField)
                and data.get(key) is not None
                and not isinstance(data[key], str)
            )
            if not_text:
                raise serializers.ValidationError({key: [NOT_TEXT] for key in not_text})
        return super().to_internal_value(data)


def _holds_fields(field: serializers.Field) -> bool:
    return isinstance(field, serializers.BaseSerializer) or hasattr(field, "child")


def limit_field(maximum: int) -> serializers.IntegerField:
    return serializers.IntegerField(
        required=False, min_value=1, max_value=maximum, help_text="Rows per page."
    )


class PageQuerySerializer(StrictInputSerializer):
    """`limit` and `cursor` of a keyset-paginated list; subclasses add the filters (and
    may redeclare `limit = limit_field(N)` with their own `default_limit`)."""

    default_limit = 50

    limit = limit_field(200)
    cursor = serializers.RegexField(
        CURSOR_PATTERN,
        required=False,
        max_length=64,
        help_text="The `nextCursor` of the previous page.",
    )


def validated_query(request: Request, serializer_class: type[serializers.Serializer]) -> dict:
    """The query string validated by `serializer_class` (400 on a bad or unknown one)."""
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def validated_body(request: Request, serializer_class: type[serializers.Serializer]) -> dict:
    """The JSON body validated by `serializer_class` (400 on a bad or unknown field)."""
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def page_limit(query: dict, serializer_class: type[PageQuerySerializer]) -> int:
    return int(query.get("limit") or serializer_class.default_limit)


def page_serializer(
    name: str, items_key: str, item: type[serializers.Serializer]
) -> type[serializers.Serializer]:
    """The schema of a keyset page: `{<items_key>: [item], "pagination": {...}}`."""
    return type(
        name,
        (serializers.Serializer,),
        {items_key: item(many=True), "pagination": PaginationSerializer()},
    )


class ReadSerializer(serializers.Serializer):
    """An output serializer: its declared fields are the JSON and the OpenAPI schema, and
    it writes them with a plan compiled once per class (the attribute path and the
    conversion of each field) instead of DRF's per-field machinery, which costs several
    times the SQL on the API's lists. Field kinds it does not know fall back to the
    field's own `to_representation`."""

    def to_representation(self, instance: Any) -> dict[str, Any]:
        plan = type(self).__dict__.get("_read_plan")
        if plan is None:
            plan = _compile_plan(self)
            type(self)._read_plan = plan  # type: ignore[attr-defined]
        return {name: convert(self, instance) for name, convert in plan}


def _attribute(instance: Any, path: list[str]) -> Any:
    for attr in path:
        if instance is None:
            return None
        try:
            instance = getattr(instance, attr)
        except ObjectDoesNotExist:
            return None
        if is_simple_callable(instance):
            instance = instance()
    return instance


def _utc_iso(value: datetime) -> str:
    text = value.astimezone(UTC).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


SIMPLE: list[tuple[type[serializers.Field], Callable[[Any], Any]]] = [
    (serializers.UUIDField, str),
    (serializers.BooleanField, bool),
    (serializers.IntegerField, int),
    (serializers.DateTimeField, _utc_iso),
    (serializers.JSONField, lambda value: value),
    (serializers.CharField, str),
]


Converter = Callable[[serializers.Serializer, Any], Any]


def _method(name: str) -> Converter:
    def convert(serializer: serializers.Serializer, instance: Any) -> Any:
        return getattr(serializer, name)(instance)

    return convert


def _many(path: list[str], child: serializers.Field) -> Converter:
    def convert(serializer: serializers.Serializer, instance: Any) -> Any:
        return [child.to_representation(item) for item in (_attribute(instance, path) or [])]

    return convert


def _value(path: list[str], to_json: Callable[[Any], Any]) -> Converter:
    owner_path, column = path[:-1], path[-1] if path else ""

    def convert(serializer: serializers.Serializer, instance: Any) -> Any:
        value = _attribute(instance, path)
        if value is None:
            return None
        if isinstance(value, str) and column:
            # A person's contact, as the caller may see it (core.privacy).
            owner = _attribute(instance, owner_path) if owner_path else instance
            if isinstance(owner, Model):
                value = shown(type(owner), column, value, owner)
        return to_json(value)

    return convert


def _compile_plan(serializer: serializers.Serializer) -> list[tuple[str, Converter]]:
    from api.fields import money

    plan: list[tuple[str, Converter]] = []
    for name, field in serializer.fields.items():
        source = field.source or name
        path = [] if source == "*" else source.split(".")
        if isinstance(field, serializers.SerializerMethodField):
            plan.append((name, _method(field.method_name or f"get_{name}")))
        elif isinstance(field, serializers.ListSerializer) and field.child is not None:
            plan.append((name, _many(path, field.child)))
        elif isinstance(field, serializers.BaseSerializer):
            plan.append((name, _value(path, field.to_representation)))
        elif isinstance(field, serializers.DecimalField):
            plan.append((name, _value(path, money)))
        else:
            simple = next((fn for kind, fn in SIMPLE if isinstance(field, kind)), None)
            plan.append((name, _value(path, simple or field.to_representation)))
    return plan
