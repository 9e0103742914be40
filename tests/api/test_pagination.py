"""Keyset pagination: every row once across pages (ties and NULL timestamps included),
no COUNT(*) and no OFFSET in the SQL."""

import uuid
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.pagination import decode_cursor, encode_cursor, keyset_page
from platform_app.models import AuditLog
from platform_app.selectors import audit_log_page
from tests.api.conftest import token_auth
from tests.factories import AgentFactory, PlatformUserFactory, TenantFactory

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


@pytest.fixture
def mixed_logs(logs):
    """`logs` plus another tenant's rows, some by a user or an agent, on a shared trace."""
    other = TenantFactory()
    user = PlatformUserFactory(tenant=other)
    agent = AgentFactory()
    trace = uuid.uuid4()
    AuditLog.objects.bulk_create(
        AuditLog(
            trace_id=trace if i % 2 else uuid.uuid4(),
            tenant=other,
            user=user if i % 3 == 0 else None,
            agent=agent if i % 4 == 0 else None,
            action_type="lead.update" if i % 2 else "x",
            result="failure" if i % 5 == 0 else "success",
            created_at=datetime(2026, 1, 2, i % 7, tzinfo=UTC),
        )
        for i in range(20)
    )
    return {"tenant": logs, "other": other, "user": user, "agent": agent, "trace": trace}


def shown(log: AuditLog) -> tuple:
    """What the audit endpoint writes of a row and its user and agent (the user's tenant
    decides its masking)."""
    user, agent = log.user, log.agent
    return (
        log.pk,
        user and (user.email, user.full_name, user.tenant_id),
        agent and (agent.name, agent.display_name),
    )


def test_the_audit_sql_page_walks_like_the_orm_keyset_page(mixed_logs):
    """platform_app's hand-written audit page: the same rows, order and cursors as
    keyset_page over the same filters, with the user and agent read beside them."""
    start = datetime(2026, 1, 1, 6, tzinfo=UTC)
    cases = [
        {},
        {"tenant_id": mixed_logs["tenant"].pk},
        {"trace_id": mixed_logs["trace"]},
        {"user_id": mixed_logs["user"].pk},
        {"agent_id": mixed_logs["agent"].pk, "result": "success"},
        {"action_type": "x", "start": start},
        {"start": start, "end": datetime(2026, 1, 2, 3, tzinfo=UTC)},
    ]
    for filters in cases:
        orm = AuditLog.objects.select_related("user", "agent").filter(
            **{
                {"start": "created_at__gte", "end": "created_at__lte"}.get(name, name): value
                for name, value in filters.items()
            }
        )
        cursor = sql_cursor = None
        walked = 0
        while True:
            expected = keyset_page(orm, order_field="created_at", limit=3, cursor=cursor)
            page = audit_log_page(limit=3, cursor=sql_cursor, **filters)
            with CaptureQueriesContext(connection) as reads:
                got = [shown(log) for log in page.items]
            assert not reads.captured_queries
            assert got == [shown(log) for log in expected.items], filters
            assert page.next_cursor == expected.next_cursor
            walked += len(page.items)
            if not page.has_more:
                break
            cursor = sql_cursor = page.next_cursor
        assert walked == orm.count()
        assert walked > 0, filters
