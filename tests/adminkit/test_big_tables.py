"""Big-table changelists: bounded query counts, bounded COUNTs, index-only search."""

import uuid

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from adminkit import paginator
from fibonacci.models import Event
from nigredo.models import Lead
from platform_app.models import AuditLog, Tenant

pytestmark = pytest.mark.django_db
BIG_TABLES = (Lead, AuditLog, Event)


@pytest.fixture
def volume():
    # Ids made here: Django 5.2's bulk_create does not read back a db_default primary key.
    tenants = Tenant.objects.bulk_create(
        [Tenant(id=uuid.uuid4(), company_name=f"Volume {n} Ltda") for n in range(3)]
    )
    gone = uuid.uuid4()
    Lead.objects.bulk_create(
        Lead(
            tenant_id=tenants[n % 3].pk if n % 10 else gone,
            empresa=f"Empresa {n}",
            email=f"contato{n}@empresa{n}.com.br",
            telefone=f"+55119{n:08d}",
        )
        for n in range(120)
    )
    AuditLog.objects.bulk_create(
        AuditLog(
            trace_id=uuid.uuid4(),
            tenant=tenants[n % 3],
            action_type="lead.create",
            result="success",
        )
        for n in range(120)
    )
    Event.objects.bulk_create(
        Event(
            event_id=f"evt-{n}",
            trace_id=uuid.uuid4(),
            source="nigredo.prospecting",
            event_type="lead.created",
            detail={"n": n},
        )
        for n in range(120)
    )


def changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def queries_for(client, address: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(address).status_code == 200
    return [query["sql"] for query in captured.captured_queries]


@pytest.mark.parametrize("model", BIG_TABLES, ids=lambda model: model.__name__)
def test_changelist_query_count_does_not_grow_with_the_page_size(
    model, admin_client, volume, monkeypatch
):
    model_admin = admin.site._registry[model]
    counts = {}
    for per_page in (10, 100):
        monkeypatch.setattr(model_admin, "list_per_page", per_page)
        counts[per_page] = len(queries_for(admin_client, changelist(model)))

    assert counts[10] == counts[100]
    # Session, user, the second factor's device, up to three filters' loose index scans,
    # the count's EXPLAIN and bounded COUNT, the page, the date hierarchy's MIN/MAX, and
    # the savepoint pair.
    assert counts[100] <= 12


@pytest.mark.parametrize("model", BIG_TABLES, ids=lambda model: model.__name__)
def test_changelists_never_count_a_whole_table(model, admin_client, volume):
    counts = [sql for sql in queries_for(admin_client, changelist(model)) if "COUNT(" in sql]

    assert counts, "the paginator counts"
    assert all("LIMIT 10001" in sql for sql in counts), counts


def test_past_the_exact_limit_the_changelist_shows_the_planners_estimate(
    admin_client, volume, monkeypatch
):
    monkeypatch.setattr(paginator, "EXACT_COUNT_LIMIT", 50)

    page = admin_client.get(changelist(Lead))

    assert "cerca de" in page.text
    assert page.context["cl"].result_count > 50


SEARCHES = {
    Lead: ["contato7@empresa7.com.br", "+5511900000007", "11.222.333/0001-81", "Empresa 7"],
    AuditLog: ["trace_id", "tenant_id", "lead.create"],
    Event: ["trace_id", "evt-7"],
}


@pytest.mark.parametrize(
    ("model", "term"),
    [(model, term) for model, terms in SEARCHES.items() for term in terms],
    ids=lambda value: getattr(value, "__name__", value),
)
def test_search_reaches_rows_through_an_index_never_a_scan(model, term, volume):
    if term.endswith("_id"):  # search for the value that column holds in a real row
        term = str(getattr(model.objects.first(), term))
    model_admin = admin.site._registry[model]
    with CaptureQueriesContext(connection) as searched:
        queryset, _ = model_admin.get_search_results(None, model.objects.all(), term)
        list(queryset[:50])

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for query in searched.captured_queries:
            cursor.execute(f"EXPLAIN {query['sql']}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "Seq Scan" not in plan, plan


def test_search_finds_leads_by_email_phone_and_name_prefix(admin_client, volume):
    for term in ("contato7@empresa7.com.br", "CONTATO7@EMPRESA7.COM.BR", "(11) 90000-0007"):
        page = admin_client.get(changelist(Lead), {"q": term})
        assert page.context["cl"].result_count == 1, term
    prefix = admin_client.get(changelist(Lead), {"q": "empresa 11"})
    assert {lead.empresa for lead in prefix.context["cl"].result_list} == {
        f"Empresa {n}" for n in [11, *range(110, 120)]
    }


def test_an_unknown_uuid_finds_nothing(admin_client, volume):
    page = admin_client.get(changelist(AuditLog), {"q": str(uuid.uuid4())})

    assert page.status_code == 200
    assert page.context["cl"].result_count == 0
