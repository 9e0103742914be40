"""`load_demo_staff`: one staff account per role group, linked to an internal tenant user."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from devdata.demo.specs import STAFF
from platform_app.models import INTERNAL_TENANT_ID, PlatformUser
from staff.models import StaffPlatformLink
from staff.roles import APPROVERS, LGPD_OFFICERS, SUPPORT, TENANT_MANAGERS

pytestmark = pytest.mark.django_db
ACCOUNTS = {
    "gestor": TENANT_MANAGERS,
    "aprovador1": APPROVERS,
    "aprovador2": APPROVERS,
    "suporte": SUPPORT,
    "lgpd": LGPD_OFFICERS,
    "lgpd2": LGPD_OFFICERS,
}


def load_staff(monkeypatch, password: str | None = None) -> str:
    if password is None:
        monkeypatch.delenv("DEMO_STAFF_PASSWORD", raising=False)
    else:
        monkeypatch.setenv("DEMO_STAFF_PASSWORD", password)
    out = io.StringIO()
    call_command("load_demo_staff", stdout=out)
    return out.getvalue()


def test_one_account_per_role_group_each_linked_to_an_internal_user(demo_data, monkeypatch):
    load_staff(monkeypatch, "senha-demo-123")

    users = User.objects.filter(username__in=ACCOUNTS)
    assert {u.username: [g.name for g in u.groups.all()] for u in users} == {
        name: [group] for name, group in ACCOUNTS.items()
    }
    assert all(u.is_staff and u.check_password("senha-demo-123") for u in users)
    links = {link.user.username: link.platform_user_id for link in StaffPlatformLink.objects.all()}
    linked = PlatformUser.objects.filter(pk__in=links.values())
    assert set(links) == set(ACCOUNTS)
    assert {u.tenant_id for u in linked} == {INTERNAL_TENANT_ID}
    assert {u.status for u in linked} == {PlatformUser.Status.ACTIVE}
    assert {u.full_name for u in linked} == {s.user.name for s in STAFF}


def test_a_generated_password_is_printed_once_and_kept_afterwards(demo_data, monkeypatch):
    first = load_staff(monkeypatch)
    password = first.split("password ", 1)[1].split(";", 1)[0]
    second = load_staff(monkeypatch)

    assert first.count(password) == len(ACCOUNTS)
    assert password not in second and second.count("(unchanged)") == len(ACCOUNTS)
    assert all(u.check_password(password) for u in User.objects.filter(username__in=ACCOUNTS))
    assert StaffPlatformLink.objects.count() == len(ACCOUNTS)

    load_staff(monkeypatch, "outra-senha-456")
    assert all(
        u.check_password("outra-senha-456") for u in User.objects.filter(username__in=ACCOUNTS)
    )


def test_it_refuses_production(demo_data, settings, monkeypatch):
    settings.ENVIRONMENT = "prod"
    with pytest.raises(CommandError, match="never on production"):
        load_staff(monkeypatch, "x")
    assert not User.objects.filter(username__in=ACCOUNTS).exists()


def test_every_account_gets_the_printed_demo_totp_secret(demo_data, monkeypatch):
    from base64 import b32decode

    from django_otp.plugins.otp_totp.models import TOTPDevice

    from devdata.demo.staff import DEMO_TOTP_SECRET
    from tests.support.totp import code

    out = load_staff(monkeypatch, "senha-demo-123")
    load_staff(monkeypatch, "senha-demo-123")  # run twice: still one device each

    assert DEMO_TOTP_SECRET in out
    key = b32decode(DEMO_TOTP_SECRET)
    for user in User.objects.filter(username__in=ACCOUNTS):
        device = TOTPDevice.objects.get(user=user)
        assert device.confirmed and device.bin_key == key
        assert device.verify_token(code(key))
