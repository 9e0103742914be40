"""Support gets a trace id from a customer, finds its audit rows and opens the trace's
timeline: the audit rows, the event and the span of that moment, in order."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

TENANT = "Instituto Saber Digital Educação S.A."


def newest_lead_trace(backoffice) -> str:
    """The trace of the tenant's newest lead (the demo's web form lead: its intake span,
    event, and two audit rows), as the customer would read it to support."""
    [(trace_id,)] = backoffice.query(
        "SELECT a.trace_id FROM alquimista_platform.audit_logs a"
        " JOIN alquimista_platform.tenants t ON t.id = a.tenant_id"
        " WHERE t.company_name = %s AND a.action_type = 'lead.create'"
        " ORDER BY a.created_at DESC LIMIT 1",
        TENANT,
    )
    return str(trace_id)


def test_support_finds_an_audit_row_by_trace_id_and_opens_its_timeline(journey, backoffice):
    trace_id = newest_lead_trace(backoffice)
    page = journey.as_staff("suporte")
    expect(page.locator("#user-tools")).to_contain_text("Danilo")

    page.get_by_role("link", name="Registros de auditoria").first.click()
    page.locator("#searchbar").fill(trace_id)
    page.locator("#searchbar").press("Enter")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator("#changelist")).to_contain_text("2 registros de auditoria")
    for row in rows.all():
        # The list shows the id short, whole on hover (its title) and in its copy button.
        expect(row.locator(f'a[title="{trace_id}"]')).to_have_text(f"{trace_id[:8]}…")
        expect(row.get_by_role("button", name="Copiar o id")).to_have_attribute(
            "data-copy", trace_id
        )
        expect(row).to_contain_text(TENANT)
    expect(rows.nth(0)).to_contain_text("validação de consentimento")
    expect(rows.nth(1)).to_contain_text("lead criado")
    journey.shot(page, "busca-pelo-trace")

    rows.nth(1).locator("a").first.click()
    expect(page.locator("#content h1")).to_have_text("Visualizar registro de auditoria")
    expect(page.locator(".field-action_type")).to_contain_text("lead criado")
    expect(page.locator(".field-agent")).to_contain_text("Recebimento de Leads")
    journey.shot(page, "registro-de-auditoria")

    page.locator(".field-trace_id").get_by_role("link", name=trace_id).click()
    expect(page).to_have_url(f"{journey.base_url}/admin/suporte/trace/{trace_id}/")
    expect(page.locator("#content h1")).to_have_text(f"Linha do tempo do trace {trace_id}")
    expect(page.locator("#content")).to_contain_text(
        "4 linhas em auditoria, eventos, spans e interações"
    )
    spans = page.locator("table.helpdesk-spans tbody tr")
    expect(spans).to_have_count(1)
    expect(spans).to_contain_text("nigredo.lead.intake")
    timeline = page.locator(".helpdesk-timeline > table.helpdesk-table").nth(1).locator("tbody tr")
    expect(timeline).to_have_count(4)
    for origin, count in (("auditoria", 2), ("evento", 1), ("span", 1)):
        kind = page.locator(".helpdesk-kind", has_text=origin)
        expect(timeline.filter(has=kind)).to_have_count(count)
    expect(timeline.filter(has_text="validação de consentimento")).to_have_count(1)
    expect(timeline.filter(has_text="lead.created")).to_contain_text("nigredo.formulario")
    journey.shot(page, "linha-do-tempo")
