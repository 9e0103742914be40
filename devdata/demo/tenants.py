"""Tenants, their users, their subscription with its payment history, the SubNúcleos and
agents they contracted, their campaigns and their users' permissions."""

import random
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

from billing.models import PaymentEvent, TenantAgent, TenantSubnucleo, TenantSubscription
from core.brazil import random_cnpj, random_mobile
from devdata.demo.ids import demo_id
from devdata.demo.specs import TenantSpec, UserSpec
from devdata.demo.writer import DemoUser, DemoWriter
from devdata.vocabulary import CLOSING, FOLLOW_UPS, ascii_slug
from nigredo.models import Campanha
from platform_app.models import AgentActivation, Permission, PlatformUser, Tenant

SubscriptionStatus = TenantSubscription.Status
Role = PlatformUser.Role


def write_tenant(w: DemoWriter, spec: TenantSpec) -> None:
    """The tenant and its users. A suspended tenant is written active: the demo suspends it
    afterwards through the service (see `services.py`), which leaves its audit row."""
    created = w.ago(days=spec.age_days)
    values: dict[str, Any] = {
        "company_name": spec.company_name,
        "cnpj": random_cnpj(random.Random(f"cnpj:{spec.slug}")),
        "subscription_tier": spec.tier,
        "settings": {
            "fuso_horario": "America/Sao_Paulo",
            "idioma": "pt-BR",
            "whatsapp_remetente": random_mobile(random.Random(f"whatsapp:{spec.slug}")),
            "webhook_leads": f"https://hooks.{spec.domain}/alquimista/leads",
            "horario_comercial": {"inicio": "08:00", "fim": "18:00"},
        },
        "created_at": created,
    }
    if spec.status != Tenant.Status.SUSPENDED:
        values["subscription_status"] = spec.status
    w.put(Tenant, w.tenant_id(spec), **values)
    w.users[spec.slug] = [
        write_user(w, spec, index, user, created) for index, user in enumerate(spec.users)
    ]


def write_user(
    w: DemoWriter, spec: TenantSpec, index: int, user: UserSpec, tenant_created: datetime
) -> DemoUser:
    """One user of a tenant."""
    first, *_, last = user.name.split()
    row = DemoUser(
        id=demo_id("user", spec.slug, user.key if user.key is not None else index),
        tenant=spec.slug,
        full_name=user.name,
        role=user.role,
        email=f"{ascii_slug(first)}.{ascii_slug(last)}@{spec.domain}",
        spec=user,
    )
    w.put(
        PlatformUser,
        row.id,
        tenant_id=w.tenant_id(spec),
        email=row.email,
        full_name=user.name,
        cognito_user_id=str(demo_id("cognito", row.id)) if user.signed_up else None,
        user_role=user.role,
        status=user.status,
        last_login_at=w.ago(hours=w.rng.uniform(1, 24 * 6)) if user.signed_up else None,
        created_at=tenant_created + timedelta(hours=2 + 20 * index),
    )
    return row


def period(w: DemoWriter, spec: TenantSpec) -> tuple[datetime, datetime]:
    """Start and end of the tenant's current billing period."""
    start = w.ago(days=spec.period_start_days_ago)
    if spec.subscription_status == SubscriptionStatus.TRIALING:
        return start, start + timedelta(days=14)
    cycle = TenantSubscription.BillingCycle
    return start, start + timedelta(days=30 if spec.cycle == cycle.MONTHLY else 365)


def provider_ids(spec: TenantSpec) -> tuple[str, str]:
    """The payment provider's customer and subscription ids of a tenant."""
    return (
        f"cus_{demo_id('customer', spec.slug).hex[:14]}",
        f"sub_{demo_id('subscription', spec.slug).hex[:14]}",
    )


def amount(w: DemoWriter, spec: TenantSpec) -> Decimal:
    """What the tenant pays per billing cycle."""
    plan = w.plan(spec)
    monthly = spec.cycle == TenantSubscription.BillingCycle.MONTHLY
    return plan.price_monthly if monthly else plan.price_yearly


def write_subscription(w: DemoWriter, spec: TenantSpec) -> None:
    """The tenant's plan subscription and the payment events it produced."""
    start, end = period(w, spec)
    customer, subscription = provider_ids(spec) if spec.billed else (None, None)
    w.put(
        TenantSubscription,
        demo_id("tenant-subscription", spec.slug),
        tenant_id=w.tenant_id(spec),
        plan=w.plan(spec),
        billing_cycle=spec.cycle,
        status=spec.subscription_status,
        provider_customer_id=customer,
        provider_subscription_id=subscription,
        current_period_start=start,
        current_period_end=end,
        amount=amount(w, spec) if spec.billed else Decimal(0),
        created_at=w.signed_up(spec),
    )
    if not spec.billed:
        return
    for payment in payment_history(w, spec):
        w.put(
            PaymentEvent,
            demo_id("payment-event", spec.slug, payment.key),
            tenant_id=w.tenant_id(spec),
            event_type=payment.event_type,
            provider_customer_id=customer,
            provider_subscription_id=subscription,
            provider_session_id=f"cs_{demo_id('session', spec.slug).hex[:16]}"
            if payment.event_type == "checkout_completed"
            else None,
            amount=payment.amount,
            status=payment.status,
            metadata={
                "plano": spec.plan,
                "ciclo": spec.cycle,
                "fatura": f"in_{demo_id('invoice', spec.slug, payment.key).hex[:14]}",
            },
            created_at=payment.when,
        )


