"""Deferring a table's indexes and keys during a bulk load.

A bulk load (100,000 rows or more, and at least a quarter of what the table holds) drops
the table's plain indexes, unreferenced keys and foreign keys first and rebuilds them
after: sorted index builds and one validating join per foreign key cost far less than
maintaining each index row by row. Indexes and constraints that carry a comment, cluster
the table or identify its rows for replication are left alone.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.backends.utils import CursorWrapper

Log = Callable[[str], None]
Quote = Callable[[str], str]

DEFER_MIN_ROWS = 100_000
DEFER_SHARE = 4
REBUILD_MEMORY = "512MB"  # maintenance_work_mem for the rebuild's sorts


@dataclass
class Deferred:
    """Indexes and constraints of a table, dropped for a bulk load and rebuilt after it."""

    table: str
    indexes: list[tuple[str, str]] = field(default_factory=list)
    constraints: list[tuple[str, str]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.indexes or self.constraints)


def estimated_rows(cursor: CursorWrapper, table: str) -> int:
    """The planner's row estimate for table (0 when never analysed)."""
    cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [table])
    row = cursor.fetchone()
    return max(0, int(row[0])) if row else 0


def owns(cursor: CursorWrapper, table: str) -> bool:
    """May the current user alter table (drop and create its indexes and constraints)?"""
    cursor.execute(
        "SELECT pg_has_role(relowner, 'USAGE') FROM pg_class WHERE oid = %s::regclass", [table]
    )
    row = cursor.fetchone()
    return bool(row and row[0])


def should_defer(mode: str, rows: int, existing: int) -> bool:
    """Rebuild indexes after the load rather than maintain them row by row?"""
    if mode == "keep" or rows == 0:
        return False
    return mode == "defer" or (rows >= DEFER_MIN_ROWS and rows * DEFER_SHARE >= existing)


DEFERRABLE_INDEXES = """
    SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
    FROM pg_index i
    WHERE i.indrelid = %s::regclass AND i.indisvalid AND i.indisready AND i.indislive
      AND NOT i.indisclustered AND NOT i.indisreplident
      AND obj_description(i.indexrelid, 'pg_class') IS NULL
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
    ORDER BY i.indexrelid::regclass::text
"""
# Keys first, foreign keys last: the order they are re-added in. A primary or unique key
# that some foreign key references stays (dropping it would mean dropping that key too).
DEFERRABLE_CONSTRAINTS = """
    SELECT c.conname, pg_get_constraintdef(c.oid)
    FROM pg_constraint c
    WHERE c.conrelid = %s::regclass AND c.contype IN ('p', 'u', 'f')
      AND obj_description(c.oid, 'pg_constraint') IS NULL
      AND (c.contype = 'f' OR NOT EXISTS (
          SELECT 1 FROM pg_constraint r
          WHERE r.contype = 'f' AND r.confrelid = c.conrelid AND r.conindid = c.conindid
      ) AND NOT EXISTS (
          SELECT 1 FROM pg_index i
          WHERE i.indexrelid = c.conindid AND (i.indisclustered OR i.indisreplident)
      ))
    ORDER BY c.contype = 'f', c.contype, c.conname
"""


def drop_deferrable(cursor: CursorWrapper, table: str, quote: Quote) -> Deferred:
    """Drop table's plain indexes, unreferenced keys and foreign keys; return their DDL."""
    cursor.execute(DEFERRABLE_INDEXES, [table])
    deferred = Deferred(table, indexes=[(name, ddl) for name, ddl in cursor.fetchall()])
    cursor.execute(DEFERRABLE_CONSTRAINTS, [table])
    deferred.constraints = [(name, ddl) for name, ddl in cursor.fetchall()]
    for name, _ in reversed(deferred.constraints):
        cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
    for name, _ in deferred.indexes:
        cursor.execute(f"DROP INDEX {name}")
    return deferred


def rebuild(cursor: CursorWrapper, deferred: Deferred, quote: Quote, log: Log | None) -> None:
    """Recreate the dropped indexes and re-add (so re-validate) the dropped constraints."""
    cursor.execute("SELECT current_setting('maintenance_work_mem')")
    row = cursor.fetchone()
    previous = row[0] if row else None
    cursor.execute("SELECT set_config('maintenance_work_mem', %s, true)", [REBUILD_MEMORY])
    statements = [
        (name, f"ALTER TABLE {deferred.table} ADD CONSTRAINT {quote(name)} {definition}")
        for name, definition in deferred.constraints
    ]
    statements += deferred.indexes
    for name, statement in statements:
        started = time.perf_counter()
        cursor.execute(statement)
        if log:
            log(f"    {name}: {time.perf_counter() - started:.1f} s")
    if previous is not None:
        cursor.execute("SELECT set_config('maintenance_work_mem', %s, true)", [previous])
