"""Keyset pagination for the changelists of big tables.

A page is "the next N rows after (or before) this row" in the list's order, read with
`WHERE (sort_column, id) < (value, id) ORDER BY sort_column DESC, id DESC LIMIT N + 1`:
an index on (sort_column, id) reaches the start of any page in one descent, so page
10,000 costs what page 1 costs (no OFFSET), and no page counts rows to paginate.

The position travels in an opaque `cursor` parameter; every filter, search and sort in
the URL stays as it is. The list is sorted by one of the admin's `keyset_fields` (each
backed by such an index), in either direction, ties broken by the primary key. Instead
of page numbers: "mais recentes" / "mais antigos" ends, previous/next, and a jump to a
date (`jump=YYYY-MM-DD`, rows from that day on in the list's direction).

A nullable sort column keeps PostgreSQL's order (NULLs first when descending, last when
ascending): its NULL rows form a segment of their own, ordered by the primary key, read
with a second query only by the page that crosses from one segment to the other.
"""

import base64
import binascii
import datetime
import json
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ORDER_VAR, ChangeList
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, F, Field, Model, QuerySet, Value
from django.db.models.expressions import Expression
from django.utils import timezone

from adminkit.links import PLAIN_PK, change_url
from core.fields import check_datetime_range

CURSOR_VAR = "cursor"
JUMP_VAR = "jump"
KEYSET_PARAMS = (CURSOR_VAR, JUMP_VAR)

AFTER, BEFORE = "after", "before"


class RowComparison(Expression):
    """`(a, b) < (x, y)`: PostgreSQL compares rows column by column, left to right, and a
    btree index on (a, b) serves the comparison as an index condition."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, columns: list[str], operator: str, values: list[Value]):
        super().__init__()
        assert operator in ("<", ">")
        self.columns: list[Any] = [F(column) for column in columns]
        self.operator = operator
        self.values: list[Any] = list(values)

    def get_source_expressions(self):
        return [*self.columns, *self.values]

    def set_source_expressions(self, exprs):
        self.columns, self.values = (
            list(exprs[: len(self.columns)]),
            list(exprs[len(self.columns) :]),
        )

    def as_sql(self, compiler, connection):
        sides, params = [], []
        for side in (self.columns, self.values):
            parts = []
            for expression in side:
                sql, part_params = compiler.compile(expression)
                parts.append(sql)
                params.extend(part_params)
            sides.append(", ".join(parts))
        return f"({sides[0]}) {self.operator} ({sides[1]})", params


@dataclass(frozen=True)
class Position:
    """A row's place in the order: its sort value (None for NULL) and primary key.

    A date jump has no primary key (`pk is None`): it stands before every row whose
    value is on or past its date, in the list's direction.
    """

    value: Any
    pk: Any = None

    @property
    def is_jump(self) -> bool:
        return self.pk is None


@dataclass(frozen=True)
class Cursor:
    """Rows after or before `position` in the list's order; no position: the far end."""

    direction: str
    position: Position | None = None


@dataclass(frozen=True)
class Keyset:
    """The order of a keyset list: one sort field and the primary key, same direction."""

    field: Field
    pk: Field
    descending: bool

    @property
    def ordering(self) -> list[str]:
        sign = "-" if self.descending else ""
        return [f"{sign}{self.field.name}", f"{sign}{self.pk.name}"]

    def reversed(self) -> "Keyset":
        return Keyset(self.field, self.pk, not self.descending)

    def position_of(self, row: Model) -> Position:
        return Position(getattr(row, self.field.attname), getattr(row, self.pk.attname))

    # The rows strictly after `position`, in this order, at most `limit` of them.
    def rows_after(self, queryset: QuerySet, position: Position | None, limit: int) -> list:
        if position is None:
            return list(queryset.order_by(*self.ordering)[:limit])
        name, nullable = self.field.name, self.field.null
        if position.is_jump:
            lookup = "lt" if self.descending else "gte"
            segment = queryset.filter(**{f"{name}__{lookup}": position.value})
            rows = list(segment.order_by(*self.ordering)[:limit])
            # Ascending, the NULLs come last: after the dated rows.
            if nullable and not self.descending and len(rows) < limit:
                rows += self._nulls(queryset, None, limit - len(rows))
            return rows
        if position.value is None:  # inside the NULL segment
            rows = self._nulls(queryset, position.pk, limit)
            if self.descending and len(rows) < limit:  # NULLs first: the dated rows follow
                dated = queryset.filter(**{f"{name}__isnull": False})
                rows += list(dated.order_by(*self.ordering)[: limit - len(rows)])
            return rows
        operator = "<" if self.descending else ">"
        values = [
            Value(position.value, output_field=self.field),
            Value(position.pk, output_field=self.pk),
        ]
        segment = queryset.filter(RowComparison([name, self.pk.name], operator, values))
        rows = list(segment.order_by(*self.ordering)[:limit])
        if nullable and not self.descending and len(rows) < limit:
            rows += self._nulls(queryset, None, limit - len(rows))
        return rows

    def _nulls(self, queryset: QuerySet, after_pk: Any, limit: int) -> list:
        """The NULL segment (ordered by the primary key), from its start or after a key."""
        segment = queryset.filter(**{f"{self.field.name}__isnull": True})
        if after_pk is not None:
            lookup = "lt" if self.descending else "gt"
            segment = segment.filter(**{f"{self.pk.name}__{lookup}": after_pk})
        sign = "-" if self.descending else ""
        return list(segment.order_by(f"{sign}{self.pk.name}")[:limit])


