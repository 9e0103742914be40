"""status, plan, apply, validate and baseline over the migration files and the ledger.

Files are matched to ledger rows by their version (the NNN prefix), so the legacy rows
production holds (`006_add_lgpd_consent`, …) count for the files of the same number.
"""

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import DatabaseError, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from dbschema import ledger
from dbschema.catalog import read_catalog
from dbschema.files import MigrationFile, Statement
from dbschema.ledger import LedgerRow

# pg_advisory_lock key shared by every runner (classid 0, objid LOCK_KEY in pg_locks).
LOCK_KEY = 740_200_211
LOCK_POLL_SECONDS = 0.25
Log = Callable[[str], None]


class MigrationError(Exception):
    """A condition the operator must resolve; the message says how."""


class MigrationFailed(MigrationError):
    def __init__(self, file: MigrationFile, line: int, message: str, note: str = ""):
        self.file, self.line = file, line
        text = f"{file.file_name}, line {line}: {message}"
        super().__init__(f"{text}\n{note}" if note else text)


APPLIED, UNVERIFIED, CHANGED, PENDING = "applied", "unverified", "changed", "pending"


@dataclass
class FileState:
    file: MigrationFile
    rows: list[LedgerRow] = field(default_factory=list)

    @property
    def row(self) -> LedgerRow | None:
        return self.rows[-1] if self.rows else None

    @property
    def status(self) -> str:
        if self.row is None:
            return PENDING
        if self.row.checksum is None:
            return UNVERIFIED
        return APPLIED if self.row.checksum == self.file.checksum else CHANGED


@dataclass
class State:
    files: list[FileState]
    orphans: list[LedgerRow]

    def with_status(self, status: str) -> list[FileState]:
        return [state for state in self.files if state.status == status]


def read_state(cursor, files: list[MigrationFile]) -> State:
    """Match every file with its ledger rows; rows matching no file are orphans."""
    states = {file.version: FileState(file) for file in files}
    orphans = []
    for row in ledger.read_ledger(cursor):
        if row.version in states:
            states[row.version].rows.append(row)
        else:
            orphans.append(row)
    return State(files=list(states.values()), orphans=orphans)


def status_lines(state: State) -> list[str]:
    width = max((len(s.file.name) for s in state.files), default=0) + 2
    lines = []
    for file_state in state.files:
        row = file_state.row
        text = {
            PENDING: "pending",
            APPLIED: f"applied {_when(row)}",
            UNVERIFIED: f"applied {_when(row)}, checksum not recorded",
            CHANGED: f"CHANGED since applied {_when(row)}: ledger checksum "
            f"{row and (row.checksum or '')[:12]}, file {file_state.file.checksum[:12]}",
        }[file_state.status]
        if row is not None and row.migration_name != file_state.file.name:
            text += f" (recorded as {row.migration_name})"
        lines.append(f"{file_state.file.name:<{width}}{text}")
    for row in state.orphans:
        lines.append(
            f"{row.migration_name:<{width}}in the ledger, no such file (applied {_when(row)})"
        )
    return lines


def _when(row: LedgerRow | None) -> str:
    if row is None or row.applied_at is None:
        return "(time unknown)"
    return row.applied_at.strftime("%Y-%m-%d %H:%M UTC")


def pending_files(state: State, target: str | None) -> list[MigrationFile]:
    """What `apply` would run, in order; raises while an applied file has changed."""
    changed = state.with_status(CHANGED)
    if changed:
        names = ", ".join(s.file.file_name for s in changed)
        raise MigrationError(
            f"{names} changed since applied (checksum mismatch). Restore the file as it was "
            "applied, and put the change in a new numbered migration."
        )
    return [
        s.file
        for s in state.with_status(PENDING)
        if target is None or int(s.file.version) <= int(target)
    ]


