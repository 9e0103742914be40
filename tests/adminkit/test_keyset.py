"""Keyset pagination of the big tables' changelists (adminkit.keyset)."""

import datetime
import uuid

import pytest
from django.contrib import admin
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from adminkit import paginator
from adminkit.keyset import AFTER, Cursor, Keyset, KeysetChangeList, Position, decode_cursor
from adminkit.keyset import encode_cursor as encode
from fibonacci.models import Event
from nigredo.models import Lead
from platform_app.models import AuditLog, Tenant

pytestmark = pytest.mark.django_db
PER_PAGE = 10
# Seven leads per timestamp (rows written in one transaction share now()), six hours
# apart, and five leads without a date.
BASE = datetime.datetime(2026, 3, 10, 15, 30, 0, 123456, tzinfo=datetime.UTC)


@pytest.fixture
def leads(monkeypatch):
    for model in (Lead, AuditLog, Event):
        monkeypatch.setattr(admin.site._registry[model], "list_per_page", PER_PAGE)
    tenants = Tenant.objects.bulk_create(
        [Tenant(id=uuid.uuid4(), company_name=f"Tenant {n} Ltda") for n in range(2)]
    )
    rows = [
        Lead(
            id=uuid.uuid4(),
            tenant=tenants[n % 2],
            empresa=f"Empresa {n}",
            email=f"contato{n}@empresa{n}.com.br",
            status=Lead.Status.QUALIFICADO if n % 3 == 0 else Lead.Status.NOVO,
            created_at=BASE - datetime.timedelta(hours=6 * (n // 7)),
        )
        for n in range(126)
    ]
    rows += [
        Lead(
            id=uuid.uuid4(),
            tenant=tenants[0],
            empresa=f"Sem data {n}",
            email=f"semdata{n}@empresa.com.br",
            created_at=None,
        )
        for n in range(5)
    ]
    Lead.objects.bulk_create(rows)
    return tenants


def changelist(model=Lead) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def newest_first(queryset):
    return list(
        queryset.order_by(F("created_at").desc(nulls_first=True), "-id").values_list(
            "id", flat=True
        )
    )


def get(client, address: str, params=None):
    response = client.get(address, params or {})
    assert response.status_code == 200, response
    return response


def ids(response) -> list:
    return [row.pk for row in response.context["cl"].result_list]


def follow(client, response, link: str):
    return get(client, changelist() + response.context["cl"].keyset_links()[link])


def walk(client, first_response, link: str) -> list[list]:
    pages, response = [ids(first_response)], first_response
    while response.context["cl"].keyset_links()[link]:
        response = follow(client, response, link)
        pages.append(ids(response))
    return pages


def test_the_changelist_of_a_big_table_pages_by_cursor(admin_client, leads):
    response = get(admin_client, changelist())

    assert isinstance(response.context["cl"], KeysetChangeList)
    assert "mais antigos" in response.text and "próximos" in response.text
    assert "?p=" not in response.text


def test_paging_forward_visits_every_row_once_in_order_across_ties_and_nulls(admin_client, leads):
    pages = walk(admin_client, get(admin_client, changelist()), "next")

    assert [row for page in pages for row in page] == newest_first(Lead.objects.all())
    assert all(len(page) == PER_PAGE for page in pages[:-1])


def test_paging_back_from_the_oldest_end_visits_every_row_once_in_order(admin_client, leads):
    oldest = follow(admin_client, get(admin_client, changelist()), "last")
    pages = walk(admin_client, oldest, "previous")

    assert [row for page in reversed(pages) for row in page] == newest_first(Lead.objects.all())
    assert len(pages[0]) == PER_PAGE
    assert not oldest.context["cl"].keyset_links()["next"]


def test_forward_then_back_returns_the_same_rows_with_filters_and_search_kept(admin_client, leads):
    params = {"status": "qualificado", "q": "empresa", "tenant": str(leads[0].pk)}
    expected = newest_first(
        Lead.objects.filter(status="qualificado", tenant=leads[0], empresa__istartswith="empresa")
    )
    first = get(admin_client, changelist(), params)
    second = follow(admin_client, first, "next")
    third = follow(admin_client, second, "next")
    back_second = follow(admin_client, third, "previous")
    back_first = follow(admin_client, back_second, "previous")

    assert len(expected) == 21
    assert ids(first) + ids(second) + ids(third) == expected
    assert ids(back_second) == ids(second)
    assert ids(back_first) == ids(first)
    for response in (second, third, back_second, back_first):
        cl = response.context["cl"]
        assert cl.params["status"] == "qualificado"
        assert cl.params["tenant"] == str(leads[0].pk)
        assert cl.query == "empresa"
    assert not back_first.context["cl"].keyset_links()["previous"]


@pytest.mark.parametrize("model", [Lead, AuditLog, Event], ids=lambda model: model.__name__)
def test_no_keyset_page_uses_offset_or_an_unbounded_count(model, admin_client, leads):
    AuditLog.objects.bulk_create(
        AuditLog(trace_id=uuid.uuid4(), action_type="lead.create", result="success")
        for _ in range(35)
    )
    Event.objects.bulk_create(
        Event(event_id=f"evt-{n}", trace_id=uuid.uuid4(), source="s", event_type="t", detail={})
        for n in range(35)
    )
    address = changelist(model)
    first = get(admin_client, address)
    cl = first.context["cl"]
    urls = [
        address,
        address + cl.keyset_links()["next"],
        address + cl.keyset_links()["last"],
        address + "?jump=2026-03-09",
    ]
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            get(admin_client, url)
        queries = [query["sql"] for query in captured.captured_queries]
        assert not [sql for sql in queries if "OFFSET" in sql.upper()], url
        counts = [sql for sql in queries if "COUNT(" in sql.upper()]
        assert all("LIMIT 10001" in sql for sql in counts), counts
        assert [sql for sql in queries if f"LIMIT {PER_PAGE + 1}" in sql], url


def test_a_deep_page_starts_at_an_index_position(admin_client, leads):
    page = follow(
        admin_client, follow(admin_client, get(admin_client, changelist()), "next"), "next"
    )
    with CaptureQueriesContext(connection) as captured:
        follow(admin_client, page, "next")
    [sql] = [q["sql"] for q in captured.captured_queries if f"LIMIT {PER_PAGE + 1}" in q["sql"]]

    with connection.cursor() as cursor:
        # A few rows: tell the planner to plan as for millions (no scan, no sort).
        for setting in ("seqscan", "bitmapscan", "sort", "incremental_sort"):
            cursor.execute(f"SET LOCAL enable_{setting} = off")
        cursor.execute(f"EXPLAIN {sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "Index Scan using idx_leads_created_at_id" in plan, plan
    assert "Index Cond: (ROW(created_at, id) < ROW(" in plan, plan
    assert "Sort" not in plan, plan


def test_sorting_is_limited_to_the_keyset_fields(admin_client, leads):
    columns = get(admin_client, changelist()).context["cl"].list_display
    created_at_column = columns.index("created_at")

    by_name = get(admin_client, changelist(), {"o": str(columns.index("empresa"))})
    oldest_first = get(admin_client, changelist(), {"o": str(created_at_column)})

    assert ids(by_name) == newest_first(Lead.objects.all())[:PER_PAGE]
    assert by_name.context["cl"].sortable_by == ["created_at"]
    assert "só ordena criado em" in by_name.text
    pages = walk(admin_client, oldest_first, "next")
    assert [row for page in pages for row in page] == newest_first(Lead.objects.all())[::-1]


def test_a_jump_to_a_date_starts_at_that_day_keeping_the_filters(admin_client, leads):
    response = get(admin_client, changelist(), {"jump": "2026-03-09", "status": "qualificado"})
    rows = response.context["cl"].result_list

    end_of_day = timezone.make_aware(datetime.datetime(2026, 3, 10))
    newest = Lead.objects.filter(status="qualificado", created_at__lt=end_of_day)
    assert [row.pk for row in rows] == newest_first(newest)[:PER_PAGE]
    assert all(row.status == "qualificado" for row in rows)
    assert response.context["cl"].keyset_links()["previous"]
    assert 'name="status" value="qualificado"' in response.text


def test_an_invalid_cursor_or_date_is_refused_like_an_invalid_page(admin_client, leads):
    for params in ({"cursor": "not-a-cursor"}, {"jump": "31/02/2026"}):
        response = admin_client.get(changelist(), params)
        assert response.status_code == 302
        assert response.url.endswith("?e=1")


def test_cursor_tokens_keep_the_exact_position():
    keyset = Keyset(Lead._meta.get_field("created_at"), Lead._meta.pk, descending=True)
    position = Position(BASE, uuid.uuid4())

    cursor = decode_cursor(encode(Cursor(AFTER, position)), keyset)

    assert cursor == Cursor(AFTER, position)
    assert cursor.position.value.microsecond == 123456


def test_a_list_that_fits_on_one_page_counts_nothing(admin_client, leads):
    with CaptureQueriesContext(connection) as captured:
        response = get(admin_client, changelist(), {"q": "contato7@empresa7.com.br"})

    assert response.context["cl"].result_count == 1
    assert not [q for q in captured.captured_queries if "COUNT(" in q["sql"]]
    assert "cerca de" not in response.text


def test_a_longer_list_is_counted_exactly_up_to_the_limit(admin_client, leads):
    response = get(admin_client, changelist(), {"status": "qualificado"})

    assert response.context["cl"].result_count == Lead.objects.filter(status="qualificado").count()
    assert "cerca de" not in response.text


def test_a_count_that_would_scan_is_not_run_the_estimate_says_so(admin_client, leads, monkeypatch):
    monkeypatch.setattr(paginator, "COUNT_COST_LIMIT", 0)

    with CaptureQueriesContext(connection) as captured:
        response = get(admin_client, changelist(), {"status": "qualificado"})

    counts = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"]]
    assert counts and all(sql.startswith("EXPLAIN") for sql in counts)
    assert "cerca de" in response.text


def test_small_tables_keep_numbered_pages(admin_client):
    Tenant.objects.bulk_create(
        [Tenant(id=uuid.uuid4(), company_name=f"Tenant {n:03d} Ltda") for n in range(60)]
    )

    response = get(admin_client, changelist(Tenant), {"p": "2"})

    assert not isinstance(response.context["cl"], KeysetChangeList)
    assert response.context["cl"].page_num == 2
    assert "?p=1" in response.text


def test_a_popup_list_pages_by_cursor_and_stays_a_popup(admin_client, leads):
    params = {"_popup": "1", "_to_field": "id"}
    first = get(admin_client, changelist(), params)
    second = follow(admin_client, first, "next")

    assert "_popup=1" in first.context["cl"].keyset_links()["next"]
    assert ids(second) == newest_first(Lead.objects.all())[PER_PAGE : 2 * PER_PAGE]
    assert 'data-popup-opener="' in second.text