@dataclass
class KeysetPage:
    rows: list
    has_before: bool
    has_after: bool
    first: Position | None = None
    last: Position | None = None


def keyset_page(queryset: QuerySet, keyset: Keyset, cursor: Cursor | None, size: int) -> KeysetPage:
    """One page of `size` rows at `cursor` (None: the first page), and whether rows lie
    before and after it. Reads at most size + 1 rows (two queries when the page crosses
    into a nullable column's NULL segment). A backward page holds exactly the rows before
    its position, so the one that reaches the start may be short.
    """
    if cursor is None or (cursor.direction == AFTER and cursor.position is None):
        rows = keyset.rows_after(queryset, None, size + 1)
        page = KeysetPage(rows[:size], has_before=False, has_after=len(rows) > size)
    elif cursor.direction == AFTER:
        rows = keyset.rows_after(queryset, cursor.position, size + 1)
        page = KeysetPage(rows[:size], has_before=True, has_after=len(rows) > size)
    else:
        rows = keyset.reversed().rows_after(queryset, cursor.position, size + 1)
        has_before = len(rows) > size
        if not rows and cursor.position is not None:
            # Nothing before the position (a jump past the newest row): the first page.
            return keyset_page(queryset, keyset, None, size)
        page = KeysetPage(
            rows[:size][::-1], has_before=has_before, has_after=cursor.position is not None
        )
    if page.rows:
        page.first = keyset.position_of(page.rows[0])
        page.last = keyset.position_of(page.rows[-1])
    return page


