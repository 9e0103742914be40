"""Commercial requests."""

from django.contrib import admin

from adminkit.filters import selected_object_filter
from adminkit.links import related_link
from adminkit.options import PlatformAdmin
from billing.models import CommercialRequest

tenant_column = related_link("tenant", "tenant")


@admin.register(CommercialRequest)
class CommercialRequestAdmin(PlatformAdmin):
    list_display = (
        "company_name",
        "contact_name",
        "email",
        "whatsapp",
        tenant_column,
        "status",
        "created_at",
    )
    list_filter = ("status", selected_object_filter("tenant"))
    list_select_related = ("tenant",)
    search_fields = ("company_name", "=email", "=cnpj")
    autocomplete_fields = ("tenant",)
    date_hierarchy = "created_at"
