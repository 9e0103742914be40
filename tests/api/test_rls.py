"""Tenant isolation is enforced by PostgreSQL (migration 013), not only by ORM filters:
a platform user's request cannot list, filter, guess, update or delete another tenant's
rows, even with raw SQL; the scope fails closed and does not outlive the request."""

import uuid

import pytest
from django.db import connection, transaction

from api import rls
from fibonacci.models import Event, Trace
from nigredo.models import Interacao, Lead
from platform_app.models import AuditLog
from tests.api.conftest import bearer, token_auth
from tests.factories import LeadFactory, PlatformUserFactory, TenantFactory
from tests.support import cognito

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """Two tenants, each with a user, leads, an interaction, audit rows, an event, a trace."""
    rows = {}
    for name in ("mine", "theirs"):
        tenant = TenantFactory()
        user = PlatformUserFactory(tenant=tenant)
        leads = [LeadFactory(tenant=tenant) for _ in range(3)]
        trace_id = uuid.uuid4()
        Interacao.objects.create(
            lead=leads[0], tipo="mensagem", canal="whatsapp", mensagem="Olá", trace_id=trace_id
        )
        AuditLog.objects.create(
            trace_id=trace_id, tenant=tenant, user=user, action_type="lead.create", result="success"
        )
        Event.objects.create(
            event_id=f"evt-{uuid.uuid4()}",
            trace_id=trace_id,
            source="nigredo",
            event_type="lead.created",
            detail={},
            metadata={"tenantId": str(tenant.id)},
        )
        Trace.objects.create(
            trace_id=trace_id,
            tenant=tenant,
            lead=leads[0],
            span_name="s",
            span_type="agent",
            service_name="svc",
            start_time="2026-01-01T00:00:00Z",
        )
        rows[name] = {
            "tenant": tenant,
            "user": user,
            "leads": leads,
            "trace_id": trace_id,
            "token": cognito.make_token(sub=user.id, tenant_id=tenant.id),
        }
    return rows


def ids(items) -> set[str]:
    return {item["id"] for item in items}


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("/api/leads", "leads"),
        ("/api/audit-logs", "logs"),
        ("/api/events", "events"),
        ("/api/traces", "traces"),
        ("/api/tenants", "tenants"),
    ],
)
def test_lists_show_only_the_callers_tenant(client, world, url, key):
    response = client.get(url, **bearer(world["mine"]["token"]))

    assert response.status_code == 200, response.content
    items = response.json()[key]
    assert items
    mine = str(world["mine"]["tenant"].id)
    for item in items:
        tenant = item.get("tenantId") or (item.get("metadata") or {}).get("tenantId") or item["id"]
        assert tenant == mine


def test_filtering_by_another_tenant_returns_nothing(client, world):
    theirs = world["theirs"]
    auth = bearer(world["mine"]["token"])

    for url, key in [
        (f"/api/leads?tenantId={theirs['tenant'].id}", "leads"),
        (f"/api/audit-logs?tenantId={theirs['tenant'].id}", "logs"),
        (f"/api/audit-logs?traceId={theirs['trace_id']}", "logs"),
        (f"/api/events?traceId={theirs['trace_id']}", "events"),
        (f"/api/traces?tenantId={theirs['tenant'].id}", "traces"),
        (f"/api/leads?email={theirs['leads'][0].email}", "leads"),
    ]:
        response = client.get(url, **auth)
        assert response.status_code == 200, url
        assert response.json()[key] == [], url


def test_guessed_ids_of_another_tenant_are_404(client, world):
    theirs = world["theirs"]
    auth = bearer(world["mine"]["token"])

    for url in [
        f"/api/leads/{theirs['leads'][0].id}",
        f"/api/leads/{theirs['leads'][0].id}/interactions",
        f"/api/tenants/{theirs['tenant'].id}",
        f"/api/tenants/{theirs['tenant'].id}/users",
    ]:
        response = client.get(url, **auth)
        assert response.status_code == 404, url
        assert response.json()["error"] == "not_found"
    assert client.get(f"/api/leads/{world['mine']['leads'][0].id}", **auth).status_code == 200


