"""Contract of the staff and platform-user read endpoints: envelopes, field names and
types, filters, 404s; staff permissions follow the groups as in the admin."""

import uuid

import pytest

from nigredo.models import Lead
from platform_app.models import AuditLog, Tenant
from staff.roles import APPROVERS, LGPD_OFFICERS, SUPPORT, TENANT_MANAGERS
from tests.api.conftest import token_auth

pytestmark = pytest.mark.django_db
UUID = str
PAGINATION = ["limit", "hasMore", "nextCursor"]


def get(client, url, key):
    response = client.get(url, **token_auth(key))
    assert response.status_code == 200, (url, response.content)
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_tenants_with_their_subscription(client, staff_key, demo_data):
    body = get(client, "/api/tenants?limit=100", staff_key(SUPPORT))

    assert list(body) == ["tenants", "pagination"]
    assert list(body["pagination"]) == PAGINATION
    tenants = {t["id"]: t for t in body["tenants"]}
    assert len(tenants) == Tenant.objects.count()
    subscribed = next(t for t in body["tenants"] if t["subscription"])
    assert list(subscribed) == [
        "id",
        "companyName",
        "cnpj",
        "subscriptionTier",
        "subscriptionStatus",
        "settings",
        "createdAt",
        "updatedAt",
        "subscription",
    ]
    assert list(subscribed["subscription"]) == [
        "id",
        "planId",
        "planName",
        "planDisplayName",
        "billingCycle",
        "status",
        "amount",
        "currency",
        "currentPeriodStart",
        "currentPeriodEnd",
        "cancelAtPeriodEnd",
        "cancelledAt",
    ]
    assert subscribed["subscription"]["amount"].count(".") == 1
    assert subscribed["createdAt"].endswith("Z")
    detail = get(client, f"/api/tenants/{subscribed['id']}", staff_key(SUPPORT))
    usage = detail.pop("usage")
    assert detail == subscribed
    assert set(usage) == {"users", "agents", "subnucleos"}
    assert set(usage["agents"]) == {"used", "limit"}


def test_tenant_users(client, staff_key, demo_data):
    tenant = Tenant.objects.filter(users__isnull=False).first()

    body = get(client, f"/api/tenants/{tenant.id}/users", staff_key(TENANT_MANAGERS))

    assert {u["tenantId"] for u in body["users"]} == {str(tenant.id)}
    assert list(body["users"][0]) == [
        "id",
        "tenantId",
        "email",
        "fullName",
        "userRole",
        "status",
        "lastLoginAt",
        "createdAt",
        "updatedAt",
    ]


def test_unknown_ids_are_404_and_bad_ids_are_404_too(client, staff_key):
    key = staff_key(superuser=True)

    for url in (f"/api/tenants/{uuid.uuid4()}", f"/api/leads/{uuid.uuid4()}", "/api/leads/123"):
        response = client.get(url, **token_auth(key))
        assert response.status_code == 404, url
        assert response.json()["error"] == "not_found"


def test_leads_with_consent_fields(client, staff_key, demo_data):
    key = staff_key(LGPD_OFFICERS)
    body = get(client, "/api/leads?limit=5", key)

    assert len(body["leads"]) == 5
    assert body["pagination"]["hasMore"] is True
    lead = body["leads"][0]
    for field in ("consentGiven", "consentDate", "consentSource", "consentIpAddress"):
        assert field in lead
    assert "message" not in lead
    detail = get(client, f"/api/leads/{lead['id']}", key)
    assert all(detail[field] == value for field, value in lead.items())
    assert {"message", "metadata", "ipAddress", "userAgent"} <= set(detail)
    consented = get(client, "/api/leads?consentGiven=true&limit=200", key)["leads"]
    assert consented and all(item["consentGiven"] for item in consented)
    assert len(consented) == Lead.objects.filter(consent_given=True).count()


def test_lead_interactions(client, staff_key, demo_data):
    lead = Lead.objects.filter(interacoes__isnull=False).first()

    body = get(client, f"/api/leads/{lead.id}/interactions", staff_key(LGPD_OFFICERS))

    assert body["interactions"]
    assert {i["leadId"] for i in body["interactions"]} == {str(lead.id)}


def test_audit_logs_with_productions_filters(client, staff_key, demo_data):
    key = staff_key(SUPPORT)
    log = AuditLog.objects.filter(user__isnull=False).first()

    by_trace = get(client, f"/api/audit-logs?traceId={log.trace_id}", key)
    assert list(by_trace) == ["logs", "pagination"]
    assert by_trace["pagination"]["limit"] == 100
    assert str(log.id) in {row["id"] for row in by_trace["logs"]}
    row = next(row for row in by_trace["logs"] if row["id"] == str(log.id))
    assert list(row) == [
        "id",
        "traceId",
        "tenantId",
        "userId",
        "agentId",
        "actionType",
        "result",
        "context",
        "errorMessage",
        "createdAt",
        "userEmail",
        "userName",
        "agentName",
        "agentDisplayName",
    ]
    assert row["userEmail"] == log.user.email

    filtered = get(
        client,
        f"/api/audit-logs?tenantId={log.tenant_id}&actionType={log.action_type}"
        f"&result={log.result}&userId={log.user_id}&limit=1000",
        key,
    )["logs"]
    assert filtered
    assert all(
        (r["tenantId"], r["actionType"], r["userId"])
        == (str(log.tenant_id), log.action_type, str(log.user_id))
        for r in filtered
    )
    window = get(
        client, "/api/audit-logs?startDate=2000-01-01T00:00:00Z&endDate=2000-01-02T00:00:00Z", key
    )
    assert window["logs"] == []


def test_events_and_traces(client, staff_key, demo_data):
    key = staff_key(SUPPORT)

    events = get(client, "/api/events?limit=3", key)
    traces = get(client, "/api/traces?limit=3", key)

    assert len(events["events"]) == 3 and len(traces["traces"]) == 3
    trace_id = traces["traces"][0]["traceId"]
    same = get(client, f"/api/traces?traceId={trace_id}", key)["traces"]
    assert [t["traceId"] for t in same] == [trace_id]
    assert "durationMs" in same[0]


@pytest.mark.parametrize(
    ("group", "url", "allowed"),
    [
        (SUPPORT, "/api/leads", True),
        (SUPPORT, "/api/audit-logs", True),
        (APPROVERS, "/api/tenants", True),
        (APPROVERS, "/api/leads", False),
        (APPROVERS, "/api/audit-logs", False),
        (LGPD_OFFICERS, "/api/leads", True),
        (LGPD_OFFICERS, "/api/events", False),
        (TENANT_MANAGERS, "/api/tenants", True),
        (TENANT_MANAGERS, "/api/traces", False),
    ],
)
def test_staff_permissions_follow_the_groups(client, staff_key, group, url, allowed):
    response = client.get(url, **token_auth(staff_key(group)))

    assert response.status_code == (200 if allowed else 403)
    if not allowed:
        assert response.json()["error"] == "permission_denied"


def test_a_staff_account_without_groups_reads_nothing(client, staff_key):
    response = client.get("/api/leads", **token_auth(staff_key()))

    assert response.status_code == 403
