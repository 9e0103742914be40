"""Who gets in: Cognito tokens (platform users) and staff API keys, every refusal a JSON
401 or 403 with a stable code, never a 500."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from api.models import ApiToken
from api.services import api_token_create, api_token_revoke
from platform_app.models import PlatformUser, Tenant
from tests.api.conftest import bearer, token_auth
from tests.factories import PlatformUserFactory, StaffUserFactory, TenantFactory
from tests.support import cognito
from tests.support.auth import StaffAPIClient

pytestmark = pytest.mark.django_db
URL = "/api/tenants"


def refused(response, status: int, code: str) -> None:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["error"] == code
    assert body["message"]
    assert body["traceId"] == response["X-Trace-Id"]


def test_a_valid_id_token_lists_its_own_tenant(client, tenant_user):
    user, token = tenant_user()

    response = client.get(URL, **bearer(token))

    assert response.status_code == 200, response.content
    assert [t["id"] for t in response.json()["tenants"]] == [str(user.tenant_id)]


def test_an_access_token_is_accepted_too(client, tenant_user):
    user, _ = tenant_user()
    token = cognito.make_token(sub=user.id, tenant_id=user.tenant_id, token_use="access")

    assert client.get(URL, **bearer(token)).status_code == 200


def test_no_credentials_is_401_with_a_bearer_challenge(client):
    response = client.get(URL)

    refused(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_expired_token_is_401(client, tenant_user):
    user, _ = tenant_user()
    token = cognito.make_token(sub=user.id, tenant_id=user.tenant_id, expires_in=-60)

    refused(client.get(URL, **bearer(token)), 401, "token_expired")


def test_a_forged_token_is_401(client, tenant_user):
    user, _ = tenant_user()
    token = cognito.make_token(sub=user.id, tenant_id=user.tenant_id, key=cognito.FORGER_KEY)

    refused(client.get(URL, **bearer(token)), 401, "invalid_signature")


def test_a_tampered_payload_is_401(client, tenant_user):
    user, token = tenant_user()
    other = TenantFactory()
    header, _payload, signature = token.split(".")
    forged = cognito.make_token(sub=user.id, tenant_id=other.id).split(".")[1]

    refused(client.get(URL, **bearer(f"{header}.{forged}.{signature}")), 401, "invalid_signature")


def test_a_token_of_another_issuer_is_401(client, tenant_user):
    user, _ = tenant_user()
    token = cognito.make_token(
        sub=user.id,
        tenant_id=user.tenant_id,
        issuer="https://cognito-idp.sa-east-1.amazonaws.com/x",
    )

    refused(client.get(URL, **bearer(token)), 401, "invalid_issuer")


@pytest.mark.parametrize(
    ("token", "code"),
    [
        ("not-a-jwt", "malformed_token"),
        ("a.b.c", "malformed_token"),
        ("", "not_authenticated"),
    ],
)
def test_garbage_is_401(client, token, code):
    response = client.get(URL, HTTP_AUTHORIZATION=f"Bearer {token}".strip())

    assert response.status_code == 401
    assert response.json()["error"] in (code, "malformed_authorization")


def test_an_hs256_token_is_refused(client, tenant_user):
    user, _ = tenant_user()
    token = cognito.make_token(
        sub=user.id, tenant_id=user.tenant_id, key="secret" * 8, algorithm="HS256"
    )

    refused(client.get(URL, **bearer(token)), 401, "unsupported_algorithm")


def test_an_unknown_signing_key_is_401(client, tenant_user):
    user, _ = tenant_user()
    token = cognito.make_token(sub=user.id, tenant_id=user.tenant_id, kid="rotated-away")

    refused(client.get(URL, **bearer(token)), 401, "unknown_signing_key")


def test_a_refresh_token_use_is_401(client, tenant_user):
    user, _ = tenant_user()
    token = cognito.make_token(sub=user.id, tenant_id=user.tenant_id, extra={"token_use": "x"})

    refused(client.get(URL, **bearer(token)), 401, "invalid_token_use")


def test_a_token_for_another_app_client_is_401(client, tenant_user):
    user, _ = tenant_user()
    token = cognito.make_token(sub=user.id, tenant_id=user.tenant_id, extra={"aud": "other"})

    refused(client.get(URL, **bearer(token)), 401, "invalid_audience")


def test_a_wrong_tenant_claim_is_403(client, tenant_user):
    user, _ = tenant_user()
    other = TenantFactory()
    token = cognito.make_token(sub=user.id, tenant_id=other.id)

    refused(client.get(URL, **bearer(token)), 403, "tenant_mismatch")


def test_a_missing_or_malformed_tenant_claim_is_403(client, tenant_user):
    user, _ = tenant_user()
    for tenant in (None, "not-a-uuid"):
        token = cognito.make_token(sub=user.id, tenant_id=tenant)
        refused(client.get(URL, **bearer(token)), 403, "invalid_identity_claims")


def test_an_unknown_user_is_403(client):
    tenant = TenantFactory()
    token = cognito.make_token(sub=uuid.uuid4(), tenant_id=tenant.id)

    refused(client.get(URL, **bearer(token)), 403, "tenant_mismatch")


@pytest.mark.parametrize("status", [PlatformUser.Status.INACTIVE, PlatformUser.Status.SUSPENDED])
def test_an_inactive_user_is_403(client, tenant_user, status):
    _, token = tenant_user(status=status)

    refused(client.get(URL, **bearer(token)), 403, "user_inactive")


def test_a_user_of_a_suspended_tenant_is_403(client):
    user = PlatformUserFactory(tenant=TenantFactory(subscription_status=Tenant.Status.SUSPENDED))
    token = cognito.make_token(sub=user.id, tenant_id=user.tenant_id)

    refused(client.get(URL, **bearer(token)), 403, "tenant_suspended")


def test_a_staff_key_authenticates(client, staff_key):
    key = staff_key(superuser=True)

    assert client.get(URL, **token_auth(key)).status_code == 200


def test_an_unknown_key_is_401(client):
    refused(client.get(URL, **token_auth("nope")), 401, "invalid_api_key")


def test_a_revoked_key_is_401(client):
    user = StaffUserFactory(is_superuser=True)
    _, key = api_token_create(user=user)
    api_token_revoke(username_or_prefix=user.username)

    refused(client.get(URL, **token_auth(key)), 401, "api_key_revoked")


def test_an_expired_key_is_401(client):
    token, key = api_token_create(user=StaffUserFactory(is_superuser=True), expires_days=1)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    refused(client.get(URL, **token_auth(key)), 401, "api_key_expired")


def test_the_key_of_a_deactivated_account_is_401(client):
    user = StaffUserFactory(is_superuser=True)
    _, key = api_token_create(user=user)
    user.is_active = False
    user.save()

    refused(client.get(URL, **token_auth(key)), 401, "staff_account_inactive")


def test_keys_are_stored_hashed():
    token, key = api_token_create(user=StaffUserFactory())

    stored = ApiToken.objects.get(pk=token.pk)
    assert key not in (stored.key_hash, stored.prefix)
    assert key.startswith(stored.prefix)
    assert len(stored.key_hash) == 64


@pytest.mark.urls("tests.api.urls")
def test_a_staff_session_works_and_enforces_csrf(client):
    user = StaffUserFactory(is_superuser=True)
    session = StaffAPIClient(enforce_csrf_checks=True)
    session.force_login(user)

    assert session.get(URL).status_code == 200
    response = session.post("/api/test/conflict", {}, format="json")
    assert response.status_code == 403
    assert response.json()["error"] == "permission_denied"
    assert "CSRF" in response.json()["message"]


def test_a_non_staff_session_is_not_a_caller(client):
    user = StaffUserFactory(is_staff=False)
    client.force_login(user)

    assert client.get(URL).status_code in (401, 403)
