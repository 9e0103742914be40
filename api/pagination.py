"""Keyset (cursor) pagination: no COUNT(*), no OFFSET, the same cost on every page.

A list is ordered by one column descending (PostgreSQL's default NULLS FIRST, which the
platform's `… DESC` indexes hold) and then by primary key descending. The cursor carries
the last row's (column value, pk) as `<microseconds since the epoch, or n for NULL>.<pk
hex>`, a form the OpenAPI schema states exactly (CURSOR_PATTERN), so every string that
matches it is a position; the next page is the rows after it in that order. `limit + 1`
rows are read to know whether there is a next page.
"""

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Generic, TypeVar

from django.db import connection
from django.db.models import F, Field, Model, Q, QuerySet
from rest_framework.exceptions import ValidationError

M = TypeVar("M", bound=Model)
INVALID_CURSOR = "Cursor inválido: use o nextCursor de uma resposta."


@dataclass(frozen=True)
class Page(Generic[M]):
    items: list[M]
    limit: int
    next_cursor: str | None

    @property
    def has_more(self) -> bool:
        return self.next_cursor is not None

    def pagination(self) -> dict[str, Any]:
        """The `pagination` object of the response."""
        return {"limit": self.limit, "hasMore": self.has_more, "nextCursor": self.next_cursor}


CURSOR_PATTERN = r"^(n|-?[0-9]{1,16})\.[0-9a-f]{32}$"
_CURSOR = re.compile(CURSOR_PATTERN)
# Tables whose key is text (approval requests: `approval-<uuid>`) carry it as it is.
TEXT_CURSOR_PATTERN = r"^(n|-?[0-9]{1,16})\.[A-Za-z0-9_:-]{1,200}$"
_TEXT_CURSOR = re.compile(TEXT_CURSOR_PATTERN)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def encode_cursor(value: datetime | None, pk: Any, *, text_pk: bool = False) -> str:
    if value is None:
        position = "n"
    else:
        delta = value - EPOCH
        position = str((delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds)
    return f"{position}.{pk if text_pk else uuid.UUID(str(pk)).hex}"


def decode_cursor(cursor: str, *, text_pk: bool = False) -> tuple[datetime | None, Any]:
    match = (_TEXT_CURSOR if text_pk else _CURSOR).match(cursor)
    if not match:
        raise ValidationError({"cursor": [INVALID_CURSOR]})
    position, pk = cursor.split(".", 1)
    value = None if position == "n" else EPOCH + timedelta(microseconds=int(position))
    return value, (pk if text_pk else uuid.UUID(pk))


def keyset_after_sql(order: "Field[Any, Any]", cursor: str, *, alias: str) -> tuple[str, list[Any]]:
    """`keyset_page`'s condition for the rows after `cursor`, for a page read with plain
    SQL: the order is `order` DESC NULLS FIRST, then the primary key DESC, of the table
    aliased `alias`. Returns the SQL and its parameters."""
    value, pk = decode_cursor(cursor)
    column = f'{alias}."{order.column}"'
    pk_column = f'{alias}."{order.model._meta.pk.column}"'
    if value is None:
        return f"({column} IS NOT NULL OR {pk_column} < %s)", [pk]
    prepared = order.get_db_prep_value(value, connection)
    return f"{column} <= %s AND ({column} < %s OR {pk_column} < %s)", [prepared, prepared, pk]


def page_of(rows: list[M], *, limit: int, order_field: str, text_pk: bool = False) -> Page[M]:
    """The page of up to `limit + 1` rows read in keyset order: the first `limit`, and
    the cursor after the last of them when there was one more."""
    if len(rows) <= limit:
        return Page(items=rows, limit=limit, next_cursor=None)
    rows = rows[:limit]
    last = rows[-1]
    cursor = encode_cursor(getattr(last, order_field), last.pk, text_pk=text_pk)
    return Page(items=rows, limit=limit, next_cursor=cursor)


def keyset_page(
    queryset: QuerySet[M],
    *,
    order_field: str,
    limit: int,
    cursor: str | None = None,
    text_pk: bool = False,
) -> Page[M]:
    """One page of `queryset` ordered by `order_field` DESC NULLS FIRST, pk DESC
    (`text_pk`: a text primary key, carried as it is in the cursor)."""
    if cursor:
        value, pk = decode_cursor(cursor, text_pk=text_pk)
        if value is None:
            queryset = queryset.filter(
                Q(**{f"{order_field}__isnull": True, "pk__lt": pk})
                | Q(**{f"{order_field}__isnull": False})
            )
        else:
            queryset = queryset.filter(**{f"{order_field}__lte": value}).filter(
                Q(**{f"{order_field}__lt": value}) | Q(pk__lt=pk)
            )
    ordered = queryset.order_by(F(order_field).desc(nulls_first=True), F("pk").desc())
    rows = list(ordered[: limit + 1])
    return page_of(rows, limit=limit, order_field=order_field, text_pk=text_pk)
