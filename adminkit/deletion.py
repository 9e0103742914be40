"""What deleting rows does in the database, read from its own foreign keys.

The platform's models leave ON DELETE CASCADE and SET NULL to PostgreSQL
(on_delete=DO_NOTHING), so Django's collector sees none of it: a tenant's confirmation
page said "Tenants: 1" while the database deleted its users, approvals, leads… and a
NO ACTION key several steps away (a deleted user's decision on another tenant's
approval) failed the DELETE with an IntegrityError. Here the foreign keys come from the
catalogue (dbschema.catalog.read_foreign_keys) and the rows from the tables: how many
rows each cascade deletes, how many each SET NULL empties, and which keys refuse.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import IntegrityError, connections
from django.db.models import Model

from dbschema.catalog import ForeignKey, read_foreign_keys

Table = tuple[str, str]
# Cascades deeper than this are not followed (a self-referencing cascade ends sooner,
# when a level finds no row).
MAX_DEPTH = 8


@dataclass
class DeleteEffects:
    deleted: dict[Table, int] = field(default_factory=dict)  # besides the rows themselves
    emptied: list[tuple[ForeignKey, int]] = field(default_factory=list)
    blocking: list[tuple[ForeignKey, int]] = field(default_factory=list)

    def summary(self) -> list[tuple[str, int]]:
        """(label, count) lines for the confirmation page's summary."""
        lines = [
            (f"{table_label(table)} (excluídos pelo banco em cascata)", count)
            for table, count in sorted(self.deleted.items())
        ]
        lines += [
            (
                f"{table_label(fk.table)}: {', '.join(fk.columns)} esvaziado pelo banco "
                f"(ON DELETE {fk.on_delete})",
                count,
            )
            for fk, count in self.emptied
        ]
        return lines

    def refusals(self) -> list[str]:
        """One pt-BR line per foreign key that makes the database refuse the delete."""
        return [
            f"{table_label(fk.table)}: {count} registro(s) apontam para o que seria excluído "
            f"pela coluna {', '.join(fk.columns)} (restrição {fk.name}, ON DELETE "
            f"{fk.on_delete}); o banco de dados recusa a exclusão enquanto existirem."
            for fk, count in self.blocking
        ]


def table_of(model: type[Model]) -> Table:
    """(schema, table) of a model whose db_table is 'schema"."table'."""
    schema, _, table = model._meta.db_table.rpartition('"."')
    return (schema or "public", table)


def model_of(table: Table) -> type[Model] | None:
    """The model mapping the platform table, if any."""
    for model in apps.get_models():
        if '"."' in model._meta.db_table and table_of(model) == table:
            return model
    return None


def table_label(table: Table) -> str:
    """The verbose plural name of the model mapping the table, or schema.table."""
    model = model_of(table)
    return str(model._meta.verbose_name_plural).capitalize() if model else ".".join(table)


def _name(table: Table) -> str:
    return ".".join(f'"{part}"' for part in table)


def _columns(columns: Iterable[str], alias: str = "") -> str:
    prefix = f"{alias}." if alias else ""
    return ", ".join(f'{prefix}"{column}"' for column in columns)


def delete_effects(model: type[Model], pks: list, *, using: str = "default") -> DeleteEffects:
    """What the database does when the rows of model with these primary keys are deleted."""
    root = table_of(model)
    params = {"pks": list(pks)}
    root_sql = (
        f"SELECT * FROM {_name(root)} WHERE {_columns([str(model._meta.pk.column)])} = ANY(%(pks)s)"
    )
    with connections[using].cursor() as cursor:
        references: dict[Table, list[ForeignKey]] = defaultdict(list)
        for fk in read_foreign_keys(cursor):
            references[fk.referenced].append(fk)

        def exists(sql: str) -> bool:
            cursor.execute(f"SELECT EXISTS ({sql})", params)
            return cursor.fetchone()[0]

        def count(sql: str) -> int:
            cursor.execute(f"SELECT count(*) FROM ({sql}) counted", params)
            return cursor.fetchone()[0]

        deleted_sql: dict[Table, list[str]] = defaultdict(list)
        deleted_sql[root].append(root_sql)
        emptying: list[tuple[ForeignKey, str]] = []
        restricting: list[tuple[ForeignKey, str]] = []

        def walk(table: Table, sql: str, depth: int) -> None:
            for fk in references[table]:
                child_sql = (
                    f"SELECT c.* FROM {_name(fk.table)} c WHERE ({_columns(fk.columns, 'c')}) "
                    f"IN (SELECT {_columns(fk.referenced_columns, 'p')} FROM ({sql}) p)"
                )
                if not exists(child_sql):
                    continue
                if fk.on_delete == "CASCADE":
                    if depth < MAX_DEPTH:
                        deleted_sql[fk.table].append(child_sql)
                        walk(fk.table, child_sql, depth + 1)
                elif fk.on_delete in ("SET NULL", "SET DEFAULT"):
                    emptying.append((fk, child_sql))
                else:
                    restricting.append((fk, child_sql))

        walk(root, root_sql, 0)

        def surviving(fk: ForeignKey, sql: str) -> str:
            """The rows of sql that no cascade deletes."""
            if not fk.table_primary_key or not deleted_sql.get(fk.table):
                return sql
            key = _columns(fk.table_primary_key)
            gone = " UNION ".join(f"SELECT {key} FROM ({s}) d" for s in deleted_sql[fk.table])
            return f"SELECT * FROM ({sql}) s WHERE ({key}) NOT IN ({gone})"

        effects = DeleteEffects()
        for table, sqls in deleted_sql.items():
            if table == root and len(sqls) == 1:
                continue
            total = _distinct_count(cursor, params, table, sqls)
            rows = total - (len(pks) if table == root else 0)
            if rows > 0:
                effects.deleted[table] = rows
        for fk, sql in emptying:
            if rows := count(surviving(fk, sql)):
                effects.emptied.append((fk, rows))
        for fk, sql in restricting:
            if rows := count(surviving(fk, sql)):
                effects.blocking.append((fk, rows))
    return effects


def _distinct_count(cursor, params: dict, table: Table, sqls: list[str]) -> int:
    """Rows of table in any of sqls, each counted once (by its primary key when known)."""
    key = _primary_key(cursor, table)
    if key:
        union = " UNION ".join(f"SELECT {_columns(key)} FROM ({s}) d" for s in sqls)
    else:
        union = " UNION ALL ".join(f"SELECT 1 FROM ({s}) d" for s in sqls)
    cursor.execute(f"SELECT count(*) FROM ({union}) u", params)
    return cursor.fetchone()[0]


def _primary_key(cursor, table: Table) -> list[str]:
    cursor.execute(
        "SELECT a.attname FROM pg_index x "
        "CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, i) "
        "JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum "
        "WHERE x.indrelid = %s::regclass AND x.indisprimary ORDER BY k.i",
        [_name(table)],
    )
    return [row[0] for row in cursor.fetchall()]


def integrity_refusal(exc: IntegrityError) -> str:
    """The pt-BR message for a DELETE the database refused on a foreign key."""
    constraint = getattr(getattr(exc.__cause__, "diag", None), "constraint_name", None)
    return (
        "O banco de dados recusou a exclusão: ainda há registros que dependem deste"
        + (f" (restrição {constraint})." if constraint else ".")
        + " Nada foi excluído."
    )
