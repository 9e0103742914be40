"""Long ids (UUIDs, trace ids, approval ids) shown short, the full value on hover and a
copy button (adminkit/static/adminkit/copy.js: no inline script, the CSP forbids them)."""

import uuid

from django.contrib.admin.templatetags import admin_list
from django.db import models
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

SHORT_LENGTH = 8
HEX_DIGITS = frozenset("0123456789abcdefABCDEF")
# Two overlapping sheets (an inline SVG: no font has to carry the glyph).
COPY_ICON = mark_safe(
    '<svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">'
    '<rect x="5" y="5" width="9" height="9" rx="1" fill="none" stroke="currentColor" '
    'stroke-width="1.6"/><path d="M11 3V2H2v9h1" fill="none" stroke="currentColor" '
    'stroke-width="1.6"/></svg>'
)


def shorten(value: object, length: int = SHORT_LENGTH) -> str:
    """'2c20fdb8…' for a UUID; 'approval-2c20fdb8…' for an id with a word before it."""
    full = str(value)
    prefix, rest = "", full
    head, sep, tail = full.partition("-")
    if sep and not all(char in HEX_DIGITS for char in head):
        prefix, rest = head + sep, tail
    return full if len(rest) <= length + 2 else f"{prefix}{rest[:length]}…"


def short_id(value: object, url: str | None = None, *, copy: bool = True) -> SafeString:
    """The id shortened, whole in its title, with a copy button unless inside a link."""
    full, text = str(value), shorten(value)
    if url:
        shown = format_html('<a href="{}" title="{}">{}</a>', url, full, text)
    else:
        shown = format_html('<span title="{}">{}</span>', full, text)
    if not copy:
        return format_html('<span class="short-id">{}</span>', shown)
    return format_html(
        '<span class="short-id">{}<button type="button" class="copy-id" data-copy="{}" '
        'title="Copiar {}" aria-label="Copiar o id">{}</button></span>',
        shown,
        full,
        full,
        COPY_ICON,
    )


def is_long_id(value: object, field: object) -> bool:
    return isinstance(value, uuid.UUID) and isinstance(field, models.UUIDField)


def shorten_ids_in_lists() -> None:
    """Changelists show UUID columns short (change pages keep them whole)."""
    shown = admin_list.display_for_field  # type: ignore[attr-defined]

    def display_for_field(value, field, empty_value_display, avoid_link=False):
        if is_long_id(value, field):
            return short_id(value, copy=not avoid_link)
        return shown(value, field, empty_value_display, avoid_link)

    admin_list.display_for_field = display_for_field  # type: ignore[attr-defined]
