"""Factories for the few rows a test needs (factory_boy, Faker in pt_BR)."""

import uuid
from datetime import timedelta
from decimal import Decimal
from io import StringIO

import factory
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.utils import timezone

from billing.models import Subnucleo, SubnucleoAgent, SubscriptionPlan, TenantSubscription
from nigredo.models import Lead
from platform_app.models import Agent, PlatformUser, Tenant

factory.Faker._DEFAULT_LOCALE = "pt_BR"


class TenantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tenant

    id = factory.LazyFunction(uuid.uuid4)
    company_name = factory.Faker("company")
    cnpj = factory.Faker("cnpj")
    subscription_tier = Tenant.Tier.STARTER
    subscription_status = Tenant.Status.ACTIVE


class PlatformUserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlatformUser

    id = factory.LazyFunction(uuid.uuid4)
    tenant = factory.SubFactory(TenantFactory)
    email = factory.Sequence(lambda n: f"usuario{n}@exemplo.com.br")
    full_name = factory.Faker("name")
    user_role = PlatformUser.Role.OPERATOR
    status = PlatformUser.Status.ACTIVE


class AgentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agent

    id = factory.LazyFunction(uuid.uuid4)
    name = factory.Sequence(lambda n: f"agente-{n}")
    display_name = factory.Sequence(lambda n: f"Agente {n}")
    description = "Agente de teste."
    category = Agent.Category.VENDAS


class LeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lead

    id = factory.LazyFunction(uuid.uuid4)
    tenant = factory.SubFactory(TenantFactory)
    empresa = factory.Faker("company")
    contato = factory.Faker("name")
    email = factory.Sequence(lambda n: f"contato{n}@empresa.com.br")
    telefone = factory.Sequence(lambda n: f"+55119{n:08d}")


class StaffUserFactory(factory.django.DjangoModelFactory):
    """A staff account; `groups=["Suporte"]` puts it in role groups by name."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"equipe{n}")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "senha-de-teste-123")

    @factory.post_generation
    def groups(self, create, names, **kwargs):
        if create and names:
            groups = Group.objects.filter(name__in=names)
            if groups.count() < len(set(names)):
                # A transactional test's flush empties Django's tables, the groups among them.
                call_command("create_staff_groups", stdout=StringIO())
            self.groups.set(groups)
        if create:
            self.save()


class SubscriptionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubscriptionPlan

    id = factory.LazyFunction(uuid.uuid4)
    name = factory.Sequence(lambda n: f"plano-{n}")
    display_name = factory.Sequence(lambda n: f"Plano {n}")
    price_monthly = Decimal("297.00")
    price_yearly = Decimal("2970.00")
    max_subnucleos = 1
    max_agents = 3
    max_users = 2
    is_active = True


class SubnucleoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subnucleo

    id = factory.LazyFunction(uuid.uuid4)
    name = factory.Sequence(lambda n: f"subnucleo-{n}")
    display_name = factory.Sequence(lambda n: f"SubNúcleo {n}")
    description = "SubNúcleo de teste."
    category = "vendas"
    is_active = True


class SubnucleoAgentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubnucleoAgent

    id = factory.LazyFunction(uuid.uuid4)
    subnucleo = factory.SubFactory(SubnucleoFactory)
    agent = factory.SubFactory(AgentFactory)
    is_required = True
    sort_order = factory.Sequence(lambda n: n)


class TenantSubscriptionFactory(factory.django.DjangoModelFactory):
    """A tenant on a plan (monthly, active, a period that started today)."""

    class Meta:
        model = TenantSubscription

    id = factory.LazyFunction(uuid.uuid4)
    tenant = factory.SubFactory(TenantFactory)
    plan = factory.SubFactory(SubscriptionPlanFactory)
    billing_cycle = TenantSubscription.BillingCycle.MONTHLY
    status = TenantSubscription.Status.ACTIVE
    amount = factory.LazyAttribute(lambda o: o.plan.price_monthly)
    current_period_start = factory.LazyFunction(timezone.now)
    current_period_end = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
