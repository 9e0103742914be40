"""Factories for the few rows a test needs (factory_boy, Faker in pt_BR)."""

import uuid

import factory
from django.contrib.auth.models import Group, User

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
            self.groups.set(Group.objects.filter(name__in=names))
        if create:
            self.save()
