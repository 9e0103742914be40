from django import forms
from django.contrib import admin

from adminkit.guards import GuardedAdminMixin
from platform_app.models import PlatformUser
from staff.models import StaffPlatformLink


class StaffPlatformLinkForm(forms.ModelForm):
    class Meta:
        model = StaffPlatformLink
        fields = ("user", "platform_user_id")

    def clean_platform_user_id(self):
        platform_user_id = self.cleaned_data["platform_user_id"]
        if not PlatformUser.objects.filter(pk=platform_user_id).exists():
            raise forms.ValidationError("Nenhum usuário da plataforma tem esse id.")
        return platform_user_id


@admin.register(StaffPlatformLink)
class StaffPlatformLinkAdmin(GuardedAdminMixin, admin.ModelAdmin):
    """Superusers link staff accounts to the platform users they act as."""

    form = StaffPlatformLinkForm
    list_display = ("user", "platform_user_id", "platform_user", "created_at")
    search_fields = ("user__username", "=platform_user_id")
    raw_id_fields = ("user",)

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
