"""Serializers every endpoint shares: the error and pagination bodies, strict input."""

from typing import Any

from django.http import QueryDict
from rest_framework import serializers
from rest_framework.request import Request

from api.pagination import CURSOR_PATTERN

UNKNOWN_FIELD = "Campo desconhecido."


class ErrorSerializer(serializers.Serializer):
    """Every error response."""

    error = serializers.CharField(help_text="Stable snake_case code, for programs.")
    message = serializers.CharField(help_text="Human text (pt-BR).")
    details = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Field (or parameter) → messages; empty when the error names no field.",
    )
    traceId = serializers.CharField(allow_null=True, help_text="The request's X-Trace-Id.")


class PaginationSerializer(serializers.Serializer):
    limit = serializers.IntegerField()
    hasMore = serializers.BooleanField()
    nextCursor = serializers.CharField(
        allow_null=True, help_text="Pass as `cursor` for the next page; null on the last."
    )


EMPTY_PARAMETER = "Informe um valor (ou omita o parâmetro)."


class StrictInputSerializer(serializers.Serializer):
    """A request body or query: its keys are its camelCase field names, and a key it does
    not declare is refused (400, `details: {key: ["Campo desconhecido."]}`). In a query
    string an empty value (`?status=`) is refused too, rather than read as absent."""

    def to_internal_value(self, data: Any) -> Any:
        if hasattr(data, "keys"):
            unknown = sorted(set(data.keys()) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({key: [UNKNOWN_FIELD] for key in unknown})
        if isinstance(data, QueryDict):
            empty = sorted(key for key in data if data.get(key) == "")
            if empty:
                raise serializers.ValidationError({key: [EMPTY_PARAMETER] for key in empty})
        return super().to_internal_value(data)


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