@contextmanager
def migration_lock(cursor, *, wait_seconds: int, log: Log) -> Iterator[None]:
    """Hold the runners' advisory lock: wait up to `wait_seconds` for another runner.

    Waiting polls with pg_try_advisory_lock rather than blocking in pg_advisory_lock: a
    statement blocked that long would hold a snapshot, and the other runner's CREATE
    INDEX CONCURRENTLY waits for every snapshot, so the two would deadlock.
    """
    deadline = time.monotonic() + wait_seconds
    cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
    if not cursor.fetchone()[0]:
        holder = _lock_holder(cursor)
        if wait_seconds <= 0:
            raise MigrationError(f"another dbmigrations run holds the lock ({holder}); try later.")
        log(f"Waiting up to {wait_seconds} s for another dbmigrations run ({holder}) to finish…")
        while True:
            time.sleep(LOCK_POLL_SECONDS)
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
            if cursor.fetchone()[0]:
                break
            if time.monotonic() >= deadline:
                raise MigrationError(
                    f"gave up after {wait_seconds} s waiting for another dbmigrations run "
                    f"({holder})."
                )
    try:
        yield
    finally:
        cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])


def _lock_holder(cursor) -> str:
    cursor.execute(
        "SELECT l.pid, a.application_name, a.client_addr FROM pg_locks l"
        " LEFT JOIN pg_stat_activity a ON a.pid = l.pid"
        " WHERE l.locktype = 'advisory' AND l.classid = 0 AND l.objid = %s AND l.granted",
        [LOCK_KEY],
    )
    row = cursor.fetchone()
    if row is None:
        return "backend unknown"
    pid, application, address = row
    return f"backend pid {pid}, {application or 'no application name'}, from {address or 'socket'}"


def apply(
    connection: BaseDatabaseWrapper,
    files: list[MigrationFile],
    *,
    target: str | None = None,
    wait_seconds: int = 60,
    lock_timeout: str = "10s",
    log: Log = print,
) -> list[MigrationFile]:
    """Run every pending file (up to `target`), each in its own transaction."""
    applied = []
    with connection.cursor() as cursor, migration_lock(cursor, wait_seconds=wait_seconds, log=log):
        state = read_state(cursor, files)
        for file in pending_files(state, target):
            missing = unavailable_extensions(cursor, file)
            if missing:
                log(
                    f"Skipped {file.file_name}: it needs the PostgreSQL extension "
                    f"{', '.join(missing)}, which this server does not offer; it stays pending."
                )
                continue
            if file.transactional:
                _refuse_if_objects_exist(cursor, file)
            milliseconds = _run_file(connection, cursor, file, files, lock_timeout)
            log(f"Applied {file.file_name} ({milliseconds} ms)")
            applied.append(file)
    return applied


def unavailable_extensions(cursor, file: MigrationFile) -> list[str]:
    """The extensions the file requires that the server cannot install."""
    return missing_extensions(cursor, file.required_extensions)


def missing_extensions(cursor, names: list[str]) -> list[str]:
    """Those of `names` this PostgreSQL server does not offer (pg_available_extensions)."""
    if not names:
        return []
    cursor.execute("SELECT name FROM pg_available_extensions WHERE name = ANY(%s)", [names])
    available = {name for (name,) in cursor.fetchall()}
    return [name for name in names if name not in available]


def _refuse_if_objects_exist(cursor, file: MigrationFile) -> None:
    present, missing = ledger.present_objects(cursor, file)
    if not present:
        return
    shown = ", ".join(str(obj) for obj in present[:3]) + (", …" if len(present) > 3 else "")
    if missing:
        raise MigrationError(
            f"{file.file_name} is not in the ledger and its objects are partly in the database "
            f"(present: {shown}; missing: {', '.join(str(obj) for obj in missing[:3])}). "
            "Someone ran part of it by hand: finish or undo that by hand, then run again."
        )
    raise MigrationError(
        f"{file.file_name} is not in the ledger but its objects already exist ({shown}). "
        "This database was built outside the runner: run `manage.py dbmigrations baseline`."
    )


