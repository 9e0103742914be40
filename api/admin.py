from django.contrib import admin, messages

from adminkit.guards import GuardedAdminMixin
from api.models import ApiToken
from api.services import api_tokens_revoke_rows


@admin.register(ApiToken)
class ApiTokenAdmin(GuardedAdminMixin, admin.ModelAdmin):
    """Superusers list staff API keys and revoke them; keys are created with
    `manage.py create_api_token` (the key is shown once, there)."""

    list_display = ("prefix", "user", "created_at", "expires_at", "revoked_at", "situation")
    list_filter = ("revoked_at",)
    search_fields = ("prefix", "user__username")
    readonly_fields = ("prefix", "user", "created_at", "expires_at", "revoked_at")
    exclude = ("key_hash",)
    actions = ["revoke"]

    @admin.display(description="situação")
    def situation(self, token: ApiToken) -> str:
        if token.is_revoked:
            return "revogada"
        return "expirada" if token.is_expired else "ativa"

    @admin.action(description="Revogar as chaves selecionadas", permissions=["view"])
    def revoke(self, request, queryset):
        count = api_tokens_revoke_rows(tokens=list(queryset))
        self.message_user(request, f"{count} chave(s) revogada(s).", messages.SUCCESS)

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
