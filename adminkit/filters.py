"""List filters that stay cheap on tables with millions of rows."""

import uuid

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.db import connections

# A loose index scan: one index probe per distinct value instead of reading every row.
DISTINCT_VALUES_SQL = """
WITH RECURSIVE value_list(value) AS (
    (SELECT {column} FROM {table} WHERE {column} IS NOT NULL ORDER BY {column} LIMIT 1)
    UNION ALL
    SELECT (SELECT {column} FROM {table} WHERE {column} > value_list.value
            ORDER BY {column} LIMIT 1)
    FROM value_list WHERE value_list.value IS NOT NULL
)
SELECT value FROM value_list WHERE value IS NOT NULL LIMIT %s
"""
MAX_DISTINCT_VALUES = 50


def indexed_values_filter(field_name: str, title: str | None = None):
    """A filter on an indexed low-cardinality column, its choices read via the index."""

    class IndexedValuesFilter(admin.SimpleListFilter):
        parameter_name = field_name

        def __init__(self, request, params, model, model_admin):
            field = model._meta.get_field(field_name)
            self.title = title or field.verbose_name
            self.column = field.column
            super().__init__(request, params, model, model_admin)

        def lookups(self, request, model_admin):
            model = model_admin.model
            connection = connections[model_admin.get_queryset(request).db]
            sql = DISTINCT_VALUES_SQL.format(
                table=connection.ops.quote_name(model._meta.db_table),
                column=connection.ops.quote_name(self.column),
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, [MAX_DISTINCT_VALUES])
                values = [row[0] for row in cursor.fetchall()]
            choices = dict(model._meta.get_field(field_name).flatchoices)
            return [(value, choices.get(value, value)) for value in values]

        def queryset(self, request, queryset):
            if self.value() is None:
                return queryset
            return queryset.filter(**{field_name: self.value()})

    return IndexedValuesFilter


def selected_object_filter(field_name: str, title: str | None = None):
    """Filter on a foreign key to a big table, arrived at from the related object's page.

    It lists no choices of its own (that would read the related table); once a value is
    in the URL it shows the selected object and a link back to all rows.
    """

    class SelectedObjectFilter(admin.SimpleListFilter):
        parameter_name = field_name

        def __init__(self, request, params, model, model_admin):
            self.field = model._meta.get_field(field_name)
            self.title = title or self.field.verbose_name
            super().__init__(request, params, model, model_admin)

        def has_output(self):
            return self.value() is not None

        def lookups(self, request, model_admin):
            value = self.value()
            if value is None:
                return []
            related = self.field.related_model._base_manager.filter(pk=self._pk(value)).first()
            return [(value, str(related) if related else f"{value} (não encontrado)")]

        def queryset(self, request, queryset):
            if self.value() is None:
                return queryset
            return queryset.filter(**{self.field.attname: self._pk(self.value())})

        def _pk(self, value):
            try:
                return uuid.UUID(value)
            except ValueError as exc:
                raise IncorrectLookupParameters(f"{value!r} não é um id válido.") from exc

    return SelectedObjectFilter


def known_values_filter(field_name: str, values: dict[str, str], title: str | None = None):
    """A filter offering a fixed list of values, for a column with no index to list them."""

    class KnownValuesFilter(admin.SimpleListFilter):
        parameter_name = field_name

        def __init__(self, request, params, model, model_admin):
            self.title = title or model._meta.get_field(field_name).verbose_name
            super().__init__(request, params, model, model_admin)

        def lookups(self, request, model_admin):
            return list(values.items())

        def queryset(self, request, queryset):
            if self.value() is None:
                return queryset
            return queryset.filter(**{field_name: self.value()})

    return KnownValuesFilter
