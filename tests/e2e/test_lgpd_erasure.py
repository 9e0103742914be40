"""An LGPD officer answers a data subject: the report of everything the platform holds
about the person, then the right to be forgotten, asked for and carried out only once
another officer approves it."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

EMAIL = "lorena@integrasistemas.com.br"  # a demo lead of Clínica Vida Plena
LEAD = f"Integra Sistemas ME ({EMAIL})"


def section(page, label: str):
    return page.locator("#content h2", has_text=label)


def test_an_lgpd_officer_reports_on_a_subject_and_asks_for_the_erasure(journey):
    officer = journey.as_staff("lgpd")
    expect(officer.locator("#user-tools")).to_contain_text("Helena")

    officer.get_by_role("link", name="Leads", exact=True).first.click()
    officer.get_by_role("link", name="Relatório do titular (LGPD)").click()
    # The subject wrote from another spelling of the address: the report finds them all.
    officer.get_by_role("textbox").last.fill("Lorena@IntegraSistemas.com.br ")
    officer.get_by_role("button", name="Gerar relatório").click()
    content = officer.locator("#content")
    expect(content).to_contain_text("Dados encontrados.")
    expect(section(officer, "Leads")).to_have_text("Leads (com o consentimento) (1)")
    expect(section(officer, "Interações")).to_have_text("Interações (4)")
    expect(section(officer, "Eventos")).to_have_text("Eventos (5)")
    expect(section(officer, "Spans")).to_have_text("Spans (traces) (5)")
    expect(section(officer, "Agendamentos")).to_have_text("Agendamentos (0)")
    expect(content.get_by_role("link", name="Baixar JSON (completo)")).to_be_visible()
    journey.shot(officer, "relatorio-do-titular")

    officer.get_by_role("link", name=LEAD).first.click()
    officer.get_by_role("link", name="Solicitar: direito ao esquecimento (LGPD)").click()
    expect(content).to_contain_text(
        "Esta ação só é feita depois de aprovada por uma pessoa, além de quem a solicita."
    )
    officer.get_by_label("Pedido do titular").fill("Pedido recebido por e-mail em 28/11/2026.")
    journey.shot(officer, "pedido-de-esquecimento")
    officer.get_by_role("button", name="Enviar para aprovação").click()
    expect(officer.locator(".messagelist")).to_have_text(
        "Solicitação enviada a 1 aprovador(es). Nada muda até ela ser aprovada."
    )
    request_url = officer.url
    expect(officer.locator(".approval-who h2")).to_have_text("Aprovadores · 0 de 1 aprovação")
    expect(officer.locator(".approval-who tbody tr")).to_contain_text("Bruno Teles")
    expect(officer.locator("#decidir")).to_contain_text(
        "Quem solicitou não pode decidir a própria solicitação."
    )
    journey.shot(officer, "aguardando-o-outro-encarregado")

    # A decision sent without the page's button (the cancel form, pointed at the decision
    # URL) is refused by the server all the same.
    officer.locator("form.approval-cancel").evaluate(
        """form => {
            form.action = form.action.replace(/cancelar\\/$/, "decidir/");
            const decision = document.createElement("input");
            Object.assign(decision, {type: "hidden", name: "decision", value: "approve"});
            form.append(decision);
            form.submit();
        }"""
    )
    expect(officer.locator(".messagelist .error")).to_have_text(
        "Quem solicitou não pode decidir a própria solicitação."
    )
    expect(officer.locator(".approval-who h2")).to_have_text("Aprovadores · 0 de 1 aprovação")
    journey.shot(officer, "decisao-forjada-recusada")

    second = journey.as_staff("lgpd2")
    second.goto(request_url)
    second.get_by_role("button", name="Aprovar").click()
    expect(second.locator(".messagelist")).to_have_text("Solicitação aprovada e ação executada.")
    expect(second.locator(".approval-execution")).to_contain_text("executada")
    journey.shot(second, "esquecimento-executado")

    officer.get_by_role("link", name="Leads", exact=True).first.click()
    officer.get_by_role("link", name="Relatório do titular (LGPD)").click()
    officer.get_by_role("textbox").last.fill(EMAIL)
    officer.get_by_role("button", name="Gerar relatório").click()
    expect(section(officer, "Leads")).to_have_text("Leads (com o consentimento) (0)")
    expect(section(officer, "Interações")).to_have_text("Interações (0)")
    expect(section(officer, "Blocklist")).to_have_text("Blocklist (1)")
    expect(content).to_contain_text("contato apagado (hash) · Direito ao esquecimento (LGPD)")
    journey.shot(officer, "relatorio-depois-do-esquecimento")
