"""Saved changelist filters: per staff member, by name, found again on the same list."""

import pytest
from django.urls import reverse

from core.exceptions import ApplicationError, NotFound
from helpdesk.models import SavedFilter
from helpdesk.services import saved_filter_delete, saved_filter_save
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db
LEADS = "/admin/nigredo/lead/"


def test_saving_keeps_the_filter_without_the_page_number():
    staff = StaffUserFactory()

    saved = saved_filter_save(
        owner=staff,
        model_label="nigredo.Lead",
        name=" Qualificados ",
        query_string="?status=qualificado&p=3",
    )

    assert (saved.model_label, saved.name, saved.query_string) == (
        "nigredo.lead",
        "Qualificados",
        "status=qualificado",
    )


def test_saving_under_an_existing_name_replaces_it():
    staff = StaffUserFactory()
    saved_filter_save(
        owner=staff, model_label="nigredo.lead", name="Meus", query_string="status=novo"
    )

    saved_filter_save(
        owner=staff, model_label="nigredo.lead", name="Meus", query_string="status=perdido"
    )

    assert list(SavedFilter.objects.values_list("query_string", flat=True)) == ["status=perdido"]


@pytest.mark.parametrize(
    ("name", "query", "code", "message"),
    [
        ("", "status=novo", "saved_filter_name_required", "Dê um nome ao filtro."),
        (
            "x" * 101,
            "status=novo",
            "saved_filter_name_too_long",
            "O nome pode ter no máximo 100 caracteres.",
        ),
        (
            "Vazio",
            "p=2",
            "saved_filter_empty",
            "A lista não tem filtro aplicado: nada para salvar.",
        ),
    ],
)
def test_refusals_write_nothing(name, query, code, message):
    with pytest.raises(ApplicationError) as refusal:
        saved_filter_save(
            owner=StaffUserFactory(), model_label="nigredo.lead", name=name, query_string=query
        )

    assert (refusal.value.code, refusal.value.message) == (code, message)
    assert not SavedFilter.objects.exists()


def test_a_staff_member_deletes_only_their_own():
    owner, other = StaffUserFactory(), StaffUserFactory()
    saved = saved_filter_save(
        owner=owner, model_label="nigredo.lead", name="A", query_string="status=novo"
    )

    with pytest.raises(NotFound):
        saved_filter_delete(owner=other, saved_filter_id=saved.pk)
    saved_filter_delete(owner=owner, saved_filter_id=saved.pk)

    assert not SavedFilter.objects.exists()


def panel(client, query=""):
    return client.get(
        reverse("helpdesk:saved_filters"),
        {"lista": "nigredo.lead", "filtro": query, "voltar": f"{LEADS}?{query}"},
    )


def test_the_changelist_saves_lists_and_deletes_filters(client):
    staff = StaffUserFactory(groups=["Suporte"])
    other = StaffUserFactory(groups=["Suporte"])
    client.force_login(staff)
    saved_filter_save(
        owner=other, model_label="nigredo.lead", name="Do colega", query_string="status=novo"
    )

    filtered = client.get(LEADS, {"status": "qualificado"})
    form = panel(client, "status=qualificado")
    saved = client.post(
        reverse("helpdesk:saved_filter_save"),
        {
            "model_label": "nigredo.lead",
            "name": "Qualificados",
            "query_string": "status=qualificado",
            "next": f"{LEADS}?status=qualificado",
        },
    )
    listing = panel(client)

    panel_url = filtered.text.split('data-panel="', 1)[1].split('"', 1)[0]
    assert panel_url.startswith(reverse("helpdesk:saved_filters") + "?lista=nigredo.lead")
    assert "Salvar o filtro atual como" in form.text
    assert 'name="query_string" value="status=qualificado"' in form.text
    assert saved.status_code == 302 and saved["Location"] == f"{LEADS}?status=qualificado"
    assert f'href="{LEADS}?status=qualificado">Qualificados</a>' in listing.text
    assert "Do colega" not in listing.text
    mine = SavedFilter.objects.get(owner=staff)
    deleted = client.post(
        reverse("helpdesk:saved_filter_delete", args=[mine.pk]), {"next": "https://example.com/"}
    )
    assert deleted["Location"] == "/admin/"  # never redirects off the site
    assert not SavedFilter.objects.filter(owner=staff).exists()


def test_exports_are_offered_on_the_three_lists_only(admin_client):
    leads = admin_client.get(LEADS, {"status": "novo"})
    tenants = admin_client.get("/admin/platform_app/tenant/")

    assert (
        reverse("helpdesk:export", args=["nigredo", "lead", "csv"]) + "?status=novo" in leads.text
    )
    assert "Exportar CSV" not in tenants.text
