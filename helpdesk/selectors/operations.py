"""The operations page: the SQL migrations, the database and what the Lambdas last wrote.

Reads the catalogue and statistics views, the runner's own state and validate report,
and the newest row of each Lambda-written table through its time index."""

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from billing.models import Trial
from dbschema import runner
from dbschema.catalog import PLATFORM_SCHEMAS
from dbschema.files import load_files
from platform_app.models import ApprovalRequest

SCHEMAS = (*PLATFORM_SCHEMAS, settings.BACKOFFICE_SCHEMA)

# (table, time column, whether an index serves MAX(column)); the rows the Lambdas and
# the platform's other services write. Unindexed ones are small tables.
LAMBDA_TABLES = (
    ("nigredo_leads.leads", "created_at", True),
    ("nigredo_leads.interacoes", "created_at", True),
    ("nigredo_leads.agendamentos", "created_at", False),
    ("nigredo_leads.form_submissions", "submitted_at", True),
    ("nigredo_leads.webhook_logs", "sent_at", True),
    ("nigredo_leads.rate_limits", "window_start", True),
    ("alquimista_platform.audit_logs", "created_at", True),
    ("alquimista_platform.approval_requests", "created_at", False),
    ("alquimista_platform.notifications", "created_at", False),
    ("public.payment_events", "created_at", True),
    ("public.trials", "created_at", False),
    ("public.commercial_requests", "created_at", True),
    ("fibonacci_core.events", "created_at", True),
    ("fibonacci_core.traces", "start_time", True),
)

# One index probe per distinct source (the 017 index on (source, created_at DESC)).
SOURCES_LAST_SQL = """
WITH RECURSIVE sources(source) AS (
    (SELECT source FROM fibonacci_core.events ORDER BY source LIMIT 1)
    UNION ALL
    SELECT (SELECT e.source FROM fibonacci_core.events e WHERE e.source > sources.source
            ORDER BY e.source LIMIT 1)
    FROM sources WHERE sources.source IS NOT NULL
)
SELECT source,
       (SELECT max(e.created_at) FROM fibonacci_core.events e WHERE e.source = sources.source)
FROM sources WHERE source IS NOT NULL LIMIT 200
"""

TABLE_SIZES_SQL = """
SELECT n.nspname, c.relname, c.relkind, pg_total_relation_size(c.oid), c.reltuples::bigint
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY(%s) AND c.relkind IN ('r', 'p', 'm')
ORDER BY n.nspname, pg_total_relation_size(c.oid) DESC
"""


@dataclass
class TableSize:
    schema: str
    name: str
    kind: str
    bytes: int
    estimated_rows: int | None  # None: never analysed


@dataclass
class LastWrite:
    name: str
    column: str
    at: datetime | None
    indexed: bool


@dataclass
class OperationsReport:
    migration_lines: list[str]
    pending_migrations: list[str]
    validate_report: list[str]
    validate_gaps: list[str]
    tables: list[TableSize]
    schema_totals: dict[str, int]
    version: str
    connections: list[tuple[str, int]]
    max_connections: int
    event_sources: list[LastWrite]
    lambda_tables: list[LastWrite]
    expired_pending_approvals: int
    expired_active_trials: int


def migrations_directory() -> Path:
    return Path(settings.BASE_DIR) / "database" / "migrations"


def operations_report() -> OperationsReport:
    """Everything the operations page shows, read now."""
    files = load_files(migrations_directory())
    with connection.cursor() as cursor:
        state = runner.read_state(cursor, files)
        cursor.execute(TABLE_SIZES_SQL, [list(SCHEMAS)])
        tables = [
            TableSize(
                schema,
                name,
                {"m": "visão materializada"}.get(kind, "tabela"),
                size,
                rows if rows >= 0 else None,
            )
            for schema, name, kind, size, rows in cursor.fetchall()
        ]
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0]
        cursor.execute(
            "SELECT COALESCE(state, 'sem estado'), count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() GROUP BY 1 ORDER BY 2 DESC"
        )
        connections_by_state = [(state_name, int(count)) for state_name, count in cursor.fetchall()]
        cursor.execute("SELECT current_setting('max_connections')::int")
        max_connections = cursor.fetchone()[0]
        cursor.execute(SOURCES_LAST_SQL)
        sources = [
            LastWrite(source, "created_at", _aware(at), True) for source, at in cursor.fetchall()
        ]
        lambda_tables = []
        for table, column, indexed in LAMBDA_TABLES:
            schema, name = table.split(".")
            cursor.execute(f'SELECT max("{column}") FROM "{schema}"."{name}"')
            lambda_tables.append(LastWrite(table, column, _aware(cursor.fetchone()[0]), indexed))
    report, gaps = runner.validate(connection, files)
    totals: dict[str, int] = {}
    for size in tables:
        totals[size.schema] = totals.get(size.schema, 0) + size.bytes
    now = timezone.now()
    return OperationsReport(
        migration_lines=runner.status_lines(state),
        pending_migrations=[s.file.file_name for s in state.with_status(runner.PENDING)],
        validate_report=report,
        validate_gaps=gaps,
        tables=tables,
        schema_totals=totals,
        version=version,
        connections=connections_by_state,
        max_connections=max_connections,
        event_sources=sources,
        lambda_tables=lambda_tables,
        expired_pending_approvals=ApprovalRequest.objects.filter(
            status=ApprovalRequest.Status.PENDING, expires_at__lt=now
        ).count(),
        expired_active_trials=Trial.objects.filter(
            status=Trial.Status.ACTIVE, expires_at__lt=now
        ).count(),
    )


def _aware(value: datetime | None) -> datetime | None:
    """The platform's timestamps are naive UTC."""
    if value is None or timezone.is_aware(value):
        return value
    return value.replace(tzinfo=UTC)
