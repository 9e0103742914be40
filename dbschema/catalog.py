"""The live shape of the platform schemas, read from PostgreSQL's system catalog.

The one reader of the catalog: the drift check, the runner (`validate`, `baseline`, the
refusal to re-run a file whose objects exist) and the tests all go through it.

The result has the layout of `shared/schema/shape.json`: `"schema.table"` → kind,
columns (name → [format_type, not null, default]), constraints, indexes, triggers,
rls; plus `functions` (`schema.name(identity args)` → result type). Definitions are
printed with `search_path = public`, as the reference was.
"""

from dataclasses import dataclass
from typing import Any

from dbschema.files import DeclaredObject

PLATFORM_SCHEMAS = ("fibonacci_core", "nigredo_leads", "alquimista_platform", "public")

RELATIONS_SQL = """
SELECT c.oid, n.nspname || '.' || c.relname, c.relkind, c.relrowsecurity
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY(%(schemas)s) AND c.relkind IN ('r', 'p', 'v', 'm')
"""

COLUMNS_SQL = """
SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
       CASE WHEN a.attgenerated = 's' THEN 'GENERATED ' ELSE '' END
       || pg_get_expr(d.adbin, d.adrelid)
FROM pg_attribute a
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attrelid = ANY(%(oids)s) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum
"""

CONSTRAINTS_SQL = """
SELECT conrelid, conname, pg_get_constraintdef(oid)
FROM pg_constraint WHERE conrelid = ANY(%(oids)s)
"""

INDEXES_SQL = """
SELECT i.indrelid, c.relname, split_part(pg_get_indexdef(i.indexrelid), ' USING ', 2)
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
WHERE i.indrelid = ANY(%(oids)s)
"""

TRIGGERS_SQL = """
SELECT t.tgrelid, t.tgname,
       substr(pg_get_triggerdef(t.oid), length('CREATE TRIGGER ' || quote_ident(t.tgname)) + 2)
FROM pg_trigger t WHERE t.tgrelid = ANY(%(oids)s) AND NOT t.tgisinternal
"""

FUNCTIONS_SQL = """
SELECT n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
       pg_get_function_result(p.oid)
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
LEFT JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
WHERE n.nspname = ANY(%(schemas)s) AND d.objid IS NULL
"""

SCHEMAS_SQL = "SELECT nspname FROM pg_namespace WHERE nspname = ANY(%(schemas)s)"

KINDS = {"r": "table", "p": "table", "v": "view", "m": "materialized view"}


@dataclass(frozen=True)
class Catalog:
    """The schemas that exist and the shape of their relations and functions."""

    schemas: frozenset[str]
    shape: dict[str, Any]

    def relations(self, kind: str) -> set[str]:
        """`schema.name` of every relation of `kind` (table, view, …)."""
        return {
            name
            for name, relation in self.shape.items()
            if name != "functions" and relation["kind"] == kind
        }

    def contains(self, declared: DeclaredObject) -> bool:
        """Whether the object a migration file declares exists."""
        if declared.kind == "schema":
            return declared.name in self.schemas
        if declared.kind == "function":
            prefix = f"{declared.schema}.{declared.name}("
            return any(name.startswith(prefix) for name in self.shape["functions"])
        if declared.kind in ("table", "view"):
            relation = self.shape.get(f"{declared.schema}.{declared.name}")
            return relation is not None and relation["kind"].endswith(declared.kind)
        relation = self.shape.get(f"{declared.schema}.{declared.table}")
        # Indexes live on tables and on materialised views alike.
        if relation is None or relation["kind"] not in ("table", "materialized view"):
            return False
        group = {"column": "columns", "index": "indexes"}.get(declared.kind, f"{declared.kind}s")
        return declared.name in relation[group]


def read_catalog(cursor, schemas: tuple[str, ...] = PLATFORM_SCHEMAS) -> Catalog:
    """The catalog of `schemas` as seen through `cursor` (a DB-API cursor)."""
    cursor.execute(SCHEMAS_SQL, {"schemas": list(schemas)})
    present = frozenset(row[0] for row in cursor.fetchall())
    return Catalog(schemas=present, shape=read_shape(cursor, schemas))


def read_shape(cursor, schemas: tuple[str, ...] = PLATFORM_SCHEMAS) -> dict[str, Any]:
    """Return the shape of `schemas` as seen through `cursor` (a DB-API cursor)."""
    cursor.execute("SELECT current_setting('search_path')")
    (saved_search_path,) = cursor.fetchone()
    cursor.execute("SELECT set_config('search_path', 'public', false)")
    try:
        return _read_shape(cursor, list(schemas))
    finally:
        cursor.execute("SELECT set_config('search_path', %s, false)", [saved_search_path])


