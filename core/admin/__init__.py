"""Admin building blocks shared by the platform apps."""

from core.admin.filters import (
    indexed_values_filter,
    known_values_filter,
    selected_object_filter,
)
from core.admin.links import (
    bounded_count,
    changelist_url,
    object_link,
    related_link,
    related_links,
)
from core.admin.options import PlatformAdmin, ReadOnlyAdmin, ReadOnlyInline
from core.admin.search import IndexedSearch

__all__ = [
    "IndexedSearch",
    "PlatformAdmin",
    "ReadOnlyAdmin",
    "ReadOnlyInline",
    "bounded_count",
    "changelist_url",
    "indexed_values_filter",
    "known_values_filter",
    "object_link",
    "related_link",
    "related_links",
    "selected_object_filter",
]
