"""The tenant's page as the staff use it: overview, actions through the services, refusals."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from billing.models import Subnucleo, TenantAgent, TenantSubnucleo, TenantSubscriptionSummary
from billing.selectors import tenant_usage
from platform_app.models import INTERNAL_TENANT_ID, AuditLog, PlatformUser, Tenant
from staff.roles import SUPPORT, TENANT_MANAGERS
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db
SABER = "Instituto Saber Digital Educação S.A."


def tenant_url(tenant, action=None, **kwargs):
    if action is None:
        return reverse("admin:platform_app_tenant_change", args=[tenant.pk])
    return reverse(
        f"admin:platform_app_tenant_{action}",
        kwargs={"object_id": str(tenant.pk), **{k: str(v) for k, v in kwargs.items()}},
    )


def usage_panel(response):
    return next(
        panel
        for panel in response.context["overview_panels"]
        if panel["template"].endswith("usage.html")
    )


def shown_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def manager(client):
    client.force_login(StaffUserFactory(groups=[TENANT_MANAGERS]))
    return client


def test_a_tenant_manager_activates_a_subnucleo_sees_the_usage_and_is_refused_past_the_limit(
    manager, demo_data
):
    # given: Saber Digital on Expert (4 SubNúcleos, 24 agents), using 3 and 17
    tenant = Tenant.objects.get(company_name=SABER)
    page = manager.get(tenant_url(tenant))
    assert page.status_code == 200
    assert "3 de 4 SubNúcleos" in page.text and "17 de 24 agentes" in page.text
    servicos = Subnucleo.objects.get(name="servicos-field")
    activate = re.search(
        r'href="([^"]+)">Ativar</a>', page.text[page.text.index("Serviços em Campo") :]
    ).group(1)
    assert activate == tenant_url(tenant, "subnucleo_activate", subnucleo_id=servicos.pk)
    # when: the SubNúcleo's page, then its form with the optional agent left unchecked
    form_page = manager.get(activate)
    done = manager.post(activate, {}, follow=True)
    # then
    assert form_page.status_code == 200 and "Agentes obrigatórios" in form_page.text
    assert done.redirect_chain == [(tenant_url(tenant), 302)]
    assert "SubNúcleo Serviços em Campo ativado. Uso atual: 21 de 24 agentes." in shown_messages(
        done
    )
    assert "4 de 4 SubNúcleos" in done.text and "21 de 24 agentes" in done.text
    assert TenantSubnucleo.objects.get(tenant=tenant, subnucleo=servicos).is_active
    log = AuditLog.objects.get(tenant=tenant, action_type="subnucleo.activated")
    assert (log.context["subnucleoName"], log.user_id) == ("servicos-field", None)
    assert log.context["staff"].startswith("equipe")

    # when: one more SubNúcleo, past the plan's limit
    saude = Subnucleo.objects.get(name="saude-telemedicina")
    refused = manager.post(tenant_url(tenant, "subnucleo_activate", subnucleo_id=saude.pk), {})
    # then: the form again, with the service's message; nothing written
    assert refused.status_code == 200
    assert shown_messages(refused) == [
        "Limite do plano Expert atingido: 4 de 4 SubNúcleos em uso. "
        "Desative um SubNúcleo ou mude de plano."
    ]
    assert "Limite do plano Expert atingido" in refused.text
    assert not TenantSubnucleo.objects.filter(tenant=tenant, subnucleo=saude).exists()
    assert TenantAgent.objects.filter(tenant=tenant, is_active=True).count() == 21


def test_every_demo_tenants_overview_shows_the_views_usage(admin_client, demo_data):
    for summary in TenantSubscriptionSummary.objects.all():
        page = admin_client.get(tenant_url(summary.tenant))
        rows = {row["label"]: row for row in usage_panel(page)["rows"]}
        expected = {
            "Agentes": (summary.active_agents, summary.max_agents),
            "SubNúcleos": (summary.active_subnucleos, summary.max_subnucleos),
        }
        for label, (used, limit) in expected.items():
            shown = (rows[label]["used"], rows[label]["limit"])
            assert shown == (used, limit), f"{summary.company_name}: {label}"
            assert rows[label]["text"] in page.text
        assert f"{summary.active_agents} de {summary.max_agents} agentes" in page.text
        users = tenant_usage(tenant_id=summary.tenant_id).users
        assert (
            rows["Usuários"]["used"]
            == users.used
            == PlatformUser.objects.filter(tenant_id=summary.tenant_id)
            .exclude(status__in=["suspended", "inactive"])
            .count()
        )
        cancelled = summary.status == "cancelled"
        assert ("os limites deste plano não estão em vigor" in page.text) == cancelled


def test_deactivating_an_agent_asks_for_confirmation_first(manager, demo_data):
    tenant = Tenant.objects.get(company_name=SABER)
    row = TenantAgent.objects.filter(tenant=tenant, is_active=True).select_related("agent")
    # an agent no active SubNúcleo requires: activate one on its own first
    from platform_app.models import Agent

    loose = Agent.objects.exclude(pk__in=row.values("agent_id")).order_by("name").first()
    manager.post(tenant_url(tenant, "agent_activate"), {"agent": loose.pk})
    url = tenant_url(tenant, "agent_deactivate", agent_id=loose.pk)

    confirm = manager.get(url)
    still = TenantAgent.objects.get(tenant=tenant, agent=loose).is_active
    done = manager.post(url, {}, follow=True)

    assert confirm.status_code == 200 and "Desativar agente" in confirm.text
    assert still is True
    assert f"Agente {loose.display_name} desativado." in shown_messages(done)
    assert TenantAgent.objects.get(tenant=tenant, agent=loose).is_active is False


def test_a_refused_confirmation_goes_back_to_the_tenant_with_the_message(manager, demo_data):
    tenant = Tenant.objects.get(company_name=SABER)
    required = TenantAgent.objects.filter(tenant=tenant, is_active=True).first()

    done = manager.post(
        tenant_url(tenant, "agent_deactivate", agent_id=required.agent_id), {}, follow=True
    )

    assert done.redirect_chain == [(tenant_url(tenant), 302)]
    assert any("é obrigatório no SubNúcleo" in message for message in shown_messages(done))
    required.refresh_from_db()
    assert required.is_active


def test_adding_a_user_and_changing_the_plan_from_the_tenant_page(manager, demo_data):
    tenant = Tenant.objects.get(company_name="Recupera Crédito Cobranças Ltda")  # starter, 2/3

    added = manager.post(
        tenant_url(tenant, "user_add"),
        {"full_name": "Nova Pessoa", "email": "nova.pessoa@recupera.com.br", "role": "viewer"},
        follow=True,
    )
    refused = manager.post(
        tenant_url(tenant, "user_add"),
        {"full_name": "Mais Uma", "email": "mais.uma@recupera.com.br", "role": "viewer"},
    )

    assert "Usuário Nova Pessoa adicionado. Uso atual: 3 de 3 usuários." in shown_messages(added)
    assert shown_messages(refused) == [
        "Limite do plano Starter atingido: 3 de 3 usuários em uso. "
        "Suspenda um usuário ou mude de plano."
    ]
    assert not PlatformUser.objects.filter(email="mais.uma@recupera.com.br").exists()


def test_support_sees_the_overview_without_actions_and_cannot_post_them(client, demo_data):
    client.force_login(StaffUserFactory(groups=[SUPPORT]))
    tenant = Tenant.objects.get(company_name=SABER)
    saude = Subnucleo.objects.get(name="saude-telemedicina")

    page = client.get(tenant_url(tenant))
    posted = client.post(tenant_url(tenant, "subnucleo_activate", subnucleo_id=saude.pk), {})

    assert page.status_code == 200 and "17 de 24 agentes" in page.text
    assert ">Ativar</a>" not in page.text and ">Desativar</a>" not in page.text
    assert posted.status_code == 403


def test_the_tenant_form_formats_the_cnpj_and_never_writes_the_status(manager, demo_data):
    tenant = Tenant.objects.get(company_name=SABER)
    tenant.subscription_status = "suspended"
    tenant.save(update_fields=["subscription_status"])

    response = manager.post(
        tenant_url(tenant),
        {
            "company_name": SABER,
            "cnpj": "11222333000181",
            "subscription_tier": "professional",
            "subscription_status": "active",
            "settings": "{}",
        },
    )

    assert response.status_code == 302
    tenant.refresh_from_db()
    assert (tenant.cnpj, tenant.subscription_status) == ("11.222.333/0001-81", "suspended")


def tenant_form(tenant: Tenant, **changes) -> dict:
    return {
        "company_name": tenant.company_name,
        "cnpj": tenant.cnpj or "",
        "subscription_tier": tenant.subscription_tier,
        "settings": json.dumps(tenant.settings or {}),
        **changes,
    }


def test_the_tenant_form_saves_through_the_services_with_an_audit_row(manager, demo_data):
    response = manager.post(
        reverse("admin:platform_app_tenant_add"),
        {"company_name": "  Nova   Escola ", "cnpj": "", "subscription_tier": "free"},
    )
    assert response.status_code == 302
    created = Tenant.objects.get(company_name="Nova Escola")
    tenant = Tenant.objects.get(company_name=SABER)

    manager.post(tenant_url(tenant), tenant_form(tenant, company_name="Saber Digital"))
    manager.post(tenant_url(tenant), tenant_form(Tenant.objects.get(pk=tenant.pk)))

    staff = {"staff": response.wsgi_request.user.username}
    audit = AuditLog.objects.filter(action_type__in=["tenant.created", "tenant.updated"])
    assert sorted((row.action_type, row.tenant_id, row.context) for row in audit) == [
        ("tenant.created", created.pk, {"tenantId": str(created.pk), "tier": "free", **staff}),
        (
            "tenant.updated",
            tenant.pk,
            {"tenantId": str(tenant.pk), "fields": ["company_name"], **staff},
        ),
    ]
    assert Tenant.objects.get(pk=tenant.pk).company_name == "Saber Digital"


def test_a_tier_only_the_lambdas_know_does_not_block_a_name_change(manager, demo_data):
    tenant = Tenant.objects.get(company_name=SABER)
    Tenant.objects.filter(pk=tenant.pk).update(subscription_tier="legacy-gold")

    response = manager.post(
        tenant_url(tenant),
        tenant_form(Tenant.objects.get(pk=tenant.pk), company_name="Saber Digital"),
    )

    assert response.status_code == 302
    tenant.refresh_from_db()
    assert (tenant.company_name, tenant.subscription_tier) == ("Saber Digital", "legacy-gold")


def test_suspension_is_not_a_direct_action_here(manager, demo_data):
    """Suspending a tenant is approval-gated: the approvals' request, not a button here."""
    tenant = Tenant.objects.get(company_name=SABER)

    page = manager.get(tenant_url(tenant))

    with pytest.raises(NoReverseMatch):
        tenant_url(tenant, "suspend")
    assert "A suspensão de um tenant passa por solicitação de aprovação." in page.text


