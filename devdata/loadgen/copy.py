"""Writing named rows with COPY, chunk by chunk, reporting progress as it goes.

Each row goes through psycopg's `Copy.write_row`, which formats it (in C) as COPY text;
PostgreSQL parses one buffer while Python builds the next rows.
"""

import time
from collections.abc import Callable, Sequence

from django.db.backends.utils import CursorWrapper

from devdata.loadgen.rows import COLUMNS

Log = Callable[[str], None]
# (first, count, total) → rows first..first+count of total
RowBuilder = Callable[[int, int, int], Sequence[tuple[object, ...]]]

PROGRESS_SECONDS = 5.0


def progress_line(table: str, done: int, total: int, seconds: float) -> str:
    """One progress line: rows so far, elapsed time, rate."""
    rate = done / seconds if seconds else 0.0
    return f"  {table}: {done:,}/{total:,} rows, {seconds:.1f} s, {rate:,.0f} rows/s"


def copy_rows(
    cursor: CursorWrapper,
    table: str,
    total: int,
    build: RowBuilder,
    chunk_rows: int,
    log: Log,
) -> float:
    """COPY `total` rows that `build` makes, chunk by chunk, into table; return the seconds."""
    started = time.perf_counter()
    next_report = started + PROGRESS_SECONDS
    statement = f"COPY {table} ({', '.join(COLUMNS[table])}) FROM STDIN"
    with cursor.copy(statement) as copy:
        write_row = copy.write_row
        for first in range(0, total, chunk_rows):
            count = min(chunk_rows, total - first)
            for row in build(first, count, total):
                write_row(row)
            now = time.perf_counter()
            if now >= next_report and first + count < total:
                log(progress_line(table, first + count, total, now - started))
                next_report = now + PROGRESS_SECONDS
    return time.perf_counter() - started