def _run_file(connection, cursor, file: MigrationFile, files: list[MigrationFile], lock_timeout):
    started = time.monotonic()
    had_checksums = ledger.has_checksum_column(cursor)
    if file.transactional:
        with transaction.atomic(using=connection.alias):
            _set_local(cursor, lock_timeout, is_local=True)
            for statement in file.statements:
                _execute(cursor, file, statement)
            milliseconds = round((time.monotonic() - started) * 1000)
            ledger.record(cursor, file, execution_ms=milliseconds, description=file.description)
            if not had_checksums and ledger.has_checksum_column(cursor):
                _stamp_unrecorded_checksums(cursor, files)
        return milliseconds
    _set_local(cursor, lock_timeout, is_local=False)
    try:
        for index, statement in enumerate(file.statements):
            note = (
                f"{file.file_name} runs outside a transaction: its first {index} statement(s) "
                "stay applied, and the next apply runs the whole file again."
            )
            _execute(cursor, file, statement, note=note if index else "")
        milliseconds = round((time.monotonic() - started) * 1000)
        ledger.record(cursor, file, execution_ms=milliseconds, description=file.description)
    finally:
        cursor.execute("RESET search_path")
        cursor.execute("RESET lock_timeout")
    return milliseconds


def _set_local(cursor, lock_timeout: str, *, is_local: bool) -> None:
    # An empty search_path makes an unqualified table name an error, never a table in
    # whichever schema happens to come first.
    cursor.execute("SELECT set_config('search_path', '', %s)", [is_local])
    cursor.execute("SELECT set_config('lock_timeout', %s, %s)", [lock_timeout, is_local])


def _execute(cursor, file: MigrationFile, statement: Statement, note: str = "") -> None:
    try:
        cursor.execute(statement.sql)
    except DatabaseError as exc:
        diag = getattr(exc.__cause__, "diag", None)
        line = statement.line
        position = getattr(diag, "statement_position", None)
        if position:
            line += statement.sql.count("\n", 0, int(position) - 1)
        message = getattr(diag, "message_primary", None) or str(exc).strip()
        detail = getattr(diag, "message_detail", None)
        raise MigrationFailed(
            file, line, f"{message}{f' ({detail})' if detail else ''}", note
        ) from exc


def _stamp_unrecorded_checksums(cursor, files: list[MigrationFile]) -> None:
    """The ledger just gained its checksum column: stamp the rows recorded before it."""
    for file_state in read_state(cursor, files).files:
        for row in file_state.rows:
            if row.checksum is None:
                ledger.stamp_checksum(cursor, row, file_state.file)


@dataclass
class BaselineResult:
    recorded: list[MigrationFile] = field(default_factory=list)
    stamped: list[MigrationFile] = field(default_factory=list)
    left_pending: list[MigrationFile] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def baseline(
    connection: BaseDatabaseWrapper,
    files: list[MigrationFile],
    *,
    target: str | None = None,
    wait_seconds: int = 60,
    log: Log = print,
) -> BaselineResult:
    """Record, without running them, the files whose objects are all in place already.

    A file whose objects are only partly present is reported, never recorded; a file
    whose objects are all absent stays pending for `apply`.
    """
    result = BaselineResult()
    with connection.cursor() as cursor, migration_lock(cursor, wait_seconds=wait_seconds, log=log):
        if not ledger.ledger_exists(cursor):
            raise MigrationError(
                "public.migrations does not exist: this is an empty database; use apply."
            )
        state = read_state(cursor, files)
        pending_files(state, None)  # a changed file blocks baseline as it blocks apply
        checksums = ledger.has_checksum_column(cursor)
        with transaction.atomic(using=connection.alias):
            for file_state in state.files:
                file = file_state.file
                if target is not None and int(file.version) > int(target):
                    continue
                present, missing = ledger.present_objects(cursor, file)
                if file_state.status == PENDING and present and not missing:
                    ledger.record(cursor, file, execution_ms=None, description=_baselined(file))
                    result.recorded.append(file)
                    log(f"Recorded {file.file_name}: all {len(present)} objects in place")
                elif file_state.status == PENDING and not present:
                    result.left_pending.append(file)
                    log(f"Left {file.file_name} pending: none of its objects exist")
                elif missing:
                    problem = (
                        f"{file.file_name}: {'recorded' if file_state.rows else 'not recorded'}, "
                        f"but {len(missing)} of its {len(missing) + len(present)} objects are "
                        f"missing ({', '.join(str(obj) for obj in missing[:5])})"
                    )
                    result.problems.append(problem)
                    log(f"PROBLEM {problem}")
                elif file_state.row is not None and file_state.status == UNVERIFIED and checksums:
                    ledger.stamp_checksum(cursor, file_state.row, file)
                    result.stamped.append(file)
                    log(f"Stamped the checksum of {file.file_name}")
    return result


