"""A tenant manager activates a SubNúcleo for a tenant, then is refused one more at the
limit of the tenant's plan."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

TENANT = "Instituto Saber Digital Educação S.A."  # demo tenant: Expert plan, 3 SubNúcleos


def test_a_tenant_manager_activates_a_subnucleo_and_is_refused_at_the_plan_limit(journey):
    page = journey.as_staff("gestor")
    expect(page.locator("#user-tools")).to_contain_text("Marina")

    page.get_by_role("link", name="Tenants", exact=True).first.click()
    page.locator("#searchbar").fill("Instituto Saber")
    page.locator("#searchbar").press("Enter")
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    journey.shot(page, "tenant-encontrado")

    page.get_by_role("link", name=TENANT).click()
    usage = page.locator("#panel-usage")
    subnucleos = page.locator("#panel-subnucleos")
    expect(usage.locator("tr", has_text="SubNúcleos")).to_contain_text("3 de 4 SubNúcleos")
    expect(usage.locator("tr", has_text="Agentes")).to_contain_text("17 de 24 agentes")
    expect(subnucleos.get_by_role("link", name="Desativar")).to_have_count(3)
    journey.shot(page, "uso-do-plano", focus=subnucleos)

    subnucleos.locator("tr", has_text="Saúde e Telemedicina").get_by_role("link").last.click()
    content = page.locator("#content")
    expect(content.locator("h1")).to_have_text("Ativar SubNúcleo")
    expect(content).to_contain_text("Saúde e Telemedicina")
    expect(content).to_contain_text("3 de 4 SubNúcleos; 17 de 24 agentes")
    journey.shot(page, "confirmar-ativacao")

    page.get_by_role("button", name="Ativar SubNúcleo").click()
    expect(page.locator(".messagelist")).to_have_text(
        "SubNúcleo Saúde e Telemedicina ativado. Uso atual: 21 de 24 agentes."
    )
    expect(subnucleos.locator("tr", has_text="Saúde e Telemedicina")).to_contain_text("ativo desde")
    expect(usage.locator("tr", has_text="SubNúcleos")).to_contain_text("4 de 4 SubNúcleos")
    expect(subnucleos.get_by_role("link", name="Desativar")).to_have_count(4)
    journey.shot(page, "subnucleo-ativado")

    subnucleos.locator("tr", has_text="Serviços em Campo").get_by_role("link").last.click()
    expect(content).to_contain_text("Serviços em Campo")
    expect(content).to_contain_text("4 de 4 SubNúcleos; 21 de 24 agentes")
    page.get_by_role("button", name="Ativar SubNúcleo").click()
    expect(page.locator(".messagelist")).to_have_text(
        "Limite do plano Expert atingido: 4 de 4 SubNúcleos em uso. "
        "Desative um SubNúcleo ou mude de plano."
    )
    journey.shot(page, "recusado-no-limite")

    page.get_by_role("link", name=TENANT).click()
    expect(subnucleos.locator("tr", has_text="Serviços em Campo")).to_contain_text("—")
    expect(usage.locator("tr", has_text="SubNúcleos")).to_contain_text("4 de 4 SubNúcleos")
    expect(subnucleos.get_by_role("link", name="Desativar")).to_have_count(4)
    journey.shot(page, "nada-mudou", focus=subnucleos)
