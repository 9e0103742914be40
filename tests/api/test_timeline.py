"""`GET /api/traces/{traceId}/timeline` (issue 11): the admin page's timeline as JSON,
for staff with the four tables and for a platform user inside its tenant."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from staff.roles import APPROVERS, SUPPORT
from tests.api.conftest import bearer, token_auth
from tests.factories import LeadFactory, PlatformUserFactory, TenantFactory
from tests.helpdesk.builders import audit, event, interacao, span
from tests.support import cognito

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


@pytest.fixture
def story():
    """A three-level span tree of one tenant; an audit row, an event and an interaction
    on its spans; another audit row of the tenant three minutes later, on its own trace."""
    tenant = TenantFactory()
    lead = LeadFactory(tenant=tenant)
    root = span(T0, name="intake", seconds=10, tenant=tenant, lead=lead)
    child = span(
        T0 + timedelta(seconds=1), parent=root, name="agente", seconds=4, tenant=tenant, lead=lead
    )
    grandchild = span(
        T0 + timedelta(seconds=2), parent=child, name="envio", seconds=1, tenant=tenant, lead=lead
    )
    audit(T0 + timedelta(seconds=3), trace_id=child.trace_id, tenant=tenant)
    event(T0 + timedelta(seconds=4), trace_id=grandchild.trace_id, tenant=tenant)
    interacao(T0 + timedelta(seconds=5), lead=lead, trace_id=grandchild.trace_id)
    later = audit(T0 + timedelta(minutes=3), trace_id=uuid.uuid4(), tenant=tenant)
    return {"tenant": tenant, "lead": lead, "child": child, "later": later}


def test_the_timeline_joins_the_four_tables_with_the_span_tree(client, staff_key, story):
    auth = token_auth(staff_key(SUPPORT))

    response = client.get(f"/api/traces/{story['child'].trace_id}/timeline", **auth)

    assert response.status_code == 200, response.content
    body = response.json()
    assert [row["kind"] for row in body["rows"]] == [
        "trace",
        "trace",
        "trace",
        "audit",
        "event",
        "interacao",
    ]
    assert body["rows"][3]["table"] == "alquimista_platform.audit_logs"
    assert body["rows"][0]["at"].endswith("Z")
    assert [span["depth"] for span in body["spans"]] == [0, 1, 2]
    assert [span["spanName"] for span in body["spans"]] == ["intake", "agente", "envio"]
    assert body["spans"][0]["durationMs"] == 10_000
    assert (body["tenantId"], body["leadId"]) == (str(story["tenant"].pk), str(story["lead"].pk))
    assert body["around"] is None

    around = client.get(
        f"/api/traces/{story['child'].trace_id}/timeline?aroundMinutes=5", **auth
    ).json()["around"]
    assert around["subject"] == "tenant" and around["minutes"] == 5
    assert str(story["later"].pk) in {row["recordId"] for row in around["rows"]}
    narrow = client.get(
        f"/api/traces/{story['child'].trace_id}/timeline?aroundMinutes=1", **auth
    ).json()["around"]
    assert str(story["later"].pk) not in {row["recordId"] for row in narrow["rows"]}


def test_bad_parameters_unknown_ids_and_groups(client, staff_key, story):
    auth = token_auth(staff_key(SUPPORT))
    url = f"/api/traces/{story['child'].trace_id}/timeline"

    bad = client.get(f"{url}?aroundMinutes=7&x=1", **auth)
    assert bad.status_code == 400 and set(bad.json()["details"]) == {"x"}
    assert client.get(f"{url}?aroundMinutes=7", **auth).status_code == 400
    assert client.get(f"/api/traces/{uuid.uuid4()}/timeline", **auth).status_code == 404
    assert client.get(url, **token_auth(staff_key(APPROVERS))).status_code == 403


def test_a_platform_user_sees_its_tenants_traces_only(client, story):
    own = PlatformUserFactory(tenant=story["tenant"])
    stranger = PlatformUserFactory()
    url = f"/api/traces/{story['child'].trace_id}/timeline"

    mine = client.get(url, **bearer(cognito.make_token(sub=own.pk, tenant_id=own.tenant_id)))
    theirs = client.get(
        url, **bearer(cognito.make_token(sub=stranger.pk, tenant_id=stranger.tenant_id))
    )

    assert mine.status_code == 200 and len(mine.json()["rows"]) == 6
    assert theirs.status_code == 404
