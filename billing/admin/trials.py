"""Trials: written by the platform; expired here (or by `manage.py expire_trials`) through
the database's `expire_trials()`."""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import path, reverse

from adminkit.options import ReadOnlyAdmin
from adminkit.search import IndexedSearch
from billing.models import Trial
from billing.services import trials_expire
from billing.services.trials import expired_message


@admin.register(Trial)
class TrialAdmin(ReadOnlyAdmin):
    list_display = (
        "user_id",
        "target_type",
        "target_id",
        "status",
        "usage",
        "started_at",
        "expires_at",
    )
    list_filter = ("status", "target_type")
    date_hierarchy = "expires_at"
    indexed_search = IndexedSearch(uuid=("id", "user_id", "target_id"))

    @admin.display(description="uso")
    def usage(self, trial):
        limit = "-" if trial.max_usage is None else trial.max_usage
        return f"{trial.usage_count or 0} de {limit}"

    actions = ("expire_due_trials",)
    change_list_template = "admin/billing/trial/change_list.html"

    def has_expire_permission(self, request) -> bool:
        return request.user.has_perm("billing.change_trial")

    @admin.action(
        permissions=["expire"],
        description="Expirar os testes vencidos (todos os ativos fora do prazo ou dos usos)",
    )
    def expire_due_trials(self, request, queryset):
        count = self.call_service(request, trials_expire)
        if count is not None:
            self.message_user(request, expired_message(count), messages.SUCCESS)

    def get_urls(self):
        return [
            path(
                "expire/",
                self.admin_site.admin_view(self.expire_view),
                name="billing_trial_expire",
            ),
            *super().get_urls(),
        ]

    def expire_view(self, request):
        """The changelist's button: POST runs expire_trials()."""
        if request.method == "POST" and self.has_expire_permission(request):
            self.expire_due_trials(request, Trial.objects.none())
        return HttpResponseRedirect(reverse("admin:billing_trial_changelist"))

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_expire": self.has_expire_permission(request),
        }
        return super().changelist_view(request, extra_context)
