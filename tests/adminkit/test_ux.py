"""The admin as staff read it: labels for codes, neutral messages, short ids, no debug page."""

import uuid

import pytest
from django.contrib import admin
from django.db import connection
from django.test import Client
from django.urls import path, reverse

from adminkit.ids import COPY_ICON, short_id, shorten
from billing.models import PaymentEvent, Subnucleo
from platform_app.models import Tenant
from tests.factories import StaffUserFactory, SubnucleoFactory, TenantFactory

pytestmark = pytest.mark.django_db


def url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def test_a_subnucleos_category_is_a_select_of_labels(admin_client):
    subnucleo = SubnucleoFactory(category="educacao")

    listing = admin_client.get(url(Subnucleo, "changelist")).text
    form = admin_client.get(url(Subnucleo, "change", subnucleo.pk)).text

    assert '<td class="field-category">educação</td>' in listing
    assert '<select name="category"' in form
    assert '<option value="organizacoes">organizações</option>' in form


def test_a_category_the_back_office_does_not_know_is_flagged_and_kept_on_save(admin_client):
    subnucleo = SubnucleoFactory(category="vendas")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE public.subnucleos SET category = 'juridico' WHERE id = %s", [subnucleo.pk]
        )

    listing = admin_client.get(url(Subnucleo, "changelist")).text
    form = admin_client.get(url(Subnucleo, "change", subnucleo.pk)).text
    saved = admin_client.post(
        url(Subnucleo, "change", subnucleo.pk),
        {
            "name": subnucleo.name,
            "display_name": "Outro nome",
            "description": "Descrição.",
            "category": "juridico",
            "is_active": "on",
            "sort_order": "0",
            "agents_links-TOTAL_FORMS": "0",
            "agents_links-INITIAL_FORMS": "0",
        },
    )

    assert 'class="unknown-choice"' in listing and "juridico ⚠" in listing
    assert '<option value="juridico" selected>juridico (fora da lista)</option>' in form
    assert saved.status_code == 302
    subnucleo.refresh_from_db()
    assert (subnucleo.display_name, subnucleo.category) == ("Outro nome", "juridico")


def test_payment_events_read_in_portuguese(admin_client):
    PaymentEvent.objects.create(
        id=uuid.uuid4(), event_type="payment_failed", status="failed", amount=10
    )

    listing = admin_client.get(url(PaymentEvent, "changelist")).text

    assert "pagamento recusado" in listing and "recusado" in listing
    assert ">payment_failed<" not in listing


def test_the_change_message_does_not_guess_a_gender(admin_client):
    tenant = TenantFactory(company_name="Empresa Antiga")

    response = admin_client.post(
        url(Tenant, "change", tenant.pk),
        {"company_name": "Empresa Nova", "cnpj": "", "subscription_tier": "free", "settings": "{}"},
        follow=True,
    )

    text = response.text
    assert "Alterações salvas: tenant “" in text and "Empresa Nova</a>”." in text
    assert "foi alterado" not in text


def test_the_admin_has_no_view_site_link_nor_sidebar(admin_client):
    page = admin_client.get(url(Tenant, "changelist")).text

    assert "Ver o site" not in page
    assert 'id="nav-sidebar"' not in page


def test_the_pages_are_in_portuguese_whatever_the_browser_asks(admin_client):
    page = admin_client.get(url(Tenant, "changelist"), HTTP_ACCEPT_LANGUAGE="en-US").text

    assert "Selecione tenant para modificar" in page or "Selecione" in page
    assert "Select tenant to change" not in page


def test_long_ids_are_shortened_whole_on_hover_with_a_copy_button():
    trace_id = uuid.UUID("c5c3c3a1-0082-5c32-a337-17edf2a7a4e4")

    assert shorten("approval-2c20fdb8-988d-5aea-b220-a011b1e24ccb") == "approval-2c20fdb8…"
    assert shorten("curto") == "curto"
    assert short_id(trace_id, "/t/") == (
        f'<span class="short-id"><a href="/t/" title="{trace_id}">c5c3c3a1…</a>'
        f'<button type="button" class="copy-id" data-copy="{trace_id}" title="Copiar {trace_id}" '
        f'aria-label="Copiar o id">{COPY_ICON}</button></span>'
    )
    assert "button" not in short_id(trace_id, copy=False)


def test_the_staff_see_a_friendly_500_page_with_the_trace_id(settings):
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    client.force_login(StaffUserFactory(is_superuser=True))

    response = client.get("/quebra/", HTTP_X_TRACE_ID="3f2b6c1e-0b1a-4c55-9d0e-1a2b3c4d5e6f")

    assert response.status_code == 500
    text = response.content.decode()
    assert "Algo deu errado nesta página" in text
    assert "3f2b6c1e-0b1a-4c55-9d0e-1a2b3c4d5e6f" in text
    assert "Traceback" not in text


def test_dev_settings_keep_debug_off_unless_asked(monkeypatch):
    import importlib

    import config.settings.dev as dev

    monkeypatch.delenv("DJANGO_DEBUG", raising=False)
    assert importlib.reload(dev).DEBUG is False
    monkeypatch.setenv("DJANGO_DEBUG", "true")
    assert importlib.reload(dev).DEBUG is True
    monkeypatch.delenv("DJANGO_DEBUG")
    importlib.reload(dev)


def broken_view(request):
    raise RuntimeError("quebrou")


urlpatterns = [path("quebra/", broken_view), path("admin/", admin.site.urls)]
handler500 = "api.handlers.server_error"


def test_add_forms_start_on_the_databases_defaults(admin_client):
    from platform_app.models import Agent

    agent = admin_client.get(url(Agent, "add")).text
    subnucleo = admin_client.get(url(Subnucleo, "add")).text
    tenant = admin_client.get(url(Tenant, "add")).text

    assert '<option value="active" selected>ativo</option>' in agent
    assert 'name="version" value="1.0.0"' in agent
    assert '<option value="true" selected>Sim</option>' in subnucleo
    assert '<option value="free" selected>gratuito</option>' in tenant
