"""Migration files: discovery, checksums, statements and the objects each one creates."""

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

FILE_NAME = re.compile(r"^(?P<version>\d{3,})_(?P<slug>[a-z0-9_]+)\.sql$")
NO_TRANSACTION_MARKER = "-- dbmigrations: no-transaction"
# A file that needs an extension the server may not ship (the embedded development server
# has no contrib modules): where it is not available, `apply` leaves the file pending.
EXTENSION_MARKER = re.compile(r"^-- dbmigrations: requires-extension (\w+)$", re.MULTILINE)


@dataclass(frozen=True)
class Statement:
    sql: str
    line: int  # 1-based line of the statement's first token in its file


@dataclass(frozen=True)
class DeclaredObject:
    """Something a migration file creates, as the catalog would name it."""

    kind: str  # schema, table, view, column, index, function, trigger, constraint
    schema: str
    name: str
    table: str = ""

    def __str__(self) -> str:
        if self.kind == "schema":
            return f"schema {self.name}"
        if self.table:
            return f"{self.kind} {self.schema}.{self.table}.{self.name}"
        return f"{self.kind} {self.schema}.{self.name}"


@dataclass(frozen=True)
class MigrationFile:
    path: Path
    version: str
    name: str  # file name without .sql; what the ledger records
    text: str = field(repr=False)

    @property
    def file_name(self) -> str:
        return self.path.name

    @cached_property
    def checksum(self) -> str:
        """SHA-256 of the file with line endings normalised, so a checkout's CRLF is no change."""
        return hashlib.sha256(self.text.replace("\r\n", "\n").encode()).hexdigest()

    @property
    def required_extensions(self) -> list[str]:
        return EXTENSION_MARKER.findall(self.text)

    @property
    def description(self) -> str:
        """The file's opening comment, joined into one line."""
        lines: list[str] = []
        for line in self.text.splitlines():
            stripped = line.strip()
            if (
                stripped.startswith(NO_TRANSACTION_MARKER)
                or EXTENSION_MARKER.match(stripped)
                or not (stripped or lines)
            ):
                continue
            if not stripped.startswith("--"):
                break
            lines.append(stripped.lstrip("-").strip())
        return " ".join(lines)

    @property
    def transactional(self) -> bool:
        return NO_TRANSACTION_MARKER not in self.text.split("\n", 1)[0]

    @cached_property
    def statements(self) -> list[Statement]:
        return split_statements(self.text)

    @cached_property
    def declared_objects(self) -> list[DeclaredObject]:
        objects: list[DeclaredObject] = []
        for statement in self.statements:
            objects.extend(declared_objects(statement.sql))
        return objects


def load_files(directory: Path) -> list[MigrationFile]:
    """Every NNN_name.sql file in `directory`, in version order."""
    files = []
    for path in sorted(directory.glob("*.sql")):
        match = FILE_NAME.match(path.name)
        if not match:
            raise ValueError(f"{path.name}: migration files are named NNN_lowercase_words.sql")
        files.append(
            MigrationFile(
                path=path, version=match["version"], name=path.stem, text=path.read_text()
            )
        )
    versions = [file.version for file in files]
    duplicates = sorted({version for version in versions if versions.count(version) > 1})
    if duplicates:
        raise ValueError(f"two migration files share version {', '.join(duplicates)}")
    return files


def version_of(migration_name: str) -> str | None:
    """The NNN prefix of a ledger name such as `006_add_lgpd_consent`, or None."""
    match = re.match(r"^(\d{3,})_", migration_name)
    return match[1] if match else None


def split_statements(text: str) -> list[Statement]:
    """Split SQL on top-level semicolons, skipping quotes, dollar quotes and comments."""
    statements: list[Statement] = []
    start = 0
    i = 0
    length = len(text)
    while i < length:
        char = text[i]
        if char == "-" and text.startswith("--", i):
            end = text.find("\n", i)
            i = length if end == -1 else end + 1
        elif char == "/" and text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = length if end == -1 else end + 2
        elif char in ("'", '"'):
            i = _skip_quoted(text, i, char)
        elif char == "$" and (tag := re.match(r"\$([A-Za-z_]\w*)?\$", text[i:])):
            end = text.find(tag[0], i + len(tag[0]))
            i = length if end == -1 else end + len(tag[0])
        elif char == ";":
            _append_statement(statements, text, start, i)
            start = i = i + 1
        else:
            i += 1
    _append_statement(statements, text, start, length)
    return statements


