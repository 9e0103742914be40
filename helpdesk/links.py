"""Every trace id the admin shows links to its timeline."""

import uuid

from django.contrib.admin import helpers, utils
from django.contrib.admin.templatetags import admin_list
from django.urls import reverse
from django.utils.html import format_html

from adminkit.ids import short_id

# Columns holding a trace id, in every table that has one.
TRACE_ID_FIELDS = frozenset({"trace_id", "parent_trace_id"})


def trace_url(trace_id: uuid.UUID | str) -> str:
    return reverse("helpdesk:trace_timeline", args=[str(trace_id)])


def trace_link(trace_id: uuid.UUID | str | None) -> str:
    """The id as a link to its timeline ("-" for none)."""
    if not trace_id:
        return "-"
    return format_html(
        '<a class="trace-link" href="{}" title="Linha do tempo deste trace">{}</a>',
        trace_url(trace_id),
        trace_id,
    )


def link_trace_ids() -> None:
    """Wrap the admin's display_for_field (lists, read-only fields) to link trace ids;
    lists show them short (adminkit.ids)."""
    for module, link in (
        (utils, trace_link),
        (helpers, trace_link),
        (admin_list, lambda trace_id: short_id(trace_id, trace_url(trace_id))),
    ):
        setattr(module, "display_for_field", _linking(module.display_for_field, link))  # noqa: B010


def _linking(shown, link):
    def display_for_field(value, field, empty_value_display, avoid_link=False):
        if (
            not avoid_link
            and getattr(field, "name", None) in TRACE_ID_FIELDS
            and isinstance(value, uuid.UUID)
        ):
            return link(value)
        return shown(value, field, empty_value_display, avoid_link)

    return display_for_field
