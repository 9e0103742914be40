"""Keyset pagination: every row once across pages (ties and NULL timestamps included),
no COUNT(*) and no OFFSET in the SQL."""

import uuid
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.pagination import decode_cursor, encode_cursor, keyset_page
from platform_app.models import AuditLog
from tests.api.conftest import token_auth
from tests.factories import TenantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def logs():
    tenant = TenantFactory()
    same = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    rows = [
        AuditLog(
            trace_id=uuid.uuid4(),
            tenant=tenant,
            action_type="x",
            result="success",
            created_at=same if i % 3 else datetime(2026, 1, 1, i % 24, tzinfo=UTC),
        )
        for i in range(25)
    ]
    AuditLog.objects.bulk_create(rows)
    null_rows = AuditLog.objects.bulk_create(
        [
            AuditLog(trace_id=uuid.uuid4(), tenant=tenant, action_type="x", result="success")
            for _ in range(3)
        ]
    )
    AuditLog.objects.filter(pk__in=[row.pk for row in null_rows]).update(created_at=None)
    return tenant


def test_pages_cover_every_row_once_in_order(logs):
    queryset = AuditLog.objects.filter(tenant=logs)
    seen, cursor = [], None
    while True:
        page = keyset_page(queryset, order_field="created_at", limit=4, cursor=cursor)
        seen += page.items
        if not page.has_more:
            break
        cursor = page.next_cursor

    assert len(seen) == len({row.pk for row in seen}) == 28
    assert [row.created_at for row in seen[:3]] == [None, None, None]
    keys = [(row.created_at, row.pk) for row in seen[3:]]
    assert keys == sorted(keys, reverse=True)


def test_the_api_walks_pages_with_next_cursor(client, staff_key, logs):
    key = token_auth(staff_key(superuser=True))
    url = f"/api/audit-logs?tenantId={logs.id}&limit=10"
    ids, next_url = [], url
    with CaptureQueriesContext(connection) as queries:
        while next_url:
            body = client.get(next_url, **key).json()
            ids += [row["id"] for row in body["logs"]]
            cursor = body["pagination"]["nextCursor"]
            next_url = f"{url}&cursor={cursor}" if cursor else None

    assert len(ids) == len(set(ids)) == 28
    sql = " ".join(query["sql"].upper() for query in queries.captured_queries)
    assert "OFFSET" not in sql
    assert "COUNT(" not in sql


def test_cursor_round_trip_and_garbage():
    moment = datetime(2026, 5, 1, 10, 30, 1, 123456, tzinfo=UTC)
    pk = uuid.uuid4()

    assert decode_cursor(encode_cursor(moment, pk)) == (moment, pk)
    assert decode_cursor(encode_cursor(None, pk)) == (None, pk)
    for garbage in ("", "!!!", encode_cursor(moment, pk)[:-3], "WyIxIiwgIjIiXQ"):
        with pytest.raises(Exception, match=r"[Cc]ursor"):
            decode_cursor(garbage)
