"""System check: every unmanaged model agrees with the live table it maps.

Registered without the `database` tag so that a plain `manage.py check` runs it; it
needs a connection and says so, as a warning, when it cannot get one.
"""

from django.core import checks
from django.db import DatabaseError, connections, router

from core.models import platform_models
from dbschema.catalog import read_shape


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
    labels = {config.label for config in app_configs} if app_configs else None
    models = [
        model for model in platform_models() if labels is None or model._meta.app_label in labels
    ]
    errors: list[checks.CheckMessage] = []
    for alias in databases or ["default"]:
        routed = [model for model in models if router.allow_migrate_model(alias, model)]
        if routed:
            errors += _check_database(connections[alias], routed)
    return errors


def _check_database(connection, models) -> list[checks.CheckMessage]:
    schemas = tuple(sorted({table_of(model)[0] for model in models}))
    try:
        with connection.cursor() as cursor:
            shape = read_shape(cursor, schemas)
    except DatabaseError as exc:
        return [
            checks.Warning(
                f"Schema drift not checked: cannot read the catalog of {connection.alias!r}: {exc}",
                id="dbschema.W001",
            )
        ]
    shape.pop("functions")

    errors: list[checks.CheckMessage] = []
    for model in models:
        schema, table = table_of(model)
        where = f"{model._meta.label} ({schema}.{table})"
        relation = shape.get(f"{schema}.{table}")
        if relation is None:
            errors.append(
                checks.Error(f"{where}: the table does not exist.", obj=model, id="dbschema.E001")
            )
            continue
        is_view = relation["kind"] != "table"
        for field in model._meta.concrete_fields:
            column = relation["columns"].get(field.column)
            if column is None:
                errors.append(
                    checks.Error(
                        f"{where}: column {field.column!r} does not exist.",
                        obj=field,
                        id="dbschema.E002",
                    )
                )
                continue
            type_name, not_null, default = column
            generated = (default or "").startswith("GENERATED ")
            expected = catalog_type(field, connection)
            if expected != type_name:
                errors.append(
                    checks.Error(
                        f"{where}: column {field.column!r} is {type_name}, "
                        f"the field expects {expected}.",
                        obj=field,
                        id="dbschema.E003",
                    )
                )
            if generated != field.generated:
                errors.append(
                    checks.Error(
                        f"{where}: column {field.column!r} is "
                        f"{'a generated' if generated else 'not a generated'} column; "
                        f"the field {'is not' if generated else 'is'} a GeneratedField.",
                        obj=field,
                        id="dbschema.E005",
                    )
                )
            if not is_view and field.null == not_null:
                errors.append(
                    checks.Error(
                        f"{where}: column {field.column!r} is "
                        f"{'NOT NULL' if not_null else 'nullable'}, "
                        f"the field has null={field.null}.",
                        obj=field,
                        id="dbschema.E004",
                    )
                )
    return errors
