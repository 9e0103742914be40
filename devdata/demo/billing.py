"""Trials, the legacy per-agent subscription, commercial requests and a payment webhook
that matched no tenant."""

import random
from datetime import timedelta
from decimal import Decimal

from billing.models import CommercialRequest, LegacySubscription, PaymentEvent, Trial
from core.brazil import random_cnpj, random_mobile
from devdata.demo.ids import demo_id
from devdata.demo.specs import COMMERCIAL_REQUESTS, TRIALS, CommercialRequestSpec, TrialSpec
from devdata.demo.tenants import provider_ids
from devdata.demo.writer import DemoWriter
from devdata.vocabulary import ascii_slug

LEGACY_TENANT = "grupo-horizonte"


def write_trial(w: DemoWriter, trial: TrialSpec) -> None:
    """A user's trial of an agent or of a SubNúcleo."""
    started = w.ago(days=trial.started_days_ago)
    if trial.target_type == Trial.TargetType.AGENT:
        target = w.ref.agents[trial.target].id
    else:
        target = w.ref.subnucleos[trial.target].id
    w.put(
        Trial,
        demo_id("trial", trial.key),
        user_id=w.user(trial.tenant, trial.role).id,
        target_type=trial.target_type,
        target_id=target,
        started_at=started,
        expires_at=started + timedelta(days=trial.length_days),
        usage_count=trial.usage_count,
        max_usage=trial.max_usage,
        status=trial.status,
        created_at=started,
    )


def write_legacy_subscription(w: DemoWriter) -> None:
    """Grupo Horizonte's per-agent subscription, cancelled when it moved to a plan."""
    spec = w.spec(LEGACY_TENANT)
    start = w.ago(days=spec.age_days)
    w.put(
        LegacySubscription,
        demo_id("legacy-subscription", spec.slug),
        tenant_id=w.tenant_id(spec),
        provider_customer_id=provider_ids(spec)[0],
        provider_subscription_id=f"sub_{demo_id('legacy', spec.slug).hex[:14]}",
        status=LegacySubscription.Status.CANCELED,
        selected_agents=["recebimento-leads", "disparo-whatsapp", "agendamento-reunioes"],
        total_monthly=Decimal("447.00"),
        current_period_start=start,
        current_period_end=start + timedelta(days=30),
        cancel_at_period_end=True,
        created_at=start,
    )


def write_commercial_request(w: DemoWriter, request: CommercialRequestSpec) -> None:
    """A request for a commercial contact, from a prospect or from a customer upgrading."""
    first, *_, last = request.contact.split()
    domain = f"{ascii_slug(request.company)[:18]}.com.br"
    w.put(
        CommercialRequest,
        demo_id("commercial-request", request.key),
        tenant_id=w.tenant_id(w.spec(request.tenant)) if request.tenant else None,
        company_name=request.company,
        cnpj=random_cnpj(random.Random(f"cnpj:{request.key}")),
        contact_name=request.contact,
        email=f"{ascii_slug(first)}.{ascii_slug(last)}@{domain}",
        whatsapp=random_mobile(random.Random(f"whatsapp:{request.key}")),
        selected_agents=list(request.agents),
        selected_subnucleos=list(request.subnucleos),
        message=request.message,
        status=request.status,
        created_at=w.ago(days=request.days_ago),
    )


def write_billing_extras(w: DemoWriter) -> None:
    """Trials, the legacy subscription, commercial requests and an unmatched webhook."""
    for trial in TRIALS:
        write_trial(w, trial)
    write_legacy_subscription(w)
    for request in COMMERCIAL_REQUESTS:
        write_commercial_request(w, request)
    w.put(
        PaymentEvent,
        demo_id("payment-event", "cliente-desconhecido"),
        tenant_id=None,
        event_type="subscription_deleted",
        provider_customer_id="cus_9XkT2mQ4vB7nLp",
        provider_subscription_id="sub_3HsW8yR1cE6uJd",
        status="cancelled",
        metadata={"motivo": "cliente sem tenant correspondente"},
        created_at=w.ago(days=9, hours=3),
    )
