"""Keyset (cursor) pagination: no COUNT(*), no OFFSET, the same cost on every page.

A list is ordered by one column descending (PostgreSQL's default NULLS FIRST, which the
platform's `… DESC` indexes hold) and then by primary key descending. The cursor carries
the last row's (column value, pk), base64url JSON; the next page is the rows after it in
that order. `limit + 1` rows are read to know whether there is a next page.
"""

import base64
import binascii
import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from django.db.models import F, Model, Q, QuerySet
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


def encode_cursor(value: datetime | None, pk: Any) -> str:
    raw = json.dumps([value.isoformat() if value is not None else None, str(pk)])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime | None, uuid.UUID]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value, pk = json.loads(base64.urlsafe_b64decode(padded.encode()))
        position = datetime.fromisoformat(value) if value is not None else None
        if position is not None and position.tzinfo is None:
            raise ValueError("naive")
        return position, uuid.UUID(pk)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise ValidationError({"cursor": [INVALID_CURSOR]}) from None


def keyset_page(
    queryset: QuerySet[M], *, order_field: str, limit: int, cursor: str | None = None
) -> Page[M]:
    """One page of `queryset` ordered by `order_field` DESC NULLS FIRST, pk DESC."""
    if cursor:
        value, pk = decode_cursor(cursor)
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
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = encode_cursor(getattr(last, order_field), last.pk)
    return Page(items=rows, limit=limit, next_cursor=next_cursor)
