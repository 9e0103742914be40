"""Tenants and their users."""

from django.contrib import admin

from adminkit.filters import indexed_values_filter, selected_object_filter
from adminkit.links import related_link
from adminkit.options import PlatformAdmin
from fibonacci.models import Trace
from nigredo.models import Agendamento, Campanha, Lead
from platform_app.admin.gated_actions import GatedActionsMixin, TenantSuspensionForm
from platform_app.models import (
    AgentActivation,
    ApprovalRequest,
    AuditLog,
    Notification,
    PlatformUser,
    Tenant,
)


class PlatformUserInline(admin.TabularInline):
    model = PlatformUser
    fields = ("email", "full_name", "user_role", "status", "last_login_at")
    extra = 0
    show_change_link = True


class AgentActivationInline(admin.TabularInline):
    model = AgentActivation
    fields = ("agent", "status", "activated_at", "deactivated_at")
    autocomplete_fields = ("agent",)
    extra = 0
    show_change_link = True


@admin.register(Tenant)
class TenantAdmin(GatedActionsMixin, PlatformAdmin):
    # Suspension is approval-gated: the page asks for it (platform_app.admin.gated_actions).
    gated_action_forms = {ApprovalRequest.ActionType.TENANT_SUSPEND: TenantSuspensionForm}
    list_display = (
        "company_name",
        "cnpj",
        "subscription_tier",
        "subscription_status",
        "created_at",
    )
    list_filter = ("subscription_status", "subscription_tier")
    search_fields = ("company_name", "=cnpj", "=id")
    date_hierarchy = "created_at"
    inlines = (PlatformUserInline, AgentActivationInline)

    def get_related_records(self, tenant):
        by_tenant = {"tenant": tenant.pk}
        return [
            ("Usuários", PlatformUser, tenant.users.all(), by_tenant),
            ("Leads", Lead, tenant.leads.all(), by_tenant),
            ("Logs de auditoria", AuditLog, tenant.audit_logs.all(), by_tenant),
            ("Ativações de agentes", AgentActivation, tenant.agent_activations.all(), by_tenant),
            (
                "Solicitações de aprovação",
                ApprovalRequest,
                tenant.approval_requests.all(),
                by_tenant,
            ),
            ("Campanhas", Campanha, tenant.campanhas.all(), by_tenant),
            ("Agendamentos", Agendamento, tenant.agendamentos.all(), by_tenant),
            ("Traces", Trace, tenant.traces.all(), by_tenant),
        ]


@admin.register(PlatformUser)
class PlatformUserAdmin(PlatformAdmin):
    list_display = (
        "email",
        "full_name",
        related_link("tenant", "tenant"),
        "user_role",
        "status",
        "last_login_at",
    )
    list_filter = ("user_role", indexed_values_filter("status"), selected_object_filter("tenant"))
    list_select_related = ("tenant",)
    search_fields = ("=email", "full_name", "=id")
    autocomplete_fields = ("tenant",)
    date_hierarchy = "created_at"

    def get_related_records(self, user):
        by_user = {"user": user.pk}
        return [
            ("Logs de auditoria", AuditLog, user.audit_logs.all(), by_user),
            ("Notificações", Notification, user.notifications.all(), by_user),
        ]
