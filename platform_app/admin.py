from django.contrib import admin

from adminkit.filters import indexed_values_filter, known_values_filter, selected_object_filter
from adminkit.links import related_link
from adminkit.options import PlatformAdmin, ReadOnlyAdmin, ReadOnlyInline
from adminkit.search import IndexedSearch
from billing.models import SubnucleoAgent
from fibonacci.models import Trace
from nigredo.models import Agendamento, Campanha, Lead
from platform_app.models import (
    Agent,
    AgentActivation,
    ApprovalDecision,
    ApprovalRequest,
    AuditLog,
    Notification,
    Permission,
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
class TenantAdmin(PlatformAdmin):
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


class AgentSubnucleoInline(admin.TabularInline):
    model = SubnucleoAgent
    fields = ("subnucleo", "is_required", "sort_order")
    autocomplete_fields = ("subnucleo",)
    extra = 0


@admin.register(Agent)
class AgentAdmin(PlatformAdmin):
    list_display = ("display_name", "name", "category", "version", "status")
    list_filter = ("category", "status")
    search_fields = ("display_name", "name")
    inlines = (AgentSubnucleoInline,)

    def get_related_records(self, agent):
        by_agent = {"agent": agent.pk}
        return [
            ("Ativações", AgentActivation, agent.activations.all(), by_agent),
            ("Logs de auditoria", AuditLog, agent.audit_logs.all(), by_agent),
        ]


@admin.register(AgentActivation)
class AgentActivationAdmin(PlatformAdmin):
    list_display = (
        related_link("tenant", "tenant"),
        related_link("agent", "agente"),
        "status",
        "activated_at",
        "deactivated_at",
    )
    list_filter = ("status", selected_object_filter("tenant"), selected_object_filter("agent"))
    list_select_related = ("tenant", "agent")
    autocomplete_fields = ("tenant", "agent")
    date_hierarchy = "activated_at"


@admin.register(Permission)
class PermissionAdmin(PlatformAdmin):
    list_display = ("resource_type", "action", "subject_type", "subject_id", "granted_at")
    list_filter = (indexed_values_filter("resource_type"), indexed_values_filter("subject_type"))
    search_fields = ("=subject_id", "=resource_id")


@admin.register(AuditLog)
class AuditLogAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "action_type",
        "result",
        related_link("tenant", "tenant"),
        related_link("user", "usuário"),
        related_link("agent", "agente"),
        "trace_id",
    )
    list_filter = (
        indexed_values_filter("action_type"),
        known_values_filter("result", {"success": "sucesso", "failure": "falha"}),
        selected_object_filter("tenant"),
        selected_object_filter("user"),
        selected_object_filter("agent"),
    )
    list_select_related = ("tenant", "user", "agent")
    date_hierarchy = "created_at"
    indexed_search = IndexedSearch(
        uuid=("id", "trace_id", "tenant_id", "user_id", "agent_id"), exact=("action_type",)
    )


class ApprovalDecisionInline(ReadOnlyInline):
    model = ApprovalDecision
    fields = ("approver", "decision", "comment", "created_at")


@admin.register(ApprovalRequest)
class ApprovalRequestAdmin(PlatformAdmin):
    list_display = (
        "id",
        related_link("tenant", "tenant"),
        "action_type",
        "resource_type",
        "status",
        "required_approvals",
        "expires_at",
        "created_at",
    )
    list_filter = (indexed_values_filter("status"), "action_type", selected_object_filter("tenant"))
    list_select_related = ("tenant",)
    search_fields = ("=id", "=resource_id")
    autocomplete_fields = ("tenant", "requested_by")
    date_hierarchy = "created_at"
    inlines = (ApprovalDecisionInline,)

    def has_add_permission(self, request):
        """Requests come from the platform's services; the back-office decides them."""
        return False


@admin.register(ApprovalDecision)
class ApprovalDecisionAdmin(ReadOnlyAdmin):
    list_display = (
        related_link("approval", "solicitação"),
        related_link("approver", "aprovador"),
        "decision",
        "created_at",
    )
    list_filter = ("decision",)
    list_select_related = ("approval", "approver")


@admin.register(Notification)
class NotificationAdmin(PlatformAdmin):
    list_display = ("title", related_link("user", "usuário"), "type", "read", "created_at")
    list_filter = ("read", selected_object_filter("user"))
    list_select_related = ("user",)
    autocomplete_fields = ("user",)
    date_hierarchy = "created_at"
