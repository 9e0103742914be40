"""Django's own account admins, with the guards every admin has (adminkit.guards)."""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User

from adminkit.guards import GuardedAdminMixin

admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class GuardedUserAdmin(GuardedAdminMixin, UserAdmin):
    pass


@admin.register(Group)
class GuardedGroupAdmin(GuardedAdminMixin, GroupAdmin):  # type: ignore[misc]
    pass