def test_a_suspended_tenant_is_reactivated_from_its_page(manager, demo_data):
    tenant = Tenant.objects.get(company_name=SABER)
    tenant.subscription_status = "suspended"
    tenant.save(update_fields=["subscription_status"])

    page = manager.get(tenant_url(tenant))
    done = manager.post(tenant_url(tenant, "reactivate"), {}, follow=True)

    assert tenant_url(tenant, "reactivate") in page.text
    assert f"Tenant {SABER} reativado." in shown_messages(done)
    tenant.refresh_from_db()
    assert tenant.subscription_status == "active"


# Session, user and second-factor device (3), the tenant (twice: the overview's and the
# form's), the panels (the latest leads in two, see nigredo.selectors), the related-record
# counts and the suspension button (whether the action applies, and a pending request for
# it) and the first page of the tenant's history (one query per source: audit rows,
# meetings, events, spans, approvals, new leads): the same for every tenant, whatever its
# size. A tenant that cannot be suspended (already suspended; the internal tenant) skips
# the pending-request lookup, and the internal tenant the suspension button altogether.
TENANT_PAGE_QUERIES = 36


def test_the_tenant_page_makes_the_same_number_of_queries_for_every_tenant(admin_client, demo_data):
    counts = {}
    for tenant in Tenant.objects.all():
        admin_client.get(tenant_url(tenant))  # warm caches (content types)
        with CaptureQueriesContext(connection) as captured:
            response = admin_client.get(tenant_url(tenant))
        assert response.status_code == 200
        counts[tenant.pk] = len(captured)

    suspended = set(
        Tenant.objects.filter(subscription_status="suspended").values_list("pk", flat=True)
    )
    expected = {
        pk: TENANT_PAGE_QUERIES - (pk in suspended) - 2 * (pk == INTERNAL_TENANT_ID)
        for pk in counts
    }
    assert counts == expected