def _baselined(file: MigrationFile) -> str:
    return f"{file.description} [baseline: objects found in place, file not run]"


def plan_lines(
    connection: BaseDatabaseWrapper, files: list[MigrationFile], target: str | None
) -> list[str]:
    with connection.cursor() as cursor:
        pending = pending_files(read_state(cursor, files), target)
        lines = []
        for file in pending:
            present, _ = ledger.present_objects(cursor, file)
            warning = "  ← its objects already exist: baseline first" if present else ""
            lines.append(f"{file.file_name} ({len(file.statements)} statements){warning}")
        return lines


def validate(
    connection: BaseDatabaseWrapper, files: list[MigrationFile]
) -> tuple[list[str], list[str]]:
    """Return (report lines, gaps): the production checks, derived from the files."""
    report, gaps = [], []
    with connection.cursor() as cursor:
        unavailable = {file: unavailable_extensions(cursor, file) for file in files}
        skipped = [file for file, missing in unavailable.items() if missing]
        report += [
            f"skipped: {file.file_name} (needs {', '.join(unavailable[file])}, not on this server)"
            for file in skipped
        ]
        files = [file for file in files if file not in skipped]
        declared = [(file, obj) for file in files for obj in file.declared_objects]
        schemas = sorted({obj.schema for _, obj in declared if obj.kind == "schema"} | {"public"})
        catalog = read_catalog(cursor, tuple({obj.schema for _, obj in declared} | {"public"}))
        missing = [(file, obj) for file, obj in declared if not catalog.contains(obj)]
        gaps += [f"missing {obj} (created by {file.file_name})" for file, obj in missing]

        tables = catalog.relations("table")
        for schema in schemas:
            expected = {
                obj.name for _, obj in declared if obj.kind == "table" and obj.schema == schema
            }
            actual = {name.split(".", 1)[1] for name in tables if name.startswith(f"{schema}.")}
            report.append(f"schema {schema}: {len(actual & expected)}/{len(expected)} tables")
            gaps += [
                f"unexpected table {schema}.{name} (no migration file creates it)"
                for name in sorted(actual - expected)
            ]
        for kind in ("view", "function", "index", "trigger"):
            objects = [obj for _, obj in declared if obj.kind == kind]
            present = len(objects) - sum(1 for _, obj in missing if obj.kind == kind)
            plural = "indexes" if kind == "index" else f"{kind}s"
            report.append(f"{plural}: {present}/{len(objects)} present")

        state = read_state(cursor, files)
        for file_state in state.files:
            if file_state.status != APPLIED:
                gaps.append(f"ledger: {file_state.file.file_name} is {file_state.status}")
        gaps += [f"ledger: row {row.migration_name} matches no file" for row in state.orphans]
        applied = len(state.with_status(APPLIED))
        report.append(f"ledger: {applied}/{len(files)} files applied with matching checksums")
    return report, gaps