def _skip_quoted(text: str, i: int, quote: str) -> int:
    i += 1
    while i < len(text):
        if text[i] == quote:
            if text.startswith(quote * 2, i):
                i += 2
                continue
            return i + 1
        i += 1
    return i


def _append_statement(statements: list[Statement], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    body_offset = _first_token_offset(chunk)
    if body_offset is None:
        return
    line = text.count("\n", 0, start + body_offset) + 1
    statements.append(Statement(sql=chunk[body_offset:].rstrip(), line=line))


def _first_token_offset(chunk: str) -> int | None:
    i = 0
    while i < len(chunk):
        if chunk[i].isspace():
            i += 1
        elif chunk.startswith("--", i):
            end = chunk.find("\n", i)
            if end == -1:
                return None
            i = end + 1
        elif chunk.startswith("/*", i):
            end = chunk.find("*/", i + 2)
            if end == -1:
                return None
            i = end + 2
        else:
            return i
    return None


IDENT = r"([a-z_][a-z0-9_$]*)"
QUALIFIED = rf"{IDENT}\.{IDENT}"
CREATE_PATTERNS = [
    ("schema", re.compile(rf"^CREATE SCHEMA (?:IF NOT EXISTS )?{IDENT}", re.I)),
    ("table", re.compile(rf"^CREATE (?:UNLOGGED )?TABLE (?:IF NOT EXISTS )?{QUALIFIED}", re.I)),
    (
        "view",
        re.compile(
            rf"^CREATE (?:OR REPLACE )?(?:MATERIALIZED )?VIEW (?:IF NOT EXISTS )?{QUALIFIED}", re.I
        ),
    ),
    ("function", re.compile(rf"^CREATE (?:OR REPLACE )?(?:FUNCTION|PROCEDURE) {QUALIFIED}", re.I)),
]
INDEX_PATTERN = re.compile(
    r"^CREATE (?:UNIQUE )?INDEX (?:CONCURRENTLY )?(?:IF NOT EXISTS )?"
    rf"{IDENT} ON (?:ONLY )?{QUALIFIED}",
    re.I,
)
TRIGGER_PATTERN = re.compile(
    rf"^CREATE (?:OR REPLACE )?(?:CONSTRAINT )?TRIGGER {IDENT}\b.*?\bON {QUALIFIED}", re.I | re.S
)
ALTER_TABLE_PATTERN = re.compile(rf"^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?{QUALIFIED}", re.I)
ADD_COLUMN_PATTERN = re.compile(rf"\bADD COLUMN (?:IF NOT EXISTS )?{IDENT}", re.I)
ADD_CONSTRAINT_PATTERN = re.compile(rf"\bADD CONSTRAINT {IDENT}", re.I)


def declared_objects(sql: str) -> list[DeclaredObject]:
    """The objects one statement creates, read from its text (our files' own forms)."""
    sql = re.sub(r"\s+", " ", re.sub(r"--[^\n]*", "", sql)).strip()
    for kind, pattern in CREATE_PATTERNS:
        if match := pattern.match(sql):
            names = [name.lower() for name in match.groups()]
            if kind == "schema":
                return [DeclaredObject("schema", names[0], names[0])]
            return [DeclaredObject(kind, names[0], names[1])]
    if match := INDEX_PATTERN.match(sql):
        index, schema, table = (name.lower() for name in match.groups())
        return [DeclaredObject("index", schema, index, table=table)]
    if match := TRIGGER_PATTERN.match(sql):
        trigger, schema, table = (name.lower() for name in match.groups())
        return [DeclaredObject("trigger", schema, trigger, table=table)]
    if match := ALTER_TABLE_PATTERN.match(sql):
        schema, table = match[1].lower(), match[2].lower()
        return [
            DeclaredObject("column", schema, column.lower(), table=table)
            for column in ADD_COLUMN_PATTERN.findall(sql)
        ] + [
            DeclaredObject("constraint", schema, constraint.lower(), table=table)
            for constraint in ADD_CONSTRAINT_PATTERN.findall(sql)
        ]
    return []
