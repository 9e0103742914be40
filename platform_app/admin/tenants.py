"""Tenants and their users.

The tenant's page is its overview: company data (the form), then panels with the tenant's
status, users, latest leads and audit rows. Every change of state goes through a service,
from a page of its own (`adminkit.object_actions`). `billing.admin.tenants` extends this
admin with the subscription, the usage against the plan, agents and SubNúcleos (the plan
limits are billing's, and platform_app never imports billing).
"""

from typing import Any

from django import forms
from django.contrib import admin

from adminkit.choices import OpenChoicesModelForm
from adminkit.filters import indexed_values_filter, selected_object_filter
from adminkit.links import change_url, changelist_url, related_link
from adminkit.object_actions import ObjectAction, ObjectActionsAdmin
from adminkit.options import PlatformAdmin
from adminkit.search import IndexedSearch
from adminkit.widgets import KeyValueField
from core.brazil import format_cnpj
from core.exceptions import NotFound
from core.privacy import mask_instance
from fibonacci.models import Trace
from nigredo.models import Agendamento, Campanha, Lead
from nigredo.selectors import tenant_latest_leads
from platform_app.actors import Actor
from platform_app.admin.gated_actions import GatedActionsMixin, TenantSuspensionForm
from platform_app.models import (
    AgentActivation,
    ApprovalRequest,
    AuditLog,
    Notification,
    PlatformUser,
    Tenant,
)
from platform_app.services import (
    tenant_create,
    tenant_reactivate,
    tenant_update,
    user_role_change,
    user_suspend,
)
from platform_app.services.tenants import EDITABLE as TENANT_FIELDS
from staff.services import actor_for_staff

LATEST_ROWS = 10


class TenantForm(OpenChoicesModelForm):
    """The company data; the CNPJ is validated (the model's validator) and stored formatted."""

    settings = KeyValueField(label="Configurações")

    class Meta:
        model = Tenant
        fields = TENANT_FIELDS

    def clean_cnpj(self) -> str | None:
        cnpj = self.cleaned_data.get("cnpj")
        return format_cnpj(cnpj) if cnpj else None


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="Novo papel", choices=PlatformUser.Role.choices)

    def __init__(self, tenant: Tenant, *, user_id: Any, data: Any = None) -> None:
        super().__init__(data=data)
        user = tenant_user(tenant, user_id)
        self.fields["role"].initial = user.user_role
        self.fields["role"].help_text = f"Papel atual: {user.get_user_role_display()}."


def tenant_user(tenant: Tenant, user_id: Any) -> PlatformUser:
    """A user of this tenant (the URL names both)."""
    user = PlatformUser.objects.filter(pk=user_id, tenant=tenant).first()
    if user is None:
        raise NotFound("user_not_found", "Usuário não encontrado neste tenant.")
    return user


def describe_user(tenant: Tenant, *, user_id: Any) -> list[tuple[str, Any]]:
    user = tenant_user(tenant, user_id)
    return [
        ("Tenant", tenant),
        ("Usuário", f"{user.full_name} <{user.email}>"),
        ("Papel", user.get_user_role_display()),
        ("Situação", user.get_status_display()),
    ]


def run_tenant_reactivate(actor: Actor, tenant: Tenant, data: dict[str, Any]) -> str:
    tenant_reactivate(acting_user=actor, tenant_id=tenant.pk)
    return f"Tenant {tenant} reativado."


def run_user_suspend(actor: Actor, tenant: Tenant, data: dict[str, Any], *, user_id: Any) -> str:
    user = user_suspend(acting_user=actor, user_id=tenant_user(tenant, user_id).pk)
    return f"Usuário {user.full_name} suspenso."


def run_user_role(actor: Actor, tenant: Tenant, data: dict[str, Any], *, user_id: Any) -> str:
    user = user_role_change(
        acting_user=actor, user_id=tenant_user(tenant, user_id).pk, role=data["role"]
    )
    return f"{user.full_name} agora é {user.get_user_role_display()}."


