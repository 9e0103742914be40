"""The agent catalogue, activations and permissions."""

from django.contrib import admin

from adminkit.choices import OpenChoicesModelForm
from adminkit.filters import indexed_values_filter, selected_object_filter
from adminkit.guards import GuardedTabularInline
from adminkit.links import related_link
from adminkit.options import PlatformAdmin, ReadOnlyAdmin
from adminkit.widgets import KeyValueField
from billing.models import SubnucleoAgent
from platform_app.models import (
    Agent,
    AgentActivation,
    AuditLog,
    Permission,
)


class AgentForm(OpenChoicesModelForm):
    """`config` and `pricing` are JSON objects the Lambdas read keys from: edited as
    `chave: valor` lines."""

    config = KeyValueField(label="Configuração")
    pricing = KeyValueField(label="Preços")

    class Meta:
        model = Agent
        fields = "__all__"


class AgentSubnucleoInline(GuardedTabularInline):
    model = SubnucleoAgent
    fields = ("subnucleo", "is_required", "sort_order")
    autocomplete_fields = ("subnucleo",)
    extra = 0


@admin.register(Agent)
class AgentAdmin(PlatformAdmin):
    form = AgentForm
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
class AgentActivationAdmin(ReadOnlyAdmin):
    """Written with tenant_agents by the services, from the tenant's page."""

    list_display = (
        "agent",
        related_link("tenant", "tenant"),
        "status",
        "activated_at",
        "deactivated_at",
    )
    list_filter = ("status", selected_object_filter("tenant"), selected_object_filter("agent"))
    list_select_related = ("tenant", "agent")
    date_hierarchy = "activated_at"


@admin.register(Permission)
class PermissionAdmin(PlatformAdmin):
    list_display = ("resource_type", "action", "subject_type", "subject_id", "granted_at")
    list_filter = (indexed_values_filter("resource_type"), indexed_values_filter("subject_type"))
    search_fields = ("=subject_id", "=resource_id")
