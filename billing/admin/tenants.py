"""The tenant's page, completed with what billing owns: the subscription, the usage against
the plan's limits, agents and SubNúcleos, and the user changes that take a seat.

`platform_app.admin.tenants.TenantAdmin` is extended and registered again in its place, so
that platform_app never imports billing.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.formats import date_format

from adminkit.links import bounded_count, change_url, changelist_url
from adminkit.object_actions import ObjectAction
from adminkit.widgets import format_money
from billing.models import (
    LegacySubscription,
    PaymentEvent,
    Subnucleo,
    SubscriptionPlan,
    TenantAgent,
    TenantSubnucleo,
    TenantSubscription,
)
from billing.selectors import (
    SEATLESS_USER_STATUSES,
    Resource,
    TenantUsage,
    active_agent_ids,
    active_plans,
    available_subnucleos,
    count_noun,
    plan_in_force,
    subnucleo_links,
    subnucleo_release,
    tenant_subscription,
    tenant_usage,
)
from billing.services import (
    subscription_cancel,
    subscription_plan_change,
    subscription_reactivate,
    tenant_agent_activate,
    tenant_agent_deactivate,
    tenant_subnucleo_activate,
    tenant_subnucleo_deactivate,
    user_create,
    user_reactivate,
)
from core.exceptions import NotFound
from platform_app.actors import Actor
from platform_app.admin.tenants import TenantAdmin, describe_user, tenant_user
from platform_app.models import Agent, PlatformUser, Tenant


def money(value: Any) -> str:
    """R$ 6.970,00"""
    return format_money(value) if value is not None else "-"


def day(value: Any) -> str:
    """31/12/2025 (São Paulo)"""
    return date_format(timezone.localtime(value), "d/m/Y") if value else "-"


def plan_label(plan: SubscriptionPlan) -> str:
    return (
        f"{plan.display_name} — {money(plan.price_monthly)}/mês ou "
        f"{money(plan.price_yearly)}/ano — até {count_noun('subnucleos', plan.max_subnucleos)}, "
        f"{count_noun('agents', plan.max_agents)}, {count_noun('users', plan.max_users)}"
    )


def usage_line(tenant: Tenant, resource: Resource) -> str:
    return f"Uso atual: {tenant_usage(tenant_id=tenant.pk).of(resource)}."


# Forms of the action pages


class AgentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_name} ({obj.get_category_display()})"


class AgentsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class PlanChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return plan_label(obj)


class AgentActivateForm(forms.Form):
    agent = AgentChoiceField(label="Agente", queryset=Agent.objects.none())

    def __init__(self, tenant: Tenant, *, data: Any = None) -> None:
        super().__init__(data=data)
        self.fields["agent"] = AgentChoiceField(
            label="Agente",
            queryset=Agent.objects.filter(status=Agent.Status.ACTIVE)
            .exclude(pk__in=active_agent_ids(tenant.pk))
            .order_by("category", "display_name"),
            help_text=usage_line(tenant, "agents"),
        )


class SubnucleoActivateForm(forms.Form):
    optional_agents = AgentsField(
        label="Agentes opcionais",
        queryset=Agent.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Os obrigatórios são ativados sempre; marque os opcionais desejados.",
    )

    def __init__(self, tenant: Tenant, *, subnucleo_id: Any, data: Any = None) -> None:
        super().__init__(data=data)
        optional = [
            link.agent_id for link in subnucleo_links(subnucleo_id) if link.is_required is False
        ]
        if optional:
            self.fields["optional_agents"].queryset = Agent.objects.filter(  # type: ignore[attr-defined]
                pk__in=optional
            ).order_by("display_name")
        else:
            del self.fields["optional_agents"]


class PlanChangeForm(forms.Form):
    plan = PlanChoiceField(label="Plano", queryset=SubscriptionPlan.objects.none())
    billing_cycle = forms.ChoiceField(
        label="Ciclo de cobrança", choices=TenantSubscription.BillingCycle.choices
    )

    def __init__(self, tenant: Tenant, *, data: Any = None) -> None:
        super().__init__(data=data)
        current = tenant_subscription(tenant.pk)
        plans = active_plans()
        if current is not None:
            plans = plans | SubscriptionPlan.objects.filter(pk=current.plan_id)
            self.fields["plan"].initial = current.plan_id
            self.fields["billing_cycle"].initial = current.billing_cycle
        self.fields["plan"].queryset = plans.order_by(  # type: ignore[attr-defined]
            "sort_order", "price_monthly"
        )
        self.fields[
            "plan"
        ].help_text = "Um novo período começa agora e termina um mês ou um ano depois."


class UserAddForm(forms.Form):
    full_name = forms.CharField(label="Nome completo", max_length=255)
    email = forms.EmailField(label="E-mail", max_length=255)
    role = forms.ChoiceField(
        label="Papel", choices=PlatformUser.Role.choices, initial=PlatformUser.Role.VIEWER
    )

    def __init__(self, tenant: Tenant, *, data: Any = None) -> None:
        super().__init__(data=data)
        self.fields["role"].help_text = usage_line(tenant, "users")


# What each page says before the confirm button


def tenant_agent(tenant: Tenant, agent_id: Any) -> Agent:
    agent = Agent.objects.filter(pk=agent_id).first()
    if agent is None:
        raise NotFound("agent_not_found", "Agente não encontrado.")
    return agent


def tenant_subnucleo(subnucleo_id: Any) -> Subnucleo:
    subnucleo = Subnucleo.objects.filter(pk=subnucleo_id).first()
    if subnucleo is None:
        raise NotFound("subnucleo_not_found", "SubNúcleo não encontrado.")
    return subnucleo


def agent_names(agent_ids: list[Any]) -> str:
    names = Agent.objects.filter(pk__in=agent_ids).order_by("display_name")
    return ", ".join(agent.display_name for agent in names) or "nenhum"


def describe_agent_deactivation(tenant: Tenant, *, agent_id: Any) -> list[tuple[str, Any]]:
    agent = tenant_agent(tenant, agent_id)
    return [
        ("Tenant", tenant),
        ("Agente", agent.display_name),
        ("Efeito", "o agente deixa de atender o tenant e libera um lugar do plano."),
    ]


def describe_subnucleo_activation(tenant: Tenant, *, subnucleo_id: Any) -> list[tuple[str, Any]]:
    subnucleo = tenant_subnucleo(subnucleo_id)
    required = [
        link.agent_id for link in subnucleo_links(subnucleo.pk) if link.is_required is not False
    ]
    usage = tenant_usage(tenant_id=tenant.pk)
    return [
        ("Tenant", tenant),
        ("SubNúcleo", subnucleo.display_name),
        ("Agentes obrigatórios", agent_names(required)),
        ("Uso atual", f"{usage.subnucleos}; {usage.agents}"),
    ]


def describe_subnucleo_deactivation(tenant: Tenant, *, subnucleo_id: Any) -> list[tuple[str, Any]]:
    subnucleo = tenant_subnucleo(subnucleo_id)
    release = subnucleo_release(tenant_id=tenant.pk, subnucleo_id=subnucleo.pk)
    return [
        ("Tenant", tenant),
        ("SubNúcleo", subnucleo.display_name),
        ("Agentes que serão desativados", agent_names(release.released)),
        ("Agentes mantidos (outro SubNúcleo ativo os oferece)", agent_names(release.kept)),
    ]


def describe_subscription(tenant: Tenant) -> list[tuple[str, Any]]:
    subscription = tenant_subscription(tenant.pk)
    if subscription is None:
        return [("Tenant", tenant), ("Assinatura", "nenhuma")]
    return [
        ("Tenant", tenant),
        ("Plano", subscription.plan.display_name),
        ("Ciclo", subscription.get_billing_cycle_display()),
        ("Situação", subscription.get_status_display()),
        ("Fim do período atual", day(subscription.current_period_end)),
    ]


def describe_cancellation(tenant: Tenant) -> list[tuple[str, Any]]:
    return [
        *describe_subscription(tenant),
        ("Efeito", "a assinatura segue até o fim do período atual e então é cancelada."),
    ]


def describe_user_reactivation(tenant: Tenant, *, user_id: Any) -> list[tuple[str, Any]]:
    return [
        *describe_user(tenant, user_id=user_id),
        ("Lugares do plano", str(tenant_usage(tenant_id=tenant.pk).users)),
    ]


# What each page does


def run_agent_activate(actor: Actor, tenant: Tenant, data: dict[str, Any]) -> str:
    agent = data["agent"]
    tenant_agent_activate(acting_user=actor, tenant_id=tenant.pk, agent_id=agent.pk)
    return f"Agente {agent.display_name} ativado. {usage_line(tenant, 'agents')}"


def run_agent_deactivate(
    actor: Actor, tenant: Tenant, data: dict[str, Any], *, agent_id: Any
) -> str:
    tenant_agent_deactivate(acting_user=actor, tenant_id=tenant.pk, agent_id=agent_id)
    return f"Agente {tenant_agent(tenant, agent_id).display_name} desativado."


def run_subnucleo_activate(
    actor: Actor, tenant: Tenant, data: dict[str, Any], *, subnucleo_id: Any
) -> str:
    row = tenant_subnucleo_activate(
        acting_user=actor,
        tenant_id=tenant.pk,
        subnucleo_id=subnucleo_id,
        optional_agent_ids=[agent.pk for agent in data.get("optional_agents", [])],
    )
    return f"SubNúcleo {row.subnucleo.display_name} ativado. {usage_line(tenant, 'agents')}"


def run_subnucleo_deactivate(
    actor: Actor, tenant: Tenant, data: dict[str, Any], *, subnucleo_id: Any
) -> str:
    row = tenant_subnucleo_deactivate(
        acting_user=actor, tenant_id=tenant.pk, subnucleo_id=subnucleo_id
    )
    return f"SubNúcleo {row.subnucleo.display_name} desativado. {usage_line(tenant, 'agents')}"


def run_plan_change(actor: Actor, tenant: Tenant, data: dict[str, Any]) -> str:
    subscription = subscription_plan_change(
        acting_user=actor,
        tenant_id=tenant.pk,
        plan_id=data["plan"].pk,
        billing_cycle=data["billing_cycle"],
    )
    return (
        f"Assinatura no plano {subscription.plan.display_name}, ciclo "
        f"{subscription.get_billing_cycle_display()}, até {day(subscription.current_period_end)}."
    )


def run_subscription_cancel(actor: Actor, tenant: Tenant, data: dict[str, Any]) -> str:
    subscription = subscription_cancel(acting_user=actor, tenant_id=tenant.pk)
    return f"Cancelamento agendado para {day(subscription.current_period_end)}."


def run_subscription_reactivate(actor: Actor, tenant: Tenant, data: dict[str, Any]) -> str:
    subscription = subscription_reactivate(acting_user=actor, tenant_id=tenant.pk)
    return f"Assinatura reativada, até {day(subscription.current_period_end)}."


def run_user_add(actor: Actor, tenant: Tenant, data: dict[str, Any]) -> str:
    user = user_create(
        acting_user=actor,
        tenant_id=tenant.pk,
        email=data["email"],
        full_name=data["full_name"],
        role=data["role"],
    )
    return f"Usuário {user.full_name} adicionado. {usage_line(tenant, 'users')}"


def run_user_reactivate(actor: Actor, tenant: Tenant, data: dict[str, Any], *, user_id: Any) -> str:
    user = user_reactivate(acting_user=actor, user_id=tenant_user(tenant, user_id).pk)
    return f"Usuário {user.full_name} reativado. {usage_line(tenant, 'users')}"


class TenantOverviewAdmin(TenantAdmin):
    def get_object_actions(self) -> list[ObjectAction]:
        return [
            *super().get_object_actions(),
            ObjectAction(
                name="agent_activate",
                route="agents/activate/",
                title="Ativar agente",
                run=run_agent_activate,
                form=AgentActivateForm,
                describe=lambda tenant: [("Tenant", tenant)],
                button="Ativar agente",
            ),
            ObjectAction(
                name="agent_deactivate",
                route="agents/<uuid:agent_id>/deactivate/",
                title="Desativar agente",
                run=run_agent_deactivate,
                describe=describe_agent_deactivation,
                button="Desativar agente",
                destructive=True,
            ),
            ObjectAction(
                name="subnucleo_activate",
                route="subnucleos/<uuid:subnucleo_id>/activate/",
                title="Ativar SubNúcleo",
                run=run_subnucleo_activate,
                form=SubnucleoActivateForm,
                describe=describe_subnucleo_activation,
                button="Ativar SubNúcleo",
            ),
            ObjectAction(
                name="subnucleo_deactivate",
                route="subnucleos/<uuid:subnucleo_id>/deactivate/",
                title="Desativar SubNúcleo",
                run=run_subnucleo_deactivate,
                describe=describe_subnucleo_deactivation,
                button="Desativar SubNúcleo",
                destructive=True,
            ),
            ObjectAction(
                name="subscription_change",
                route="subscription/",
                title="Assinar ou trocar de plano",
                run=run_plan_change,
                form=PlanChangeForm,
                describe=describe_subscription,
                button="Salvar plano",
            ),
            ObjectAction(
                name="subscription_cancel",
                route="subscription/cancel/",
                title="Cancelar a assinatura ao fim do período",
                run=run_subscription_cancel,
                describe=describe_cancellation,
                button="Cancelar ao fim do período",
                destructive=True,
            ),
            ObjectAction(
                name="subscription_reactivate",
                route="subscription/reactivate/",
                title="Reativar a assinatura",
                run=run_subscription_reactivate,
                describe=describe_subscription,
                button="Reativar assinatura",
            ),
            ObjectAction(
                name="user_add",
                route="users/add/",
                title="Adicionar usuário",
                run=run_user_add,
                form=UserAddForm,
                describe=lambda tenant: [("Tenant", tenant)],
                button="Adicionar usuário",
            ),
            ObjectAction(
                name="user_reactivate",
                route="users/<uuid:user_id>/reactivate/",
                title="Reativar usuário",
                run=run_user_reactivate,
                describe=describe_user_reactivation,
                button="Reativar usuário",
            ),
        ]

    def overview_panels(self, request, tenant: Tenant, can_act: bool) -> list[dict[str, Any]]:
        status, users, *rest = super().overview_panels(request, tenant, can_act)
        subscription = tenant_subscription(tenant.pk)
        in_force = plan_in_force(subscription)
        # A cancelled subscription's plan is shown (as the summary view shows it), marked
        # as not in force: the services then refuse every activation.
        shown_plan = in_force or (subscription.plan if subscription is not None else None)
        usage = tenant_usage(tenant_id=tenant.pk, plan=shown_plan)
        if can_act:
            users["add_url"] = self.object_action_url("user_add", tenant)
        users["seats"] = str(usage.users)
        return [
            status,
            self.subscription_panel(tenant, subscription, can_act),
            self.usage_panel(usage, in_force=in_force is not None),
            self.subnucleos_panel(tenant, can_act),
            self.agents_panel(tenant, can_act),
            users,
            *rest,
        ]

    def subscription_panel(
        self, tenant: Tenant, subscription: TenantSubscription | None, can_act: bool
    ) -> dict[str, Any]:
        actions: list[tuple[str, str, bool]] = []
        if can_act:
            url = self.object_action_url
            label = "Assinar um plano" if subscription is None else "Trocar de plano ou ciclo"
            actions.append((label, url("subscription_change", tenant), False))
            if subscription is not None:
                cancelled = subscription.status == TenantSubscription.Status.CANCELLED
                if cancelled or subscription.cancel_at_period_end:
                    actions.append(("Reativar", url("subscription_reactivate", tenant), False))
                else:
                    actions.append(
                        ("Cancelar ao fim do período", url("subscription_cancel", tenant), True)
                    )
        payments = PaymentEvent.objects.filter(tenant_id=tenant.pk)
        legacy = LegacySubscription.objects.filter(tenant_id=tenant.pk)
        return {
            "template": "admin/tenant_overview/subscription.html",
            "subscription": subscription,
            "url": change_url(subscription) if subscription else None,
            "amount": money(subscription.amount) if subscription else None,
            "period_end": day(subscription.current_period_end) if subscription else None,
            "cancelled_at": day(subscription.cancelled_at) if subscription else None,
            "actions": actions,
            "links": [
                (
                    "Eventos de pagamento",
                    changelist_url(PaymentEvent, tenant=tenant.pk),
                    bounded_count(payments),
                ),
                (
                    "Assinaturas legadas",
                    changelist_url(LegacySubscription, tenant=tenant.pk),
                    bounded_count(legacy),
                ),
            ],
        }

    def usage_panel(self, usage: TenantUsage, *, in_force: bool) -> dict[str, Any]:
        labels = {"users": "Usuários", "agents": "Agentes", "subnucleos": "SubNúcleos"}
        return {
            "template": "admin/tenant_overview/usage.html",
            "plan": usage.plan,
            "in_force": in_force,
            "rows": [
                {
                    "label": labels[item.resource],
                    "text": str(item),
                    "used": item.used,
                    "limit": None if item.unlimited else item.limit,
                    "over": item.exceeded,
                }
                for item in usage
            ],
        }

    def agents_panel(self, tenant: Tenant, can_act: bool) -> dict[str, Any]:
        rows = (
            TenantAgent.objects.filter(tenant_id=tenant.pk, is_active=True)
            .select_related("agent", "subnucleo")
            .order_by("agent__display_name")
        )
        return {
            "template": "admin/tenant_overview/agents.html",
            "rows": [
                {
                    "row": row,
                    "url": change_url(row.agent),
                    "activated_at": day(row.activated_at),
                    "deactivate_url": self.object_action_url(
                        "agent_deactivate", tenant, agent_id=row.agent_id
                    )
                    if can_act
                    else None,
                }
                for row in rows
            ],
            "activate_url": self.object_action_url("agent_activate", tenant) if can_act else None,
        }

    def subnucleos_panel(self, tenant: Tenant, can_act: bool) -> dict[str, Any]:
        own = {row.subnucleo_id: row for row in TenantSubnucleo.objects.filter(tenant_id=tenant.pk)}
        catalogue = available_subnucleos() | Subnucleo.objects.filter(pk__in=own)
        rows = []
        for subnucleo in catalogue.order_by("sort_order", "display_name"):
            row = own.get(subnucleo.pk)
            active = row is not None and row.is_active is True
            action = None
            if can_act and active:
                action = (
                    "Desativar",
                    self.object_action_url(
                        "subnucleo_deactivate", tenant, subnucleo_id=subnucleo.pk
                    ),
                    True,
                )
            elif can_act and subnucleo.is_active:
                action = (
                    "Ativar",
                    self.object_action_url("subnucleo_activate", tenant, subnucleo_id=subnucleo.pk),
                    False,
                )
            rows.append(
                {
                    "subnucleo": subnucleo,
                    "url": change_url(subnucleo),
                    "active": active,
                    "since": day(row.activated_at) if active and row else None,
                    "until": day(row.deactivated_at) if row and not active else None,
                    "action": action,
                }
            )
        return {"template": "admin/tenant_overview/subnucleos.html", "rows": rows}

    def user_actions(self, tenant: Tenant, user: PlatformUser) -> list[tuple[str, str, bool]]:
        actions = super().user_actions(tenant, user)
        if user.status in SEATLESS_USER_STATUSES:
            url = self.object_action_url("user_reactivate", tenant, user_id=user.pk)
            actions.append(("Reativar", url, False))
        return actions


admin.site.unregister(Tenant)
admin.site.register(Tenant, TenantOverviewAdmin)
