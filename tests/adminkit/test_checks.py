import pytest
from django.contrib import admin

from adminkit.checks import check_big_table_search_is_indexed
from adminkit.search import IndexedSearch
from nigredo.models import Lead
from platform_app.models import Tenant

pytestmark = pytest.mark.django_db


def messages() -> list[str]:
    return [f"{m.id} {m.msg}" for m in check_big_table_search_is_indexed()]


@pytest.mark.usefixtures("needs_pg_trgm")
def test_the_big_tables_search_only_indexed_columns_and_small_ones_are_not_checked():
    assert "company_name" in admin.site._registry[Tenant].search_fields  # a %term% scan
    assert messages() == []


@pytest.mark.usefixtures("needs_pg_trgm")
def test_a_contains_search_on_a_big_table_without_a_trigram_index_warns(monkeypatch):
    lead_admin = admin.site._registry[Lead]
    monkeypatch.setattr(type(lead_admin), "indexed_search", None)
    monkeypatch.setattr(lead_admin, "search_fields", ("=email", "^empresa", "atividade_principal"))

    assert messages() == [
        "adminkit.W001 LeadAdmin: searching 'atividade_principal' on nigredo_leads.leads has "
        "no index to use, so each search reads the whole table."
    ]


@pytest.mark.usefixtures("needs_pg_trgm")
def test_an_indexed_search_prefix_needs_the_upper_text_pattern_index(monkeypatch):
    lead_admin = admin.site._registry[Lead]
    search = IndexedSearch(email=("email",), prefix=("empresa", "setor"))
    monkeypatch.setattr(type(lead_admin), "indexed_search", search)
    monkeypatch.setattr(lead_admin, "search_fields", search.fields)

    assert messages() == [
        "adminkit.W001 LeadAdmin: searching 'setor' on nigredo_leads.leads has no index to "
        "use, so each search reads the whole table."
    ]