@admin.register(Tenant)
class TenantAdmin(GatedActionsMixin, ObjectActionsAdmin):
    # Suspension is approval-gated: the page asks for it (platform_app.admin.gated_actions).
    gated_action_forms = {ApprovalRequest.ActionType.TENANT_SUSPEND: TenantSuspensionForm}
    form = TenantForm
    list_display = (
        "company_name",
        "cnpj",
        "subscription_tier",
        "subscription_status",
        "created_at",
    )
    list_filter = ("subscription_status", "subscription_tier")
    indexed_search = IndexedSearch(
        uuid=("id",), cnpj=("cnpj",), contains=("company_name",), names=("empresa",)
    )
    date_hierarchy = "created_at"
    fields = (
        "company_name",
        "cnpj",
        "subscription_tier",
        "subscription_status",
        "settings",
        "created_at",
        "updated_at",
    )
    readonly_fields = ("subscription_status",)
    change_form_template = "admin/platform_app/tenant/change_form.html"

    def save_model(self, request, obj, form, change):
        """Through `tenant_create` / `tenant_update`, as the API saves, so the change is
        audited (who, which fields) with it. The form's rules are the services' (the
        model's CNPJ validator, required name, its length), so a valid form saves."""
        actor = actor_for_staff(request.user)
        data = {field: form.cleaned_data[field] for field in TENANT_FIELDS}
        if not change:
            created = tenant_create(acting_user=actor, **data)
            obj.pk, obj._state.adding = created.pk, False
            return
        changed = {field: data[field] for field in form.changed_data if field in TENANT_FIELDS}
        if changed:
            tenant_update(acting_user=actor, tenant_id=obj.pk, **changed)

    def get_fields(self, request, obj=None):
        """A new tenant starts active (the column's default); its dates are the database's."""
        if obj is None:
            return TENANT_FIELDS
        return super().get_fields(request, obj)

    def get_object_actions(self) -> list[ObjectAction]:
        return [
            ObjectAction(
                name="reactivate",
                route="reactivate/",
                title="Reativar o tenant {obj}",
                run=run_tenant_reactivate,
                describe=lambda tenant: [
                    ("Tenant", tenant),
                    ("Situação", tenant.get_subscription_status_display()),
                    ("Efeito", "os usuários do tenant voltam a ter acesso à plataforma."),
                ],
                button="Reativar tenant",
            ),
            ObjectAction(
                name="user_suspend",
                route="users/<uuid:user_id>/suspend/",
                title="Suspender usuário",
                run=run_user_suspend,
                describe=lambda tenant, user_id: [
                    *describe_user(tenant, user_id=user_id),
                    ("Efeito", "o usuário perde o acesso e libera um lugar do plano."),
                ],
                button="Suspender usuário",
                destructive=True,
            ),
            ObjectAction(
                name="user_role",
                route="users/<uuid:user_id>/role/",
                title="Alterar o papel do usuário",
                run=run_user_role,
                form=RoleForm,
                describe=describe_user,
                button="Alterar papel",
            ),
        ]

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

    def change_view(self, request, object_id, form_url="", extra_context=None):
        tenant = self.get_object(request, object_id)
        if tenant is not None:
            can_act = self.has_change_permission(request, tenant)
            extra_context = {
                **(extra_context or {}),
                "overview_panels": self.overview_panels(request, tenant, can_act),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def overview_panels(self, request, tenant: Tenant, can_act: bool) -> list[dict[str, Any]]:
        """The panels of the tenant's page, in order: a template and what it shows."""
        return [
            self.status_panel(tenant, can_act),
            self.users_panel(tenant, can_act),
            self.leads_panel(tenant),
            self.audit_panel(tenant),
        ]

    def status_panel(self, tenant: Tenant, can_act: bool) -> dict[str, Any]:
        suspended = tenant.subscription_status == Tenant.Status.SUSPENDED
        return {
            "template": "admin/tenant_overview/status.html",
            "tenant": tenant,
            "reactivate_url": self.object_action_url("reactivate", tenant)
            if can_act and suspended
            else None,
            "suspended": suspended,
        }

    def users_panel(self, tenant: Tenant, can_act: bool) -> dict[str, Any]:
        # Shown, never saved: masked for a viewer outside the platform users' audience.
        users = [mask_instance(user) for user in tenant.users.order_by("full_name")]
        return {
            "template": "admin/tenant_overview/users.html",
            "rows": [
                {"user": user, "url": change_url(user), "actions": self.user_actions(tenant, user)}
                for user in users
            ],
            "add_url": None,
            "all_url": changelist_url(PlatformUser, tenant=tenant.pk),
            "can_act": can_act,
        }

    def user_actions(self, tenant: Tenant, user: PlatformUser) -> list[tuple[str, str, bool]]:
        """(label, url, destructive) of the links offered on a user's line."""
        actions = [
            ("Alterar papel", self.object_action_url("user_role", tenant, user_id=user.pk), False)
        ]
        if user.status != PlatformUser.Status.SUSPENDED:
            actions.append(
                ("Suspender", self.object_action_url("user_suspend", tenant, user_id=user.pk), True)
            )
        return actions

    def leads_panel(self, tenant: Tenant) -> dict[str, Any]:
        leads = tenant_latest_leads(tenant_id=tenant.pk, limit=LATEST_ROWS)
        return {
            "template": "admin/tenant_overview/leads.html",
            "rows": [(mask_instance(lead), change_url(lead)) for lead in leads],
            "all_url": changelist_url(Lead, tenant=tenant.pk),
        }

    def audit_panel(self, tenant: Tenant) -> dict[str, Any]:
        logs = (
            AuditLog.objects.filter(tenant_id=tenant.pk)
            .select_related("user", "agent")
            .order_by("-created_at")[:LATEST_ROWS]
        )
        for log in logs:
            if log.user is not None:
                mask_instance(log.user)
        return {
            "template": "admin/tenant_overview/audit.html",
            "rows": [(log, change_url(log)) for log in logs],
            "all_url": changelist_url(AuditLog, tenant=tenant.pk),
        }


@admin.register(PlatformUser)
class PlatformUserAdmin(PlatformAdmin):
    """Users are added, suspended, reactivated and given roles from their tenant's page
    (services that count the plan's seats); here their own data is edited."""

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
    indexed_search = IndexedSearch(
        uuid=("id", "tenant_id"),
        email=("email",),
        contains=("full_name", "tenant__company_name"),
        names=("nome", "empresa"),
    )
    date_hierarchy = "created_at"
    readonly_fields = ("tenant", "user_role", "status")

    def has_add_permission(self, request):
        """A new user takes a seat of the plan: added from the tenant's page."""
        return False

    def get_related_records(self, user):
        by_user = {"user": user.pk}
        return [
            ("Logs de auditoria", AuditLog, user.audit_logs.all(), by_user),
            ("Notificações", Notification, user.notifications.all(), by_user),
        ]
