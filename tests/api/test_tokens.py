"""Staff API keys: the two commands and the admin page superusers revoke them from."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from api.models import ApiToken
from tests.api.conftest import token_auth
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db


def create(*args: str) -> list[str]:
    out = StringIO()
    call_command("create_api_token", *args, stdout=out)
    return out.getvalue().strip().splitlines()


def test_create_prints_the_key_alone_on_the_last_line(client):
    user = StaffUserFactory(is_superuser=True)

    lines = create(user.username, "--expires-days", "30")

    key = lines[-1]
    assert " " not in key and len(key) >= 40
    token = ApiToken.objects.get(user=user)
    assert token.expires_at is not None
    assert token.prefix in lines[0]
    assert client.get("/api/tenants", **token_auth(key)).status_code == 200


def test_create_refuses_unknown_and_non_staff_accounts():
    with pytest.raises(CommandError, match="Nenhuma conta"):
        create("ninguem")
    with pytest.raises(CommandError, match="contas ativas da equipe"):
        create(StaffUserFactory(is_staff=False).username)
    assert not ApiToken.objects.exists()


def test_revoke_by_prefix_or_username(client):
    user = StaffUserFactory(is_superuser=True)
    first, second = create(user.username)[-1], create(user.username)[-1]
    prefix = ApiToken.objects.get(prefix=first[:8]).prefix

    call_command("revoke_api_token", prefix, stdout=StringIO())
    assert client.get("/api/tenants", **token_auth(first)).status_code == 401
    assert client.get("/api/tenants", **token_auth(second)).status_code == 200

    out = StringIO()
    call_command("revoke_api_token", user.username, stdout=out)
    assert "1 chave(s) revogada(s)." in out.getvalue()
    assert client.get("/api/tenants", **token_auth(second)).status_code == 401
    with pytest.raises(CommandError):
        call_command("revoke_api_token", "nada-disso", stdout=StringIO())


def test_superusers_list_and_revoke_keys_in_the_admin(admin_client):
    user = StaffUserFactory()
    create(user.username)
    token = ApiToken.objects.get(user=user)

    page = admin_client.get("/admin/api/apitoken/")
    assert page.status_code == 200
    assert token.prefix in page.content.decode()
    assert token.key_hash not in page.content.decode()
    response = admin_client.post(
        "/admin/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]}
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_other_staff_cannot_see_the_keys(client):
    staff = StaffUserFactory(groups=["Suporte"])
    client.force_login(staff)

    assert client.get("/admin/api/apitoken/").status_code == 403


def test_no_key_starts_with_a_dash_its_prefix_would_be_read_as_an_option(monkeypatch):
    drawn = iter(["-Xq3" + "a" * 39, "Kq3" + "b" * 40])
    monkeypatch.setattr("api.services.secrets.token_urlsafe", lambda size: next(drawn))
    user = StaffUserFactory(is_superuser=True)

    key = create(user.username)[-1]

    assert key.startswith("Kq3")
    call_command("revoke_api_token", key[:8], stdout=StringIO())
    assert ApiToken.objects.get(user=user).revoked_at is not None