# The cursor token: URL-safe base64 of a short JSON list, opaque to the user.
def encode_cursor(cursor: Cursor) -> str:
    position = cursor.position
    payload: list[Any] = [cursor.direction[0]]
    if position is not None:
        payload += [_dump(position.value), _dump(position.pk)]
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def decode_cursor(token: str, keyset: Keyset) -> Cursor:
    """The cursor in `token`; IncorrectLookupParameters when it is not one of ours."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        payload = json.loads(raw)
        direction = {"a": AFTER, "b": BEFORE}[payload[0]]
        if len(payload) == 1:
            return Cursor(direction)
        value, pk = payload[1:]
        if pk is None:
            raise ValueError("a cursor names a row")
        position = Position(
            None if value is None else keyset.field.to_python(value), keyset.pk.to_python(pk)
        )
    except (ValueError, TypeError, KeyError, IndexError, binascii.Error, ValidationError) as exc:
        raise IncorrectLookupParameters(f"cursor inválido: {token!r}") from exc
    return Cursor(direction, position)


def jump_cursor(date_text: str, keyset: Keyset) -> Cursor:
    """The rows from the day `date_text` (YYYY-MM-DD, local time) on, in the list's
    direction: that day and older when descending, that day and newer when ascending."""
    try:
        day = datetime.date.fromisoformat(date_text.strip())
        boundary_day = day + datetime.timedelta(days=1) if keyset.descending else day
        boundary: Any = boundary_day
        if keyset.field.get_internal_type() == "DateTimeField":
            boundary = timezone.make_aware(datetime.datetime.combine(boundary_day, datetime.time()))
            check_datetime_range(boundary)
    except (ValueError, OverflowError, ValidationError) as exc:
        raise IncorrectLookupParameters(f"data inválida: {date_text!r}") from exc
    return Cursor(AFTER, Position(boundary))


def _dump(value: Any) -> Any:
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()  # microseconds included: the position must be exact
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    return value


class KeysetChangeList(ChangeList):
    """A ChangeList that pages with a cursor instead of page numbers.

    Sorting is limited to the admin's `keyset_fields`; `result_count` is the bounded
    count (or the planner's estimate, `count_is_estimate`), and the first page of a
    list that fits on it needs no count at all.
    """

    keyset_pagination = True

    def __init__(self, request, *args, **kwargs):
        self.cursor_token = request.GET.get(CURSOR_VAR) or None
        self.jump_date = request.GET.get(JUMP_VAR) or None
        super().__init__(request, *args, **kwargs)

    def get_queryset(self, request, exclude_parameters=None):
        # The position is not a filter: no link built from this list carries it.
        for name in KEYSET_PARAMS:
            self.params.pop(name, None)
            self.filter_params.pop(name, None)
        return super().get_queryset(request, exclude_parameters)

    # Ordering: one keyset field and the primary key.
    def keyset_sort(self) -> tuple[str, bool, int | None]:
        """(field name, descending, list_display index) of the list's sort."""
        fields = self.keyset_fields()
        for part in (self.params.get(ORDER_VAR) or "").split("."):
            _, sign, index = part.rpartition("-")
            try:
                column = int(index)
                field_name = self.get_ordering_field(self.list_display[column])
            except (IndexError, ValueError, AttributeError):
                continue
            if isinstance(field_name, str) and field_name.lstrip("-") in fields:
                descending = (sign == "-") != field_name.startswith("-")
                return field_name.lstrip("-"), descending, column
        descending, name = True, fields[0]
        for part in self.model_admin.ordering or self.lookup_opts.ordering or ():
            if isinstance(part, str) and part.lstrip("-") in fields:
                descending, name = part.startswith("-"), part.lstrip("-")
                break
        return name, descending, self._display_index(name)

    def keyset_fields(self) -> tuple[str, ...]:
        """The fields the list may be sorted by (PlatformAdmin.get_keyset_fields)."""
        return tuple(self.model_admin.get_keyset_fields())  # type: ignore[attr-defined]

    def _display_index(self, field_name: str) -> int | None:
        for index, column in enumerate(self.list_display):
            try:
                if self.get_ordering_field(column) == field_name:
                    return index
            except AttributeError:
                continue
        return None

    def get_keyset(self) -> Keyset:
        name, descending, _ = self.keyset_sort()
        field = cast(Field, self.lookup_opts.get_field(name))
        return Keyset(field, self.lookup_opts.pk, descending)

    def get_ordering(self, request, queryset):
        return self.get_keyset().ordering

    def get_ordering_field_columns(self):
        _, descending, column = self.keyset_sort()
        return {} if column is None else {column: "desc" if descending else "asc"}

    # Results: one page at the cursor; the count only where it is needed.
    def get_results(self, request):
        keyset = self.get_keyset()
        if self.cursor_token:
            cursor = decode_cursor(self.cursor_token, keyset)
        elif self.jump_date:
            cursor = jump_cursor(self.jump_date, keyset)
        else:
            cursor = None
        page = keyset_page(self.queryset, keyset, cursor, self.list_per_page)
        paginator = self.model_admin.get_paginator(request, self.queryset, self.list_per_page)
        if cursor is None and not page.has_after:
            result_count, count_is_estimate = len(page.rows), False
        else:
            result_count = paginator.count
            count_is_estimate = getattr(paginator, "count_is_estimate", False)

        self.keyset = keyset
        self.keyset_cursor = cursor
        self.page = page
        self.paginator = paginator
        self.result_count = result_count
        self.count_is_estimate = count_is_estimate
        self.full_result_count = None
        self.show_full_result_count = False
        self.show_admin_actions = True
        self.result_list = page.rows
        self.can_show_all = False
        self.show_all = False
        self.multi_page = page.has_before or page.has_after

    def url_for_result(self, result):
        """The row's change page: reverse() once per list, not once per row."""
        pk = str(getattr(result, self.pk_attname))
        if self.model_admin.admin_site.name != "admin" or not PLAIN_PK.match(pk):
            return super().url_for_result(result)
        return change_url(result) or super().url_for_result(result)

    # Links to the neighbouring pages and the two ends.
    def cursor_url(self, cursor: Cursor | None) -> str:
        token = None if cursor is None else encode_cursor(cursor)
        return self.get_query_string({CURSOR_VAR: token})

    def keyset_links(self) -> dict[str, str | None]:
        page = self.page
        before = page.has_before and page.first is not None
        after = page.has_after and page.last is not None
        return {
            "first": self.cursor_url(None) if page.has_before else None,
            "previous": self.cursor_url(Cursor(BEFORE, page.first)) if before else None,
            "next": self.cursor_url(Cursor(AFTER, page.last)) if after else None,
            "last": self.cursor_url(Cursor(BEFORE)) if page.has_after else None,
        }

    def keyset_labels(self) -> dict[str, str]:
        """What the two ends are called: by date for a date field, else start and end."""
        if self.keyset.field.get_internal_type() in ("DateTimeField", "DateField"):
            newest, oldest = "mais recentes", "mais antigos"
            return (
                {"first": newest, "last": oldest}
                if self.keyset.descending
                else {"first": oldest, "last": newest}
            )
        return {"first": "início", "last": "fim"}
