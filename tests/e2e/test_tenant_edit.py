"""A tenant manager corrects a tenant's company name; the tenant's page then shows the
change in its audit panel, with who made it, as an API change would be recorded."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

TENANT = "Restaurante Sabor da Serra Ltda"  # demo tenant no other journey uses
RENAMED = "Restaurante Sabor da Serra Ltda ME"


def test_a_tenant_managers_edit_is_audited_on_the_tenants_page(journey, backoffice):
    page = journey.as_staff("gestor")
    page.get_by_role("link", name="Tenants", exact=True).first.click()
    page.locator("#searchbar").fill("Sabor da Serra")
    page.locator("#searchbar").press("Enter")
    page.get_by_role("link", name=TENANT).click()
    audit = page.locator("#panel-audit")
    expect(audit).not_to_contain_text("dados do tenant alterados")

    page.locator("#id_company_name").fill(RENAMED)
    journey.shot(page, "nome-corrigido")
    page.locator("input[name=_continue]").click()

    expect(page.locator(".messagelist")).to_contain_text(RENAMED)
    expect(page.locator("#id_company_name")).to_have_value(RENAMED)
    latest = audit.locator("tbody tr").first
    expect(latest).to_contain_text("dados do tenant alterados")
    expect(latest).to_contain_text("sucesso")
    expect(latest).not_to_contain_text("sistema")
    journey.shot(page, "auditado", focus=audit)
    assert backoffice.query(
        "SELECT context->'fields' FROM alquimista_platform.audit_logs"
        " WHERE action_type = 'tenant.updated' AND tenant_id ="
        " (SELECT id FROM alquimista_platform.tenants WHERE company_name = %s)",
        RENAMED,
    ) == [(["company_name"],)]
