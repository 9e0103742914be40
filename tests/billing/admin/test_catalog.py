from decimal import Decimal

import pytest
from django.urls import reverse

from billing.models import Subnucleo, SubscriptionPlan
from platform_app.models import Agent
from staff.roles import TENANT_MANAGERS
from tests.factories import StaffUserFactory, SubscriptionPlanFactory

pytestmark = pytest.mark.django_db


def url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


@pytest.fixture
def manager(client):
    client.force_login(StaffUserFactory(groups=[TENANT_MANAGERS]))
    return client


def plan_form(**values):
    form = {
        "name": "basico",
        "display_name": "Básico",
        "description": "",
        "price_monthly": "99.90",
        "price_yearly": "999.00",
        "max_subnucleos": "1",
        "max_agents": "4",
        "max_users": "2",
        "features": "1 SubNúcleo\n\n  Até 4 agentes  \n",
        "is_active": "on",
        "sort_order": "5",
    }
    return {**form, **values}


def test_a_new_plan_takes_its_prices_and_one_feature_per_line(manager):
    response = manager.post(url(SubscriptionPlan, "add"), plan_form())

    assert response.status_code == 302
    plan = SubscriptionPlan.objects.get(name="basico")
    assert (plan.price_monthly, plan.price_yearly) == (Decimal("99.90"), Decimal("999.00"))
    assert plan.features == ["1 SubNúcleo", "Até 4 agentes"]


def test_an_existing_plans_prices_are_read_only_and_the_rest_editable(manager):
    plan = SubscriptionPlanFactory(features=["Um", "Dois"])

    page = manager.get(url(SubscriptionPlan, "change", plan.pk))
    saved = manager.post(
        url(SubscriptionPlan, "change", plan.pk),
        plan_form(name=plan.name, price_monthly="1.00", max_agents="9", features="Três"),
    )

    assert "mudam somente por solicitação de aprovação" in page.text
    assert 'name="price_monthly"' not in page.text
    assert "Um\nDois</textarea>" in page.text
    assert saved.status_code == 302
    plan.refresh_from_db()
    assert (plan.price_monthly, plan.max_agents, plan.features) == (
        Decimal("297.00"),
        9,
        ["Três"],
    )


def test_a_negative_price_or_limit_is_refused(manager):
    response = manager.post(
        url(SubscriptionPlan, "add"), plan_form(price_monthly="-1", max_users="-2")
    )

    assert response.status_code == 200
    assert not SubscriptionPlan.objects.filter(name="basico").exists()


def test_a_plan_in_use_cannot_be_deleted_and_the_page_says_by_whom(manager, demo_data):
    plan = SubscriptionPlan.objects.get(name="starter")

    refused = manager.get(url(SubscriptionPlan, "delete", plan.pk), follow=True)
    posted = manager.post(url(SubscriptionPlan, "delete", plan.pk), {"post": "yes"}, follow=True)

    message = (
        "O plano Starter não pode ser excluído: é o plano de Recupera Crédito Cobranças Ltda e "
        "Restaurante Sabor da Serra Ltda. Desative-o (desmarque “ativo”) para tirá-lo de venda."
    )
    assert [str(m) for m in refused.context["messages"]] == [message]
    assert [str(m) for m in posted.context["messages"]] == [message]
    assert SubscriptionPlan.objects.filter(pk=plan.pk).exists()


def test_an_unused_plan_is_deleted_after_confirmation(manager):
    plan = SubscriptionPlanFactory(display_name="Sem uso")

    confirm = manager.get(url(SubscriptionPlan, "delete", plan.pk))
    done = manager.post(url(SubscriptionPlan, "delete", plan.pk), {"post": "yes"}, follow=True)

    assert confirm.status_code == 200
    assert "“Sem uso” foi excluído." in [str(m) for m in done.context["messages"]]
    assert not SubscriptionPlan.objects.filter(pk=plan.pk).exists()


def test_a_subnucleo_in_use_cannot_be_deleted(manager, demo_data):
    subnucleo = Subnucleo.objects.get(name="organizacoes-juridico")

    refused = manager.post(url(Subnucleo, "delete", subnucleo.pk), {"post": "yes"}, follow=True)

    [message] = [str(m) for m in refused.context["messages"]]
    assert message.startswith("O SubNúcleo Organizações e Jurídico não pode ser excluído: é ou foi")
    assert "Grupo Horizonte Facilities e Serviços S.A." in message
    assert Subnucleo.objects.filter(pk=subnucleo.pk).exists()


def test_the_subnucleo_page_lists_its_agents_in_order(manager, demo_data):
    subnucleo = Subnucleo.objects.get(name="vendas-sdr")

    page = manager.get(url(Subnucleo, "change", subnucleo.pk))

    links = [form.original for form in page.context["inline_admin_formsets"][0] if form.original]
    orders = [link.sort_order for link in links]
    assert orders == sorted(orders) and len(orders) == 9
    assert links[-1].is_required is False


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("config", "[1, 2]", "Linha 1: escreva “chave: valor”."),
        ("pricing", '{"a": NaN}', "Informe linhas “chave: valor” ou um objeto JSON entre chaves."),
    ],
)
def test_agent_config_and_pricing_must_be_objects(manager, demo_data, field, value, message):
    agent = Agent.objects.get(name="qualificacao-leads")
    form = {
        "name": agent.name,
        "display_name": agent.display_name,
        "description": agent.description,
        "category": agent.category,
        "version": agent.version,
        "status": agent.status,
        "config": "",
        "pricing": "",
        "subnucleo_links-TOTAL_FORMS": "0",
        "subnucleo_links-INITIAL_FORMS": "0",
    }
    form[field] = value

    response = manager.post(url(Agent, "change", agent.pk), form)

    assert response.status_code == 200
    assert message in response.text
