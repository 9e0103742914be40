"""Links between admin pages: to a row, and to the rows related to it."""

import re
from functools import lru_cache

from django.contrib import admin
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode

from adminkit.paginator import count_up_to

RELATED_COUNT_LIMIT = 1_000
PK_PLACEHOLDER = "0pk0"
PLAIN_PK = re.compile(r"^[0-9A-Za-z-]+$")


def change_url(obj: Model) -> str | None:
    """The admin change page of `obj`, or None when its model has none.

    reverse() once per model (it dominated a changelist's related-row links), then the
    primary key put in place; a key with characters a URL escapes goes through reverse().
    """
    opts = obj._meta
    pk, model_name = str(obj.pk), str(opts.model_name)
    if not PLAIN_PK.match(pk):
        return _reverse_change(opts.app_label, model_name, pk)
    template = _change_url_template(opts.app_label, model_name, get_script_prefix(), get_urlconf())
    return template.replace(PK_PLACEHOLDER, pk) if template else None


def _reverse_change(app_label: str, model_name: str, pk: str) -> str | None:
    try:
        return reverse(f"admin:{app_label}_{model_name}_change", args=[pk])
    except NoReverseMatch:
        return None


@lru_cache(maxsize=512)
def _change_url_template(app_label: str, model_name: str, prefix: str, urlconf) -> str | None:
    return _reverse_change(app_label, model_name, PK_PLACEHOLDER)


def changelist_url(model, **params) -> str:
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def object_link(obj: Model | None, missing_id=None, label: str | None = None) -> str:
    """A link to `obj`'s change page; for a dangling id, the id marked as missing."""
    if obj is None:
        return f"{missing_id} (removido)" if missing_id else "-"
    url = change_url(obj)
    text = str(obj) if label is None else label
    return format_html('<a href="{}">{}</a>', url, text) if url else text


def related_link(field_name: str, description: str):
    """A list_display column linking to the row a foreign key points at.

    Works for keys without a database constraint too: a dangling id is shown, marked.
    """

    @admin.display(description=description, ordering=None)
    def display(obj):
        try:
            related = getattr(obj, field_name)
        except ObjectDoesNotExist:
            related = None
        return object_link(related, getattr(obj, f"{field_name}_id"))

    display.__name__ = f"{field_name}_link"
    display.renders_link = True  # type: ignore[attr-defined]
    return display


def bounded_count(queryset: QuerySet, limit: int = RELATED_COUNT_LIMIT) -> str:
    """'17', or '1000+' once the count passes `limit` (never counts a whole big table)."""
    count = count_up_to(queryset, limit)
    return f"{limit}+" if count > limit else str(count)


def related_links(rows: list[tuple[str, type[Model], QuerySet, dict]]) -> str:
    """A list of 'label (count)' links to changelists filtered on the related object."""
    return format_html(
        "<ul class='related-links'>{}</ul>",
        format_html_join(
            "",
            "<li><a href='{}'>{}</a> ({})</li>",
            (
                (changelist_url(model, **params), label, bounded_count(queryset))
                for label, model, queryset, params in rows
            ),
        ),
    )
