"""System checks: every admin is guarded (E001); a big table's search uses indexes (W001).

On a table of millions of rows, a search field without an index behind it turns every
search into a sequential scan. The check reads the live indexes (like the schema drift
check, it needs a connection and warns when it cannot get one) and warns for each
searched column of a `big_table` admin that no index can serve.
"""

import re

from django.contrib import admin
from django.core import checks
from django.db import DatabaseError, connections, models

from dbschema.catalog import read_shape
from dbschema.checks import table_of

# What a kind of lookup needs, as a pattern over `pg_get_indexdef` after "USING ".
EXACT = r"(btree|hash) \({column}[,)]"
PREFIX = r"btree \(upper\(\({column}\)::text\) text_pattern_ops\)"
CONTAINS = r"(gin|gist) \(upper\(\(?{column}\)?(::text)?\) gi[nst]_trgm_ops\)"
DIGITS = r"btree \(regexp_replace\(\(?{column}\)?(::text)?, '\[\^0-9\]'"
PHONE = r"btree \(nigredo_leads\.normalize_phone\(\(?{column}\)?(::text)?\)\)"


def required_indexes(admin_class, search_field: str) -> list[tuple[str, str]]:
    """(column, index pattern) per index a search field needs, by how the admin searches it."""
    indexed = getattr(admin_class, "indexed_search", None)
    if indexed is not None:
        kinds = (
            (indexed.prefix, PREFIX),
            (indexed.contains, CONTAINS),
            (indexed.cnpj, DIGITS),
            (indexed.phone, PHONE),
        )
        patterns = [pattern for columns, pattern in kinds if search_field in columns]
        return [(search_field, pattern) for pattern in patterns or [EXACT]]
    if search_field.startswith("="):
        return [(search_field[1:], EXACT)]
    if search_field.startswith("^"):
        return [(search_field[1:], PREFIX)]
    return [(search_field.lstrip("@"), CONTAINS)]


@checks.register(checks.Tags.admin)
def check_big_table_search_is_indexed(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    big = [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if getattr(model_admin, "big_table", False) and model_admin.search_fields
    ]
    if not big:
        return []
    connection = connections["default"]
    schemas = tuple(sorted({table_of(model)[0] for model, _ in big}))
    try:
        with connection.cursor() as cursor:
            shape = read_shape(cursor, schemas)
    except DatabaseError as exc:
        return [
            checks.Warning(
                f"Search indexes not checked: cannot read the catalog: {exc}", id="adminkit.W002"
            )
        ]
    warnings: list[checks.CheckMessage] = []
    for model, model_admin in big:
        schema, table = table_of(model)
        indexes = shape.get(f"{schema}.{table}", {}).get("indexes", {}).values()
        for search_field in model_admin.search_fields:
            for name, pattern in required_indexes(type(model_admin), search_field):
                field = model._meta.get_field(name.split("__")[0])
                column = str(field.column) if isinstance(field, models.Field) else name
                regex = re.compile(pattern.format(column=re.escape(column)))
                if any(regex.match(definition) for definition in indexes):
                    continue
                warnings.append(
                    checks.Warning(
                        f"{type(model_admin).__name__}: searching {search_field!r} on "
                        f"{schema}.{table} has no index to use, so each search reads the "
                        "whole table.",
                        hint="Add the index in a SQL migration, or search that column "
                        "another way (IndexedSearch).",
                        obj=type(model_admin),
                        id="adminkit.W001",
                    )
                )
    return warnings


@checks.register(checks.Tags.admin)
def check_every_admin_is_guarded(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Every registered admin has adminkit's guards against hostile input."""
    from adminkit.guards import GuardedAdminMixin

    return [
        checks.Error(
            f"{type(model_admin).__name__} ({model._meta.label}) lacks GuardedAdminMixin: "
            "its primary key, facets, search, filters and ids are unguarded.",
            hint="Derive it from adminkit.options.PlatformAdmin or adminkit.guards."
            "GuardedAdminMixin.",
            obj=type(model_admin),
            id="adminkit.E001",
        )
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, GuardedAdminMixin)
    ]
