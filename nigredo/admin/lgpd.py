"""The blocklist."""

from django.contrib import admin

from adminkit.links import related_link
from adminkit.options import PlatformAdmin
from adminkit.search import IndexedSearch
from nigredo.models import BlocklistEntry

lead_column = related_link("lead", "lead")


@admin.register(BlocklistEntry)
class BlocklistEntryAdmin(PlatformAdmin):
    list_display = ("email", "telefone", lead_column, "reason", "created_at")
    list_select_related = ("lead",)
    raw_id_fields = ("lead",)
    date_hierarchy = "created_at"
    indexed_search = IndexedSearch(uuid=("id", "lead_id"), email=("email",), phone=("telefone",))