class Payment(NamedTuple):
    key: str
    event_type: str  # production's Stripe webhook vocabulary (event type, status)
    status: str
    when: datetime
    amount: Decimal | None


def payment_history(w: DemoWriter, spec: TenantSpec) -> list[Payment]:
    """The payment provider's webhooks for a tenant, in production's vocabulary."""
    start, end = period(w, spec)
    signed_up = w.signed_up(spec)
    if spec.subscription_status == SubscriptionStatus.TRIALING:
        return [
            Payment("checkout", "checkout_completed", "completed", signed_up, Decimal(0)),
            Payment("created", "subscription_created", "trialing", start, Decimal(0)),
        ]
    events = [
        Payment("checkout", "checkout_completed", "completed", signed_up, None),
        Payment("created", "subscription_created", "active", signed_up, None),
    ]
    cycle = TenantSubscription.BillingCycle
    step = 30 if spec.cycle == cycle.MONTHLY else 365
    renewals = sorted(w for w in (start - timedelta(days=step * k) for k in range(4)))
    for k, when in enumerate(when for when in renewals if when >= signed_up):
        events.append(
            Payment(f"invoice-{k}", "payment_succeeded", "succeeded", when, amount(w, spec))
        )
    if spec.subscription_status == SubscriptionStatus.PAST_DUE:
        for k, delay in enumerate((0, 3)):
            when = end + timedelta(days=delay, hours=2)
            events.append(Payment(f"failed-{k}", "payment_failed", "failed", when, amount(w, spec)))
    if spec.subscription_status == SubscriptionStatus.CANCELLED:
        events.append(Payment("deleted", "subscription_deleted", "cancelled", w.ago(days=20), None))
    return events


class Contracted(NamedTuple):
    agent: str
    subnucleo: str
    active: bool


def write_catalogue(w: DemoWriter, spec: TenantSpec) -> None:
    """The tenant's SubNúcleos, agents and agent activations, within its plan's limits."""
    start = w.signed_up(spec)
    dropped_at = w.ago(days=20)
    for subnucleo in spec.subnucleos + spec.dropped_subnucleos:
        active = subnucleo in spec.subnucleos
        w.put(
            TenantSubnucleo,
            demo_id("tenant-subnucleo", spec.slug, subnucleo),
            tenant_id=w.tenant_id(spec),
            subnucleo=w.ref.subnucleos[subnucleo],
            is_active=active,
            activated_at=start,
            deactivated_at=None if active else dropped_at,
            created_at=start,
        )
    agents = contracted_agents(w, spec)
    w.tenant_agents[spec.slug] = [agent.agent for agent in agents if agent.active]
    for index, agent in enumerate(agents):
        write_tenant_agent(w, spec, index, agent)


def contracted_agents(w: DemoWriter, spec: TenantSpec) -> list[Contracted]:
    """Each agent the tenant has, with its SubNúcleo, up to the plan's limit."""
    seen: dict[str, Contracted] = {}
    for subnucleo in spec.subnucleos + spec.dropped_subnucleos:
        for name in w.ref.subnucleo_agents[subnucleo]:
            active = subnucleo in spec.subnucleos and name not in spec.retired_agents
            seen.setdefault(name, Contracted(name, subnucleo, active))
    return list(seen.values())[: w.plan(spec).max_agents]


def write_tenant_agent(w: DemoWriter, spec: TenantSpec, index: int, agent: Contracted) -> None:
    """One agent of a tenant, in tenant_agents and in agent_activations."""
    activated = w.signed_up(spec) + timedelta(minutes=5 * index)
    deactivated = None if agent.active else w.ago(days=20)
    w.put(
        TenantAgent,
        demo_id("tenant-agent", spec.slug, agent.agent),
        tenant_id=w.tenant_id(spec),
        agent_id=w.agent_id(agent.agent),
        subnucleo=w.ref.subnucleos[agent.subnucleo],
        is_active=agent.active,
        activated_at=activated,
        deactivated_at=deactivated,
        created_at=activated,
    )
    executions = w.rng.randrange(40, 2400)
    status = AgentActivation.Status
    w.put(
        AgentActivation,
        demo_id("agent-activation", spec.slug, agent.agent),
        tenant_id=w.tenant_id(spec),
        agent_id=w.agent_id(agent.agent),
        status=status.ACTIVE if agent.active else status.INACTIVE,
        tenant_config={
            "canal_preferido": w.rng.choice(("whatsapp", "email")),
            "limite_diario": w.rng.choice((100, 200, 500)),
            "assinatura": spec.company_name,
        },
        usage_metrics={
            "executions": executions,
            "successRate": round(w.rng.uniform(0.9, 0.995), 3),
            "avgDuration": w.rng.randrange(600, 4800),
            "totalCost": round(executions * 0.05, 2),
        },
        activated_at=activated,
        deactivated_at=deactivated,
    )


