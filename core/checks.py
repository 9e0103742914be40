"""System check: every unmanaged model agrees with the live table it maps.

Registered without the `database` tag so that a plain `manage.py check` runs it; it
needs a connection and says so, as a warning, when it cannot get one.
"""

from django.apps import apps
from django.core import checks
from django.db import DatabaseError, connections, router

COLUMNS_SQL = """
SELECT n.nspname, c.relname, c.relkind, a.attname, format_type(a.atttypid, a.atttypmod),
       a.attnotnull, a.attgenerated <> ''
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE c.relkind IN ('r', 'p', 'v', 'm') AND n.nspname = ANY(%s)
"""


def table_of(model) -> tuple[str, str]:
    """Split a `schema"."table` db_table into its schema and table names."""
    schema, _, table = model._meta.db_table.partition('"."')
    return (schema, table) if table else ("public", schema)


def catalog_type(field, connection) -> str:
    """The column type PostgreSQL's format_type() prints for what `field` expects."""
    db_type = field.db_parameters(connection)["type"] or ""
    return db_type.replace("varchar(", "character varying(").replace(", ", ",")


@checks.register()
def check_schema_drift(app_configs=None, databases=None, **kwargs):
    models = [
        model
        for config in (app_configs or apps.get_app_configs())
        for model in config.get_models()
        if not model._meta.managed and not model._meta.proxy
    ]
    errors = []
    for alias in databases or ["default"]:
        routed = [model for model in models if router.allow_migrate_model(alias, model)]
        if routed:
            errors += _check_database(connections[alias], routed)
    return errors


def _check_database(connection, models) -> list[checks.CheckMessage]:
    schemas = sorted({table_of(model)[0] for model in models})
    try:
        with connection.cursor() as cursor:
            cursor.execute(COLUMNS_SQL, [schemas])
            rows = cursor.fetchall()
    except DatabaseError as exc:
        return [
            checks.Warning(
                f"Schema drift not checked: cannot read the catalog of {connection.alias!r}: {exc}",
                id="core.W001",
            )
        ]
    relkinds, columns = {}, {}
    for schema, table, relkind, column, type_name, not_null, generated in rows:
        relkinds[schema, table] = relkind
        columns[schema, table, column] = (type_name, not_null, generated)

    errors = []
    for model in models:
        schema, table = table_of(model)
        where = f"{model._meta.label} ({schema}.{table})"
        if (schema, table) not in relkinds:
            errors.append(
                checks.Error(f"{where}: the table does not exist.", obj=model, id="core.E001")
            )
            continue
        is_view = relkinds[schema, table] in "vm"
        for field in model._meta.concrete_fields:
            column = columns.get((schema, table, field.column))
            if column is None:
                errors.append(
                    checks.Error(
                        f"{where}: column {field.column!r} does not exist.",
                        obj=field,
                        id="core.E002",
                    )
                )
                continue
            type_name, not_null, generated = column
            expected = catalog_type(field, connection)
            if expected != type_name:
                errors.append(
                    checks.Error(
                        f"{where}: column {field.column!r} is {type_name}, "
                        f"the field expects {expected}.",
                        obj=field,
                        id="core.E003",
                    )
                )
            if generated != field.generated:
                errors.append(
                    checks.Error(
                        f"{where}: column {field.column!r} is "
                        f"{'a generated' if generated else 'not a generated'} column; "
                        f"the field {'is not' if generated else 'is'} a GeneratedField.",
                        obj=field,
                        id="core.E005",
                    )
                )
            if not is_view and field.null == not_null:
                errors.append(
                    checks.Error(
                        f"{where}: column {field.column!r} is "
                        f"{'NOT NULL' if not_null else 'nullable'}, "
                        f"the field has null={field.null}.",
                        obj=field,
                        id="core.E004",
                    )
                )
    return errors
