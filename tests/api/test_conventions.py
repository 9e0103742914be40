"""The conventions every endpoint follows, exercised through test-only endpoints built
like a domain app's (tests/api/urls.py): one error body, the right status for each bad
input, never a 500 for input; X-Trace-Id everywhere; staff writes need write permissions."""

import json

import pytest

from nigredo.models import Lead
from staff.roles import LGPD_OFFICERS, SUPPORT
from tests.api.conftest import bearer, token_auth
from tests.factories import LeadFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.urls")]


@pytest.fixture
def lead():
    return LeadFactory(priority_score=10)


@pytest.fixture
def officer(staff_key):
    return token_auth(staff_key(LGPD_OFFICERS))


def patch(client, lead, body, auth, content_type="application/json"):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.generic(
        "PATCH", f"/api/test/leads/{lead.id}", data, content_type=content_type, **auth
    )


def error_of(response, status):
    assert response.status_code == status, response.content
    body = response.json()
    assert list(body) == ["error", "message", "details", "traceId"]
    assert body["traceId"] == response["X-Trace-Id"]
    return body


def test_a_valid_body_is_applied(client, lead, officer):
    response = patch(client, lead, {"priorityScore": 42}, officer)

    assert response.json() == {"updated": 1}
    assert Lead.objects.get(pk=lead.pk).priority_score == 42


@pytest.mark.parametrize(
    "raw", ['{"priorityScore": ', "not json", '{"priorityScore": NaN}', "\xff"]
)
def test_malformed_json_is_400(client, lead, officer, raw):
    body = error_of(patch(client, lead, raw, officer), 400)

    assert body["error"] == "malformed_json"
    assert Lead.objects.get(pk=lead.pk).priority_score == 10


def test_an_unknown_field_is_400_naming_it(client, lead, officer):
    body = error_of(patch(client, lead, {"priorityScore": 5, "priority_score": 5}, officer), 400)

    assert body["error"] == "invalid_input"
    assert body["details"] == {"priority_score": ["Campo desconhecido."]}


@pytest.mark.parametrize("value", ["high", [1], {"a": 1}, None, True])
def test_a_wrong_type_is_400(client, lead, officer, value):
    body = error_of(patch(client, lead, {"priorityScore": value}, officer), 400)

    assert body["error"] == "invalid_input"
    assert list(body["details"]) == ["priorityScore"]


def test_a_body_that_is_not_an_object_is_400(client, lead, officer):
    body = error_of(patch(client, lead, [1, 2], officer), 400)

    assert body["error"] == "invalid_input"


def test_a_value_violating_a_check_constraint_is_400(client, lead, officer):
    body = error_of(patch(client, lead, {"priorityScore": 150}, officer), 400)

    assert body["error"] == "check_violation"
    assert list(body["details"]) == ["leads_priority_score_check"]
    assert Lead.objects.get(pk=lead.pk).priority_score == 10


def test_a_value_out_of_the_columns_range_is_400(client, lead, officer):
    body = error_of(patch(client, lead, {"priorityScore": 2**40}, officer), 400)

    assert body["error"] == "invalid_value"


def test_a_body_over_1_mib_is_413(client, lead, officer):
    big = json.dumps({"priorityScore": 1, "note": "x" * (1024 * 1024)})

    body = error_of(patch(client, lead, big, officer), 413)

    assert body["error"] == "body_too_large"


def test_a_body_over_1_mib_that_reaches_the_view_is_413_too(lead, officer):
    """Past the middleware (a view called directly): the parser and Django's own limit."""
    from rest_framework.test import APIRequestFactory

    from tests.api.urls import LeadPriorityApi

    big = json.dumps({"priorityScore": 1, "note": "x" * (1024 * 1024)}).encode()
    request = APIRequestFactory().generic(
        "PATCH", "/", big, content_type="application/json", **officer
    )
    response = LeadPriorityApi.as_view()(request, lead_id=lead.id)

    assert response.status_code == 413


def test_a_bad_uuid_in_a_query_is_400(client, staff_key):
    body = error_of(client.get("/api/leads?tenantId=abc", **token_auth(staff_key(SUPPORT))), 400)

    assert body["details"] == {"tenantId": ["Um UUID válido é necessário."]} or list(
        body["details"]
    ) == ["tenantId"]


def test_an_application_error_keeps_its_status_code_and_details(client, staff_key):
    auth = token_auth(staff_key(superuser=True))

    body = error_of(client.post("/api/test/conflict", {}, format="json", **auth), 409)

    assert body["error"] == "already_decided"
    assert body["message"] == "Esta solicitação já foi decidida."
    assert body["details"] == {"x": ["y"]}


def test_an_unexpected_error_is_a_json_500(client, officer):
    body = error_of(client.get("/api/test/crash", **officer), 500)

    assert body["error"] == "internal_error"


def test_support_reads_but_never_writes(client, lead, staff_key):
    support = token_auth(staff_key(SUPPORT))

    assert client.get("/api/leads", **support).status_code == 200
    body = error_of(patch(client, lead, {"priorityScore": 1}, support), 403)
    assert body["error"] == "permission_denied"
    assert client.delete(f"/api/test/leads/{lead.id}", **support).status_code == 403
    assert Lead.objects.get(pk=lead.pk).priority_score == 10


def test_an_unknown_api_url_is_a_json_404(client):
    body = error_of(client.get("/api/nothing-here"), 404)

    assert body["error"] == "not_found"


def test_an_unsupported_method_is_a_json_405(client, staff_key):
    body = error_of(client.delete("/api/leads", **token_auth(staff_key(superuser=True))), 405)

    assert body["error"] == "method_not_allowed"


def test_a_platform_user_gets_the_same_error_body(client, tenant_user, lead):
    _, token = tenant_user()

    body = error_of(patch(client, lead, "{", bearer(token)), 400)

    assert body["error"] == "malformed_json"