def write_campanhas(w: DemoWriter, spec: TenantSpec) -> None:
    """The tenant's campaigns, from draft to finished."""
    w.campanhas[spec.slug] = []
    for index, campanha in enumerate(spec.campanhas):
        sent = campanha.status != Campanha.Status.RASCUNHO
        values: dict[str, Any] = {
            "tenant_id": w.tenant_id(spec),
            "nome": campanha.nome,
            "segmento": campanha.segmento,
            "canal": campanha.canal,
            "status": campanha.status,
            "mensagens": {
                "abertura": f"Olá, {{contato}}! Aqui é da {spec.company_name}. {campanha.nome}: "
                "posso te contar em dois minutos?",
                "follow_ups": list(FOLLOW_UPS),
                "encerramento": CLOSING,
            },
            "created_at": w.ago(days=spec.age_days * (0.9 - 0.4 * index)),
        }
        if sent:
            values["metricas"] = campanha_metricas(w)
        pk = w.put(Campanha, demo_id("campanha", spec.slug, index), **values)
        if sent:
            w.campanhas[spec.slug].append(pk)


def campanha_metricas(w: DemoWriter) -> dict[str, int]:
    """Funnel counts of a campaign that has been sent."""
    enviados = w.rng.randrange(120, 900)
    entregues = int(enviados * w.rng.uniform(0.9, 0.98))
    lidos = int(entregues * w.rng.uniform(0.55, 0.8))
    respondidos = int(lidos * w.rng.uniform(0.1, 0.3))
    interessados = int(respondidos * w.rng.uniform(0.2, 0.5))
    return {
        "enviados": enviados,
        "entregues": entregues,
        "lidos": lidos,
        "respondidos": respondidos,
        "interessados": interessados,
    }


def write_permissions(w: DemoWriter, spec: TenantSpec) -> None:
    """Grants to each user by role, and a tenant-wide export grant to its admins.

    The trial tenant's operator holds a grant until its trial ends; the export grant
    of the tenant behind on its payments has lapsed.
    """
    scope = {"tenant_id": str(w.tenant_id(spec))}
    trialing = spec.subscription_status == SubscriptionStatus.TRIALING
    for user in w.users[spec.slug]:
        resource_type, resource_id, action = role_grant(w, spec, user.role)
        temporary = user.role == Role.OPERATOR and trialing
        w.put(
            Permission,
            demo_id("permission", user.id),
            resource_type=resource_type,
            resource_id=resource_id,
            action=action,
            subject_type="user",
            subject_id=str(user.id),
            constraints=scope,
            granted_at=w.signed_up(spec) + timedelta(days=1),
            expires_at=period(w, spec)[1] if temporary else None,
        )
    lapsed = spec.subscription_status == SubscriptionStatus.PAST_DUE
    w.put(
        Permission,
        demo_id("permission", spec.slug, "exportacao"),
        resource_type="lead",
        resource_id=None,
        action="export",
        subject_type="role",
        subject_id=f"{spec.slug}:admin",
        constraints={**scope, "formatos": ["csv", "xlsx"]},
        granted_at=w.signed_up(spec),
        expires_at=w.ago(days=2) if lapsed else None,
    )


def role_grant(w: DemoWriter, spec: TenantSpec, role: str) -> tuple[str, Any, str]:
    """(resource type, resource id, action) a user of that role is granted."""
    match role:
        case Role.ADMIN:
            return "subscription", demo_id("tenant-subscription", spec.slug), "manage"
        case Role.MANAGER:
            return "approval_request", None, "approve"
        case Role.OPERATOR:
            return "agent", w.agent_id(w.tenant_agents[spec.slug][0]), "execute"
        case _:
            return "lead", None, "read"


def write_tenants(w: DemoWriter, specs: tuple[TenantSpec, ...]) -> None:
    """Every demo tenant with what hangs off it."""
    for spec in specs:
        write_tenant(w, spec)
        write_subscription(w, spec)
        write_catalogue(w, spec)
        write_campanhas(w, spec)
        write_permissions(w, spec)