def _read_shape(cursor, schemas: list[str]) -> dict[str, Any]:
    cursor.execute(RELATIONS_SQL, {"schemas": schemas})
    names: dict[int, str] = {}
    shape: dict[str, Any] = {}
    for oid, name, relkind, rls in cursor.fetchall():
        names[oid] = name
        shape[name] = {
            "kind": KINDS[relkind],
            "columns": {},
            "constraints": {},
            "indexes": {},
            "triggers": {},
            "rls": rls,
        }
    params = {"oids": list(names)}
    cursor.execute(COLUMNS_SQL, params)
    for oid, column, type_name, not_null, default in cursor.fetchall():
        shape[names[oid]]["columns"][column] = [type_name, not_null, default]
    for sql, key in (
        (CONSTRAINTS_SQL, "constraints"),
        (INDEXES_SQL, "indexes"),
        (TRIGGERS_SQL, "triggers"),
    ):
        cursor.execute(sql, params)
        for oid, object_name, definition in cursor.fetchall():
            shape[names[oid]][key][object_name] = definition
    cursor.execute(FUNCTIONS_SQL, {"schemas": schemas})
    shape["functions"] = dict(cursor.fetchall())
    return shape


def shape_differences(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    """Describe, one line each, where `actual` differs from `expected`."""
    lines = []
    for name in sorted(expected.keys() - actual.keys()):
        lines.append(f"missing: {name}")
    for name in sorted(actual.keys() - expected.keys()):
        lines.append(f"unexpected: {name}")
    for name in sorted(expected.keys() & actual.keys()):
        if name == "functions":
            lines += _dict_differences("functions", expected[name], actual[name])
            continue
        for key in ("kind", "rls"):
            if expected[name][key] != actual[name][key]:
                lines.append(f"{name} {key}: {expected[name][key]!r} != {actual[name][key]!r}")
        for key in ("columns", "constraints", "indexes", "triggers"):
            lines += _dict_differences(f"{name} {key}", expected[name][key], actual[name][key])
    return lines


def _dict_differences(where: str, expected: dict, actual: dict) -> list[str]:
    lines = [f"{where}: missing {key}" for key in sorted(expected.keys() - actual.keys())]
    lines += [f"{where}: unexpected {key}" for key in sorted(actual.keys() - expected.keys())]
    for key in sorted(expected.keys() & actual.keys()):
        if expected[key] != actual[key]:
            lines.append(f"{where} {key}: expected {expected[key]!r}, got {actual[key]!r}")
    return lines


FOREIGN_KEYS_SQL = """
SELECT con.conname, cn.nspname, c.relname,
       ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, i)
             JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
             ORDER BY k.i)::text[],
       rn.nspname, r.relname,
       ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, i)
             JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
             ORDER BY k.i)::text[],
       con.confdeltype,
       ARRAY(SELECT a.attname FROM pg_index x
             CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, i)
             JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
             WHERE x.indrelid = con.conrelid AND x.indisprimary ORDER BY k.i)::text[]
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace cn ON cn.oid = c.relnamespace
JOIN pg_class r ON r.oid = con.confrelid JOIN pg_namespace rn ON rn.oid = r.relnamespace
WHERE con.contype = 'f'
ORDER BY cn.nspname, c.relname, con.conname
"""

ON_DELETE = {
    "a": "NO ACTION",
    "r": "RESTRICT",
    "c": "CASCADE",
    "n": "SET NULL",
    "d": "SET DEFAULT",
}


@dataclass(frozen=True)
class ForeignKey:
    """A foreign key constraint: `table(columns)` → `referenced(referenced_columns)`."""

    name: str
    table: tuple[str, str]  # (schema, table)
    columns: tuple[str, ...]
    referenced: tuple[str, str]
    referenced_columns: tuple[str, ...]
    on_delete: str  # CASCADE, SET NULL, SET DEFAULT, NO ACTION or RESTRICT
    table_primary_key: tuple[str, ...]  # empty when the referencing table has none


def read_foreign_keys(cursor) -> list[ForeignKey]:
    """Every foreign key of the database, as seen through `cursor` (a DB-API cursor)."""
    cursor.execute(FOREIGN_KEYS_SQL)
    return [
        ForeignKey(
            name=name,
            table=(schema, table),
            columns=tuple(columns),
            referenced=(referenced_schema, referenced_table),
            referenced_columns=tuple(referenced_columns),
            on_delete=ON_DELETE[action],
            table_primary_key=tuple(primary_key),
        )
        for (
            name,
            schema,
            table,
            columns,
            referenced_schema,
            referenced_table,
            referenced_columns,
            action,
            primary_key,
        ) in cursor.fetchall()
    ]
