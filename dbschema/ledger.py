"""The ledger table public.migrations and the catalog look-ups the runner makes."""

from dataclasses import dataclass
from datetime import datetime

from dbschema.catalog import read_catalog
from dbschema.files import DeclaredObject, MigrationFile, version_of

LEDGER = "public.migrations"


@dataclass(frozen=True)
class LedgerRow:
    id: int
    migration_name: str
    applied_at: datetime | None
    description: str | None
    checksum: str | None

    @property
    def version(self) -> str | None:
        return version_of(self.migration_name)


def ledger_exists(cursor) -> bool:
    cursor.execute("SELECT to_regclass('public.migrations') IS NOT NULL")
    return cursor.fetchone()[0]


def has_checksum_column(cursor) -> bool:
    cursor.execute(
        "SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attname = 'checksum'"
        " AND attrelid = to_regclass('public.migrations') AND NOT attisdropped)"
    )
    return cursor.fetchone()[0]


def read_ledger(cursor) -> list[LedgerRow]:
    """Every ledger row, oldest first; an absent ledger reads as empty."""
    if not ledger_exists(cursor):
        return []
    checksum = "checksum" if has_checksum_column(cursor) else "NULL"
    cursor.execute(
        f"SELECT id, migration_name, applied_at, description, {checksum} FROM {LEDGER} ORDER BY id"
    )
    return [LedgerRow(*row) for row in cursor.fetchall()]


def record(cursor, file: MigrationFile, *, execution_ms: int | None, description: str) -> None:
    """Add the ledger row for `file`, with its checksum once the ledger has the column."""
    if has_checksum_column(cursor):
        cursor.execute(
            f"INSERT INTO {LEDGER} (migration_name, description, checksum, execution_ms)"
            " VALUES (%s, %s, %s, %s)",
            [file.name, description, file.checksum, execution_ms],
        )
    else:
        cursor.execute(
            f"INSERT INTO {LEDGER} (migration_name, description) VALUES (%s, %s)",
            [file.name, description],
        )


def stamp_checksum(cursor, row: LedgerRow, file: MigrationFile) -> None:
    cursor.execute(f"UPDATE {LEDGER} SET checksum = %s WHERE id = %s", [file.checksum, row.id])


def present_objects(
    cursor, file: MigrationFile
) -> tuple[list[DeclaredObject], list[DeclaredObject]]:
    """Split the objects `file` creates into (present, missing) in the live database."""
    schemas = tuple({declared.schema for declared in file.declared_objects})
    catalog = read_catalog(cursor, schemas)
    present: list[DeclaredObject] = []
    missing: list[DeclaredObject] = []
    for declared in file.declared_objects:
        (present if catalog.contains(declared) else missing).append(declared)
    return present, missing
