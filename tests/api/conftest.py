import pytest

from api.services import api_token_create
from tests.factories import PlatformUserFactory, StaffUserFactory, TenantFactory
from tests.support import cognito
from tests.support.auth import StaffAPIClient


@pytest.fixture(autouse=True)
def cognito_settings(settings, tmp_path):
    """Every API test accepts tokens of the local test pool."""
    settings.COGNITO_JWKS_FILE = str(cognito.write_jwks(tmp_path / "jwks.json"))
    settings.COGNITO_ISSUER = cognito.ISSUER
    settings.COGNITO_APP_CLIENT_IDS = [cognito.CLIENT_ID]
    return settings


@pytest.fixture
def client():
    return StaffAPIClient()


@pytest.fixture
def staff_key(db):
    """`staff_key("Suporte")`: an API key of a new staff account in those groups."""

    def make(*groups: str, superuser: bool = False) -> str:
        user = StaffUserFactory(groups=list(groups), is_superuser=superuser)
        _, key = api_token_create(user=user)  # type: ignore[arg-type]
        return key

    return make


def token_auth(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def tenant_user(db):
    """`tenant_user()`: an active platform user of a new active tenant, and its token."""

    def make(**user_fields):
        user = PlatformUserFactory(**user_fields)
        return user, cognito.make_token(sub=user.id, tenant_id=user.tenant_id)

    return make


@pytest.fixture
def two_tenants(db):
    return TenantFactory(), TenantFactory()
