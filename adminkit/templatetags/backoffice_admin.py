"""A date hierarchy that reads only MIN and MAX, never a DISTINCT over every row."""

import calendar
import datetime

from django import template
from django.contrib.admin.templatetags.admin_list import date_hierarchy as django_date_hierarchy
from django.contrib.admin.templatetags.admin_list import (
    result_headers,
    result_hidden_fields,
)
from django.contrib.admin.templatetags.admin_list import result_list as django_result_list
from django.db.models import Max, Min
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from adminkit import rows
from adminkit.keyset import JUMP_VAR
from adminkit.options import PlatformAdmin

register = template.Library()


@register.inclusion_tag("admin/change_list_results.html")
def platform_result_list(cl):
    """Django's result_list (headers and rows), the rows written by adminkit.rows for the
    project's admins; other admins (the benchmark's stock ones) get Django's own."""
    if not isinstance(cl.model_admin, PlatformAdmin):
        return django_result_list(cl)
    headers = list(result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": list(result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "results": list(rows.results(cl)),
    }


@register.inclusion_tag("admin/keyset_pagination.html")
def keyset_pagination(cl):
    """The ends, previous and next of a keyset list, its count and how it is sorted."""
    opts = cl.model._meta
    field = cl.keyset.field
    direction = "decrescente" if cl.keyset.descending else "crescente"
    sortable = [str(opts.get_field(name).verbose_name) for name in cl.keyset_fields()]
    note = (
        f"Ordenado por {field.verbose_name} ({direction}), sem números de página: "
        f"nesta lista grande, só ordena {' ou '.join(sortable)}."
    )
    return {
        "cl": cl,
        "links": cl.keyset_links(),
        "labels": cl.keyset_labels(),
        "sort_note": note,
    }


@register.inclusion_tag("admin/keyset_jump.html")
def keyset_jump(cl):
    """A date field that moves a keyset list to a day, keeping its filters and sort."""
    if cl.keyset.field.get_internal_type() not in ("DateTimeField", "DateField"):
        return {"show": False}
    verbose = cl.keyset.field.verbose_name
    note = (
        f"{verbose}: o dia escolhido e os anteriores"
        if cl.keyset.descending
        else f"{verbose}: o dia escolhido e os seguintes"
    )
    return {
        "cl": cl,
        "jump_var": JUMP_VAR,
        "jump_date": cl.jump_date,
        "direction_note": note,
    }


@register.inclusion_tag("admin/date_hierarchy.html")
def fast_date_hierarchy(cl):
    """Years, months or days between the first and last rows, as Django's tag shows them.

    The range is the whole table's (two index probes), even under a filter or search:
    the filtered MIN/MAX can mean reading most of the table. Every period inside the
    range is listed, whether or not it holds rows, for the same reason. Admins that are
    not the project's (the benchmark's stock admins) get Django's own tag.
    """
    if not isinstance(cl.model_admin, PlatformAdmin):
        return django_date_hierarchy(cl)
    field_name = cl.date_hierarchy
    year = cl.params.get(f"{field_name}__year")
    month = cl.params.get(f"{field_name}__month")
    day = cl.params.get(f"{field_name}__day")
    if year and month and day:
        return django_date_hierarchy(cl)

    bounds = cl.root_queryset.aggregate(first=Min(field_name), last=Max(field_name))
    if bounds["first"] is None:
        return {"show": False}
    first, last = (_local_date(bounds[key]) for key in ("first", "last"))
    if not year and first.year == last.year:
        year = first.year
        if first.month == last.month:
            month = first.month

    def link(filters):
        return cl.get_query_string(filters, [f"{field_name}__"])

    def choice(filters, title):
        return {"link": link(filters), "title": title}

    year_key, month_key, day_key = (f"{field_name}__{part}" for part in ("year", "month", "day"))
    if year and month:
        year, month = int(year), int(month)
        days = range(1, calendar.monthrange(year, month)[1] + 1)
        dates = [datetime.date(year, month, d) for d in days]
        return {
            "show": True,
            "back": {"link": link({year_key: year}), "title": str(year)},
            "choices": [
                choice(
                    {year_key: year, month_key: month, day_key: d.day},
                    capfirst(formats.date_format(d, "MONTH_DAY_FORMAT")),
                )
                for d in dates
                if first <= d <= last
            ],
        }
    if year:
        year = int(year)
        months = [datetime.date(year, m, 1) for m in range(1, 13)]
        return {
            "show": True,
            "back": {"link": link({}), "title": _("All dates")},
            "choices": [
                choice(
                    {year_key: year, month_key: m.month},
                    formats.date_format(m, "YEAR_MONTH_FORMAT"),
                )
                for m in months
                if (first.year, first.month) <= (year, m.month) <= (last.year, last.month)
            ],
        }
    return {
        "show": True,
        "back": None,
        "choices": [choice({year_key: y}, str(y)) for y in range(first.year, last.year + 1)],
    }


def _local_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value
