"""Admin building blocks shared by the platform apps."""

from core.admin.filters import (
    indexed_values_filter,
    known_values_filter,
    selected_object_filter,
)
from core.admin.links import related_link
from core.admin.options import PlatformAdmin, ReadOnlyAdmin, ReadOnlyInline
from core.admin.search import IndexedSearch

__all__ = [
    "IndexedSearch",
    "PlatformAdmin",
    "ReadOnlyAdmin",
    "ReadOnlyInline",
    "indexed_values_filter",
    "known_values_filter",
    "related_link",
    "selected_object_filter",
]