@pytest.mark.urls("tests.api.urls")
def test_another_tenants_rows_cannot_be_updated_or_deleted(client, world):
    theirs_lead = world["theirs"]["leads"][1]
    mine_lead = world["mine"]["leads"][1]
    auth = bearer(world["mine"]["token"])

    update = client.patch(
        f"/api/test/leads/{theirs_lead.id}", {"priorityScore": 99}, format="json", **auth
    )
    delete = client.delete(f"/api/test/leads/{theirs_lead.id}", **auth)
    own = client.patch(
        f"/api/test/leads/{mine_lead.id}", {"priorityScore": 77}, format="json", **auth
    )

    assert (update.json(), delete.json(), own.json()) == (
        {"updated": 0},
        {"deleted": 0},
        {"updated": 1},
    )
    theirs_lead.refresh_from_db()
    assert theirs_lead.priority_score == 0
    assert Lead.objects.filter(pk=theirs_lead.pk).exists()
    assert Lead.objects.get(pk=mine_lead.pk).priority_score == 77


@pytest.mark.urls("tests.api.urls")
def test_raw_sql_inside_a_platform_users_request_sees_only_its_tenant(client, world):
    response = client.get("/api/test/raw-sql", **bearer(world["mine"]["token"]))

    body = response.json()
    assert body["tenants"] == [str(world["mine"]["tenant"].id)]
    assert body["user"] == "backoffice_api_tenant"
    assert body["setting"] == str(world["mine"]["tenant"].id)
    assert body["actor"] == {
        "platformUserId": str(world["mine"]["user"].id),
        "tenantId": str(world["mine"]["tenant"].id),
        "staff": None,
    }


@pytest.mark.urls("tests.api.urls")
def test_staff_requests_see_every_tenant(client, world, staff_key):
    response = client.get("/api/test/raw-sql", **token_auth(staff_key("Suporte")))

    body = response.json()
    assert {str(world[name]["tenant"].id) for name in world} <= set(body["tenants"])
    assert body["user"] != "backoffice_api_tenant"
    assert body["setting"] in (None, "")
    assert body["actor"]["staff"]


def test_with_the_role_set_and_no_tenant_a_query_sees_nothing(world):
    with transaction.atomic():
        rls.enter_tenant_role()
        assert Lead.objects.count() == 0
        assert AuditLog.objects.count() == 0
        assert Interacao.objects.count() == 0
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM nigredo_leads.leads")
            assert cursor.fetchone()[0] == 0
        rls.leave_tenant_role()


def test_inserting_a_row_for_another_tenant_is_refused(world):
    from django.db.utils import ProgrammingError

    with pytest.raises(ProgrammingError, match="row-level security"), transaction.atomic():
        rls.set_tenant(world["mine"]["tenant"].id)
        LeadFactory(tenant=world["theirs"]["tenant"])


def test_every_table_with_a_tenant_column_has_row_level_security():
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT n.nspname || '.' || c.relname, c.relrowsecurity,
                   (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'r'
              AND n.nspname IN ('alquimista_platform', 'nigredo_leads', 'fibonacci_core', 'public')
              AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid
                          AND a.attname IN ('tenant_id', 'lead_id') AND NOT a.attisdropped)
            """
        )
        rows = cursor.fetchall()

    assert rows
    assert [(name, rls, policies) for name, rls, policies in rows if not rls or policies != 2] == []


def test_a_non_owner_connecting_user_still_sees_every_tenant(world):
    """Staff requests and Lambdas that connect as a role other than the owner (and not a
    superuser) are not confined: the policies confine the API's tenant role only."""
    role = f"test_other_{uuid.uuid4().hex[:8]}"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
        cursor.execute(f"GRANT USAGE ON SCHEMA nigredo_leads TO {role}")
        cursor.execute(f"GRANT SELECT ON nigredo_leads.leads TO {role}")
        cursor.execute(f"SET LOCAL ROLE {role}")
        cursor.execute("SELECT count(DISTINCT tenant_id) FROM nigredo_leads.leads")
        seen = cursor.fetchone()[0]
        cursor.execute("SET LOCAL ROLE NONE")
        transaction.set_rollback(True)

    assert seen >= 2
