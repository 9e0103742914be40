"""Exports of a filtered changelist as CSV or JSON Lines, streamed with flat memory.

The rows come through a server-side cursor (`QuerySet.iterator`) inside a transaction
of the stream's own, a few thousand at a time, and leave as text chunks of a few hundred
rows; nothing holds the whole result. The row count is known only once the stream ends:
the audit row is written then, in a transaction of its own (`export_record`).
"""

import csv
import io
import json
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import (
    F,
    GenericIPAddressField,
    JSONField,
    Model,
    QuerySet,
    TextField,
    UUIDField,
)
from django.db.models.functions import Cast

from core.privacy import mask
from fibonacci.models import Event
from nigredo.models import Lead
from nigredo.personal_data import personal_columns, personal_table
from platform_app.actors import Actor
from platform_app.models import AuditLog

CURSOR_CHUNK = 2_000  # rows fetched from the server-side cursor per round trip
TEXT_CHUNK = 500  # rows per chunk of the response body
FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "jsonl": ("application/x-ndjson; charset=utf-8", "jsonl"),
}


@dataclass(frozen=True)
class ExportSpec:
    """The columns an export carries, and which of them hold personal data (the registry
    `nigredo.personal_data` says which): for staff without the LGPD role the contacts and
    names go out masked as the lists show them, the other personal columns not at all."""

    columns: tuple[str, ...]
    personal: frozenset[str]
    maskable: frozenset[str] = frozenset()

    def columns_for(self, *, personal_data: bool) -> tuple[str, ...]:
        if personal_data:
            return self.columns
        left_out = self.personal - self.maskable
        return tuple(column for column in self.columns if column not in left_out)


def _spec(model: type[Model], columns: tuple[str, ...]) -> ExportSpec:
    table = personal_table(model)
    return ExportSpec(
        columns=columns,
        personal=personal_columns(model),
        maskable=frozenset(table.masked_columns()) if table else frozenset(),
    )


EXPORTS: dict[type[Model], ExportSpec] = {
    AuditLog: _spec(
        AuditLog,
        (
            "id",
            "created_at",
            "trace_id",
            "tenant_id",
            "user_id",
            "agent_id",
            "action_type",
            "result",
            "error_message",
            "context",
        ),
    ),
    Event: _spec(
        Event,
        (
            "id",
            "created_at",
            "event_id",
            "trace_id",
            "source",
            "event_type",
            "status",
            "processed_at",
            "retry_count",
            "metadata",
            "error_message",
            "detail",
        ),
    ),
    Lead: _spec(
        Lead,
        (
            "id",
            "created_at",
            "updated_at",
            "tenant_id",
            "status",
            "priority_score",
            "empresa",
            "company",
            "setor",
            "porte",
            "atividade_principal",
            "consent_given",
            "consent_date",
            "consent_source",
            "utm_source",
            "utm_medium",
            "utm_campaign",
            "cnpj",
            "contato",
            "name",
            "email",
            "telefone",
            "phone",
            "message",
            "ip_address",
            "user_agent",
            "consent_ip_address",
            "metadata",
        ),
    ),
}


def export_spec(model: type[Model]) -> ExportSpec | None:
    return EXPORTS.get(model)


def as_text(value: Any) -> Any:
    """A value as JSON can carry it: ISO times, ids and decimals as strings."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    return value


class _Lines(io.StringIO):
    """A buffer csv.writer writes into, emptied after each chunk."""

    def take(self) -> str:
        text = self.getvalue()
        self.seek(0)
        self.truncate()
        return text


def _selected(model: type[Model], columns: tuple[str, ...]) -> tuple[dict[str, Any], set[str]]:
    """What to SELECT per column: ids, addresses and JSON come out of PostgreSQL as text
    (jsonb's text is JSON already), so each row costs no parse and no re-encoding."""
    expressions: dict[str, Any] = {}
    raw_json = set()
    for column in columns:
        field = model._meta.get_field(column)
        if isinstance(field, JSONField | UUIDField | GenericIPAddressField):
            expressions[column] = Cast(column, TextField())
            if isinstance(field, JSONField):
                raw_json.add(column)
        else:
            expressions[column] = F(column)
    return expressions, raw_json


def export_rows(
    queryset: QuerySet,
    columns: tuple[str, ...],
    export_format: str,
    progress: list[int],
    masked: Mapping[str, str] | None = None,
) -> Iterator[str]:
    """The export's text, chunk by chunk; progress[0] counts the rows written so far.
    `masked` ({column: kind}): columns written through `core.privacy.mask`."""
    expressions, raw_json = _selected(queryset.model, columns)
    masked = masked or {}
    masks = [(index, masked[column]) for index, column in enumerate(columns) if column in masked]
    aliases = {column: f"export_{column}" for column in columns}
    rows = (
        queryset.prefetch_related(None)
        .annotate(**{aliases[column]: expression for column, expression in expressions.items()})
        .values_list(*aliases.values())
    )
    buffer = _Lines()
    writer = csv.writer(buffer)
    keys = [json.dumps(column) + ":" for column in columns]
    is_json = [column in raw_json for column in columns]
    if export_format == "csv":
        writer.writerow(columns)
    with transaction.atomic():  # a server-side cursor without WITH HOLD
        for row in rows.iterator(chunk_size=CURSOR_CHUNK):
            if masks:
                row = list(row)
                for index, kind in masks:
                    row[index] = mask(kind, row[index])
            if export_format == "csv":
                writer.writerow(
                    [
                        ""
                        if value is None
                        else value.isoformat()
                        if isinstance(value, datetime)
                        else value
                        for value in row
                    ]
                )
            else:
                buffer.write(
                    "{"
                    + ",".join(
                        key
                        + (
                            value
                            if raw and value is not None
                            else json.dumps(as_text(value), ensure_ascii=False)
                        )
                        for key, raw, value in zip(keys, is_json, row, strict=True)
                    )
                    + "}\n"
                )
            progress[0] += 1
            if progress[0] % TEXT_CHUNK == 0:
                yield buffer.take()
    tail = buffer.take()
    if tail:
        yield tail


def audited_export(
    *,
    queryset: QuerySet,
    columns: tuple[str, ...],
    export_format: str,
    user: User,
    model_label: str,
    filters: str,
    personal_data: bool,
    masked: Mapping[str, str] | None = None,
) -> Iterator[str]:
    """export_rows, then the audit row: complete, or partial when the client went away."""
    from helpdesk.services import export_record
    from staff.services import actor_for_staff

    progress = [0]
    completed = False
    try:
        yield from export_rows(queryset, columns, export_format, progress, masked)
        completed = True
    finally:
        acting_user: Actor = actor_for_staff(user)
        export_record(
            acting_user=acting_user,
            model_label=model_label,
            export_format=export_format,
            filters=filters,
            row_count=progress[0],
            personal_data=personal_data,
            completed=completed,
        )
