from django.contrib import admin

from adminkit.options import ReadOnlyAdmin
from dbschema.models import MigrationRecord


@admin.register(MigrationRecord)
class MigrationRecordAdmin(ReadOnlyAdmin):
    list_display = ("migration_name", "applied_at", "description")
    search_fields = ("migration_name",)
