"""Four eyes: a tenant manager asks for new prices of a plan (two approvals), is refused
deciding the request themself, and two approvers approve it; the prices change only then."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

PLAN = "Profissional"  # demo plan: R$ 697,00 / R$ 6.970,00


def test_two_approvers_decide_a_two_approval_request_and_the_requester_is_refused(journey):
    requester = journey.as_staff("gestor")
    requester.get_by_role("link", name="Planos de assinatura").first.click()
    plans = requester.locator("#result_list")
    expect(plans.locator("tr", has_text=PLAN)).to_contain_text("R$ 697,00")
    requester.get_by_role("link", name=PLAN, exact=True).click()
    requester.get_by_role("link", name="Solicitar: alterar preços de plano").click()
    expect(requester.locator("#content")).to_contain_text(
        "Esta ação só é feita depois de aprovada por 2 pessoas diferentes, além de quem a solicita."
    )
    requester.get_by_label("Novo preço mensal (R$)").fill("747,00")
    requester.get_by_label("Novo preço anual (R$)").fill("7470,00")
    requester.get_by_label("Motivo").fill("Reajuste anual pelo IPCA.")
    approvers = requester.locator("#id_approvers")
    expect(approvers.locator("input:checked")).to_have_count(2)
    expect(approvers.locator("label", has=requester.locator("input:checked"))).to_contain_text(
        ["Cecília Prates", "Rogério Lins"]
    )
    journey.shot(requester, "pedido-de-novos-precos")

    requester.get_by_role("button", name="Enviar para aprovação").click()
    expect(requester.locator(".messagelist")).to_have_text(
        "Solicitação enviada a 2 aprovador(es). Nada muda até ela ser aprovada."
    )
    request_url = requester.url
    decision = requester.locator("#decidir")
    expect(requester.locator(".approval-who h2")).to_have_text("Aprovadores · 0 de 2 aprovações")
    expect(decision).to_contain_text("Quem solicitou não pode decidir a própria solicitação.")
    expect(decision.get_by_role("button", name="Aprovar")).to_have_count(0)
    journey.shot(requester, "solicitante-recusado")

    first = journey.as_staff("aprovador1")
    inbox = first.locator("#result_list")
    first.get_by_role("link", name="Solicitações de aprovação").first.click()
    expect(first.locator(".approval-tabs")).to_contain_text("Aguardando minha decisão (1)")
    expect(inbox.locator("tbody tr")).to_have_count(1)
    expect(inbox.locator("tbody tr")).to_contain_text("Marina Couto")
    expect(inbox.locator("tbody tr")).to_contain_text("0 de 2")
    journey.shot(first, "caixa-do-primeiro-aprovador")
    inbox.locator("tbody tr a").first.click()
    expect(first).to_have_url(request_url)
    first.get_by_label(re.compile("Comentário")).fill("De acordo com o índice.")
    first.get_by_role("button", name="Aprovar").click()
    expect(first.locator(".messagelist")).to_have_text(
        "Decisão registrada; a solicitação aguarda mais aprovações."
    )
    expect(first.locator(".approval-who h2")).to_have_text("Aprovadores · 1 de 2 aprovações")
    expect(first.locator(".approval-who tr", has_text="Rogério Lins")).to_contain_text("aprovou")
    journey.shot(first, "primeira-aprovacao")

    journey.go(first, "/admin/billing/subscriptionplan/")
    expect(first.locator("#result_list tr", has_text=PLAN)).to_contain_text("R$ 697,00")
    journey.shot(first, "precos-ainda-iguais")

    second = journey.as_staff("aprovador2")
    second.goto(request_url)
    expect(second.locator(".approval-who h2")).to_have_text("Aprovadores · 1 de 2 aprovações")
    second.get_by_role("button", name="Aprovar").click()
    expect(second.locator(".messagelist")).to_have_text("Solicitação aprovada e ação executada.")
    expect(second.locator(".approval-who h2")).to_have_text("Aprovadores · 2 de 2 aprovações")
    expect(second.locator(".approval-execution")).to_contain_text("executada")
    journey.shot(second, "segunda-aprovacao-executada")

    requester.goto(request_url)
    expect(requester.locator("#decidir")).to_contain_text("A solicitação já está aprovada.")
    journey.go(requester, "/admin/billing/subscriptionplan/")
    expect(requester.locator("#result_list tr", has_text=PLAN)).to_contain_text("R$ 747,00")
    expect(requester.locator("#result_list tr", has_text=PLAN)).to_contain_text("R$ 7.470,00")
    journey.shot(requester, "novos-precos-em-vigor")
