"""Forms instead of JSON boxes, money as staff read it, on real rows through the admin."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from adminkit.widgets import KeyValueField, LinesField, MoneyFormField, format_money
from billing.models import SubscriptionPlan
from platform_app.models import Agent, Tenant
from staff.roles import TENANT_MANAGERS
from tests.factories import (
    AgentFactory,
    StaffUserFactory,
    SubscriptionPlanFactory,
    TenantFactory,
    TenantSubscriptionFactory,
)

SETTINGS = {
    "idioma": "pt-BR",
    "horario_comercial": {"inicio": "08:00", "fim": "18:00"},
    "whatsapp_remetente": "+5547908886102",
    "ddd_padrao": "047",
    "cep": "89201000",
}
SETTINGS_LINES = (
    "idioma: pt-BR\n"
    "horario_comercial.inicio: 08:00\n"
    "horario_comercial.fim: 18:00\n"
    "whatsapp_remetente: +5547908886102\n"
    "ddd_padrao: 047\n"
    'cep: "89201000"'
)


def url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def test_an_object_is_shown_one_key_per_line_and_read_back_unchanged():
    field = KeyValueField()

    assert field.prepare_value(SETTINGS) == SETTINGS_LINES
    assert field.to_python(SETTINGS_LINES) == SETTINGS
    assert field.prepare_value(None) == ""
    assert field.to_python("  ") == {}


def test_numbers_lose_their_float_noise_and_keep_their_type():
    field = KeyValueField()
    pricing = {"preco_execucao_excedente": 0.060000000000000005, "preco": 47.0, "inclusas": 500}

    text = field.prepare_value(pricing)

    assert text == "preco_execucao_excedente: 0.06\npreco: 47.0\ninclusas: 500"
    assert field.to_python(text) == {
        "preco_execucao_excedente": 0.06,
        "preco": 47.0,
        "inclusas": 500,
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("idioma pt-BR", "Linha 1: escreva “chave: valor”."),
        ("a: 1\n\nb c: 2", "Linha 3: a chave “b c” deve ter só letras"),
        ("a: 1\na: 2", "Linha 2: a chave “a” aparece mais de uma vez."),
        ("a: 1\na.b: 2", "Linha 2: “a” já tem um valor; não pode ser um grupo."),
        ('{"a": 1e400}', "Informe linhas “chave: valor” ou um objeto JSON entre chaves."),
        ("[1, 2]", "Linha 1: escreva “chave: valor”."),
    ],
)
def test_a_malformed_line_is_refused_naming_it(text, message):
    with pytest.raises(Exception) as refused:
        KeyValueField().clean(text)

    assert message in str(refused.value)


def test_a_whole_json_object_is_accepted_too():
    assert KeyValueField().clean('{"a b": {"c": [1, "x"]}}') == {"a b": {"c": [1, "x"]}}


def test_a_list_is_one_item_per_line():
    field = LinesField()

    assert field.prepare_value(["Um", "Dois"]) == "Um\nDois"
    assert field.clean(" Um \n\n Dois\n") == ["Um", "Dois"]
    assert field.prepare_value(None) == ""


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("R$ 3.270,00", "3270.00"), ("3270,5", "3270.50"), ("297.005", "297.01"), ("0", "0.00")],
)
def test_money_is_typed_in_reais_and_kept_with_two_decimals(typed, stored):
    assert MoneyFormField().clean(typed) == Decimal(stored)


@pytest.mark.parametrize("typed", ["9" * 30, "1e400", "1e9", "-1"])
def test_money_beyond_the_column_or_negative_is_a_form_error(typed):
    with pytest.raises(ValidationError):
        MoneyFormField().clean(typed)


def test_money_is_written_in_reais():
    assert format_money(Decimal("297")) == "R$ 297,00"
    assert format_money(Decimal("6970.5")) == "R$ 6.970,50"


@pytest.fixture
def manager(client):
    client.force_login(StaffUserFactory(groups=[TENANT_MANAGERS]))
    return client


@pytest.mark.django_db
def test_tenant_settings_are_edited_as_lines_and_saved_as_an_object(manager):
    tenant = TenantFactory(settings=SETTINGS)

    page = manager.get(url(Tenant, "change", tenant.pk))
    saved = manager.post(
        url(Tenant, "change", tenant.pk),
        {
            "company_name": tenant.company_name,
            "cnpj": tenant.cnpj,
            "subscription_tier": tenant.subscription_tier,
            "settings": SETTINGS_LINES.replace("08:00", "09:00") + "\nlimite_diario: 200",
        },
    )

    box = re.search(r'<textarea name="settings"[^>]*>\n(.*?)</textarea>', page.text, re.S)
    assert sorted(box[1].splitlines()) == sorted(escape(SETTINGS_LINES).splitlines())
    assert saved.status_code == 302
    tenant.refresh_from_db()
    assert tenant.settings == {
        **SETTINGS,
        "horario_comercial": {"inicio": "09:00", "fim": "18:00"},
        "limite_diario": 200,
    }


@pytest.mark.django_db
def test_agent_pricing_shows_no_float_noise_and_a_bad_line_writes_nothing(manager):
    agent = AgentFactory(
        config={"canais": ["whatsapp", "sms"], "temperatura": 0.4},
        pricing={"moeda": "BRL", "preco_execucao_excedente": 0.060000000000000005},
    )
    form = {
        "name": agent.name,
        "display_name": agent.display_name,
        "description": agent.description,
        "category": agent.category,
        "version": "1.0.0",
        "status": "active",
        "config": 'canais: ["whatsapp"]\ntemperatura: 0.5',
        "pricing": "moeda: BRL\npreco_execucao_excedente 0.07",
        "subnucleo_links-TOTAL_FORMS": "0",
        "subnucleo_links-INITIAL_FORMS": "0",
    }

    page = manager.get(url(Agent, "change", agent.pk))
    refused = manager.post(url(Agent, "change", agent.pk), form)
    agent.refresh_from_db()
    unchanged = agent.config
    saved = manager.post(
        url(Agent, "change", agent.pk),
        {**form, "pricing": "moeda: BRL\npreco_execucao_excedente: 0.07"},
    )

    assert "preco_execucao_excedente: 0.06</textarea>" in page.text
    assert "0.060000000000000005" not in page.text
    assert "canais: [&quot;whatsapp&quot;, &quot;sms&quot;]\ntemperatura: 0.4" in page.text
    assert refused.status_code == 200
    assert "Linha 2: escreva “chave: valor”." in refused.text
    assert unchanged == {"canais": ["whatsapp", "sms"], "temperatura": 0.4}
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    agent.refresh_from_db()
    assert agent.config == {"canais": ["whatsapp"], "temperatura": 0.5}
    assert agent.pricing == {"moeda": "BRL", "preco_execucao_excedente": 0.07}


@pytest.mark.django_db
def test_money_reads_in_reais_on_lists_and_pages_and_is_stored_with_two_decimals(admin_client):
    plan = SubscriptionPlanFactory(display_name="Plano Teste", price_monthly=Decimal("297"))
    subscription = TenantSubscriptionFactory(plan=plan)

    plans = admin_client.get(url(SubscriptionPlan, "changelist"))
    plan_page = admin_client.get(url(SubscriptionPlan, "change", plan.pk))
    subscriptions = admin_client.get(url(type(subscription), "changelist"))
    added = admin_client.post(
        url(SubscriptionPlan, "add"),
        {
            "name": "novo",
            "display_name": "Novo",
            "description": "",
            "price_monthly": "R$ 1.234,567",
            "price_yearly": "12340",
            "max_subnucleos": "1",
            "max_agents": "4",
            "max_users": "2",
            "features": "",
            "is_active": "on",
            "sort_order": "5",
        },
    )

    for page in (plans, plan_page, subscriptions):
        assert "R$ 297,00" in page.text
        assert "297.00" not in page.text
    assert added.status_code == 302
    new = SubscriptionPlan.objects.get(name="novo")
    assert (new.price_monthly, new.price_yearly) == (Decimal("1234.57"), Decimal("12340.00"))


@pytest.mark.django_db
def test_an_empty_json_column_is_an_empty_box_not_null(admin_client):
    tenant = TenantFactory(settings=None)
    agent = AgentFactory(config=None)

    tenant_page = admin_client.get(url(Tenant, "change", tenant.pk))
    agent_page = admin_client.get(url(Agent, "change", agent.pk))

    for page in (tenant_page, agent_page):
        assert ">null</textarea>" not in page.text
        assert ">\n</textarea>" in page.text
