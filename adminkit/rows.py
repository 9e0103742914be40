"""The rows of a changelist, as Django's `items_for_result` writes them, at a lower cost.

Profiling the leads list put most of its time in the cells: for each of 50 rows x 9
columns Django works out again what the column is (a field, an admin method, a model
attribute), its empty value, its CSS class and whether it links to the row, and for
each row it reverses the change URL and resolves it again to merge the preserved
filters. Here all of that is decided once per column and once per list (the change URL
is built from a template with the primary key put in place); only the value and its
display are per cell, through the same `lookup_field` / `display_for_field` /
`display_for_value` Django uses (so a project-wide display override still applies).

The HTML is byte for byte Django's (tests/adminkit/test_rows.py compares them); a list
with editable columns, a popup or a `to_field` goes through Django's own code.
"""

import datetime

from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import lookup_field
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from adminkit.links import PK_PLACEHOLDER, PLAIN_PK


class Column:
    """What one list_display entry is, worked out once for the whole list."""

    def __init__(self, cl, index: int, name, link: bool, tag: str):
        self.name = name
        self.is_checkbox = name == "action_checkbox"
        self.classes = f"field-{admin_list._coerce_field_name(name, index)}"  # type: ignore[attr-defined]
        self.link = link
        self.tag = tag
        self.empty = cl.model_admin.get_empty_value_display()

    def cell(self, cl, result, url_template: str | None) -> SafeString:
        classes = self.classes
        empty = self.empty
        try:
            f, attr, value = lookup_field(self.name, result, cl.model_admin)
        except ObjectDoesNotExist:
            result_repr = empty
        else:
            empty = getattr(attr, "empty_value_display", empty)
            if isinstance(value, str) and value.strip() == "":
                value = ""
            if f is None or f.auto_created:
                if self.is_checkbox:
                    classes = "action-checkbox"
                boolean = getattr(attr, "boolean", False)
                if isinstance(attr, property) and hasattr(attr, "fget"):
                    boolean = getattr(attr.fget, "boolean", False)
                display = admin_list.display_for_value  # type: ignore[attr-defined]
                result_repr = display(value, empty, boolean)
                if isinstance(value, datetime.date | datetime.time):
                    classes += " nowrap"
            else:
                if isinstance(f.remote_field, models.ManyToOneRel):
                    related = getattr(result, f.name)
                    result_repr = empty if related is None else related
                else:
                    # Looked up at call time: the project replaces it (adminkit.choices).
                    result_repr = admin_list.display_for_field(  # type: ignore[attr-defined]
                        value, f, empty, avoid_link=self.link
                    )
                if isinstance(f, models.DateField | models.TimeField | models.ForeignKey):
                    classes += " nowrap"
        if not self.link:
            return mark_safe(f'<td class="{classes}">{conditional_escape(result_repr)}</td>')
        url = _row_url(cl, result, url_template)
        inner: str
        if url is None:
            inner = conditional_escape(result_repr)
        else:
            inner = f'<a href="{conditional_escape(url)}">{conditional_escape(result_repr)}</a>'
        return mark_safe(f'<{self.tag} class="{classes}">{inner}</{self.tag}>')


def _row_url(cl, result, url_template: str | None) -> str | None:
    pk = str(getattr(result, cl.pk_attname))
    if url_template is not None and PLAIN_PK.match(pk):
        return url_template.replace(PK_PLACEHOLDER, pk)
    try:
        url = cl.url_for_result(result)
    except NoReverseMatch:
        return None
    return add_preserved_filters({"preserved_filters": cl.preserved_filters, "opts": cl.opts}, url)


def _url_template(cl) -> str | None:
    """The change URL of a row, preserved filters merged, with a placeholder for its key."""
    placeholder = cl.model(**{cl.pk_attname: PK_PLACEHOLDER})
    try:
        url = cl.url_for_result(placeholder)
    except (NoReverseMatch, ValueError, TypeError):
        return None
    if PK_PLACEHOLDER not in url:
        return None
    return add_preserved_filters({"preserved_filters": cl.preserved_filters, "opts": cl.opts}, url)


def results(cl):
    """What Django's `results(cl)` yields: one ResultList of cells per row."""
    if cl.formset or cl.is_popup or cl.to_field:
        yield from admin_list.results(cl)
        return
    columns, linked = [], False
    for index, name in enumerate(cl.list_display):
        # Django's link_in_col: the columns named in list_display_links (or the first
        # column when that is empty) link to the row; the first of them is a th.
        if cl.list_display_links is None:
            link = False
        elif not cl.list_display_links:
            link = not linked
        else:
            link = name in cl.list_display_links
        columns.append(Column(cl, index, name, link, "td" if linked else "th"))
        linked = linked or link
    url_template = _url_template(cl) if linked else None
    for result in cl.result_list:
        yield admin_list.ResultList(None, [c.cell(cl, result, url_template) for c in columns])
