"""Notifications to platform users."""

from django.contrib import admin

from adminkit.filters import selected_object_filter
from adminkit.links import related_link
from adminkit.options import PlatformAdmin
from platform_app.models import Notification


@admin.register(Notification)
class NotificationAdmin(PlatformAdmin):
    list_display = ("title", related_link("user", "usuário"), "type", "read", "created_at")
    list_filter = ("read", selected_object_filter("user"))
    list_select_related = ("user",)
    autocomplete_fields = ("user",)
    date_hierarchy = "created_at"
