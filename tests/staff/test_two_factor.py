"""Staff logins need the password and a TOTP code (or a recovery code), on every way in.

Each test logs in with a plain django.test.Client, as a browser does: the password form,
then the code page. Removing the second factor (e.g. `has_permission` without the
`needs_second_factor` check, or the API session not asking it) makes them fail.
"""

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from platform_app.models import AuditAction, AuditLog
from tests.factories import StaffUserFactory
from tests.support.totp import code, device_code, secret_on_page

PASSWORD = "senha-de-teste-123"
ROOT = Path(__file__).resolve().parents[2]


def password_login(client: Client, user: User, next_url: str | None = None):
    next_url = next_url or reverse("admin:index")
    return client.post(
        f"{reverse('admin:login')}?next={next_url}",
        {"username": user.username, "password": PASSWORD, "next": next_url},
    )


def enrol(client: Client, user: User) -> tuple[bytes, list[str]]:
    """Log in for the first time and enrol; return the TOTP key and the recovery codes."""
    response = password_login(client, user)
    page = client.get(response["Location"])
    key = secret_on_page(page.content.decode())
    response = client.post(response["Location"], {"token": code(key)})
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", response.content.decode())
    return key, codes


@pytest.fixture
def staff_user(db):
    return StaffUserFactory(groups=["Suporte"])


def test_the_password_alone_leads_to_enrolment_not_to_the_admin(staff_user):
    client = Client()
    response = password_login(client, staff_user)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff:two_factor_setup"))
    # The session exists, but no admin page opens with it.
    index = client.get(reverse("admin:index"))
    assert index.status_code == 302
    assert client.get(index["Location"])["Location"].startswith(reverse("staff:two_factor_setup"))
    assert client.get(reverse("admin:platform_app_tenant_changelist")).status_code == 302


def test_a_forced_session_without_the_second_factor_opens_nothing(staff_user):
    client = Client()
    client.force_login(staff_user)

    assert client.get(reverse("admin:index")).status_code == 302
    assert client.get(reverse("admin:nigredo_lead_changelist")).status_code == 302


def test_enrolment_shows_a_qr_code_and_the_secret_and_confirms_one_code(staff_user):
    client = Client()
    response = password_login(client, staff_user)
    page = client.get(response["Location"])
    html = page.content.decode()

    assert page.status_code == 200
    assert "<svg" in html
    key = secret_on_page(html)
    assert not TOTPDevice.objects.filter(user=staff_user, confirmed=True).exists()

    wrong = client.post(
        response["Location"], {"token": "000000" if code(key) != "000000" else "111111"}
    )
    assert "Código incorreto" in wrong.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302

    with time_machine.travel(time.time() + 5):  # past the wrong code's throttle delay
        done = client.post(response["Location"], {"token": code(key)})
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", done.content.decode())
    assert len(codes) == 10
    assert "não serão mostrados de novo" in done.content.decode()
    assert client.get(reverse("admin:index")).status_code == 200
    assert TOTPDevice.objects.get(user=staff_user).confirmed
    audit = AuditLog.objects.get(action_type=AuditAction.STAFF_TWO_FACTOR_ENROLLED)
    assert audit.context["staff"] == staff_user.username
    # The codes are not shown again: the enrolment page now sends to the code page.
    assert client.get(reverse("staff:two_factor_setup")).status_code == 302


def test_every_later_login_asks_for_a_code_and_refuses_a_wrong_or_replayed_one(staff_user):
    key, _ = enrol(Client(), staff_user)
    used_at_enrolment = code(key)

    client = Client()
    response = password_login(client, staff_user)
    assert response["Location"].startswith(reverse("staff:two_factor_verify"))
    verify_url = response["Location"]

    replay = client.post(verify_url, {"token": used_at_enrolment})
    assert "Código incorreto ou já usado" in replay.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302

    with time_machine.travel(time.time() + 35):  # the next step, past the throttle delay
        accepted = client.post(verify_url, {"token": code(key)})
    assert accepted.status_code == 302
    assert accepted["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


def test_repeated_wrong_codes_are_throttled(staff_user):
    key, _ = enrol(Client(), staff_user)
    client = Client()
    verify_url = password_login(client, staff_user)["Location"]
    right = code(key, steps_ahead=1)
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(3):
        client.post(verify_url, {"token": wrong})

    refused = client.post(verify_url, {"token": right})
    assert "Muitos códigos errados" in refused.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302


def test_a_recovery_code_opens_one_session_and_is_used_up(staff_user):
    _, codes = enrol(Client(), staff_user)

    client = Client()
    verify_url = password_login(client, staff_user)["Location"]
    assert client.post(verify_url, {"token": codes[0]}).status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200
    assert StaticToken.objects.filter(device__user=staff_user).count() == 9
    assert AuditLog.objects.filter(action_type=AuditAction.STAFF_RECOVERY_CODE_USED).count() == 1

    again = Client()
    verify_url = password_login(again, staff_user)["Location"]
    assert "Código incorreto" in again.post(verify_url, {"token": codes[0]}).content.decode()
    assert again.get(reverse("admin:index")).status_code == 302


def test_the_api_does_not_take_a_session_that_skipped_the_second_factor(staff_user):
    client = Client()
    password_login(client, staff_user)
    assert client.get("/api/tenants").status_code in (401, 403)

    TOTPDevice.objects.filter(user=staff_user).delete()
    device = TOTPDevice.objects.create(user=staff_user, name="app", confirmed=True)
    verify_url = reverse("staff:two_factor_verify")
    assert client.post(verify_url, {"token": device_code(device)}).status_code == 302
    assert client.get("/api/tenants").status_code == 200


def test_superusers_need_it_too(db):
    admin = StaffUserFactory(is_superuser=True)
    client = Client()
    assert password_login(client, admin)["Location"].startswith(reverse("staff:two_factor_setup"))
    assert client.get(reverse("admin:index")).status_code == 302


def test_an_unverified_session_can_log_out(staff_user):
    client = Client()
    password_login(client, staff_user)
    client.post(reverse("staff:two_factor_logout"))

    assert client.get(reverse("staff:two_factor_setup")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_next_address_elsewhere_is_not_followed(staff_user):
    client = Client()
    response = password_login(client, staff_user, next_url="https://evil.example.com/")
    key = secret_on_page(client.get(response["Location"]).content.decode())
    done = client.post(
        reverse("staff:two_factor_setup"), {"token": code(key), "next": "https://evil.example.com/"}
    )
    assert (
        'href="/admin/"' in done.content.decode() or reverse("admin:index") in done.content.decode()
    )
    assert "evil.example.com" not in done.content.decode()


def test_with_the_setting_off_the_password_is_enough(staff_user, settings):
    settings.STAFF_2FA_REQUIRED = False
    client = Client()
    response = password_login(client, staff_user)

    assert response["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


def test_production_settings_refuse_to_start_with_the_second_factor_off():
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_ENV": "prod",
        "DJANGO_SECRET_KEY": "k7#Vq!2mZr9$Lp0wXe4@Tn8&Yb6^Hs1*Ud3(Gf5)Ja-Cx_Wv+Ri=Oq~Ml[Ep]Zt",
        "DJANGO_ALLOWED_HOSTS": "backoffice.example.com",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:5432/nothing",
        "LGPD_BLOCKLIST_KEY": "k" * 40,
        "STAFF_2FA_REQUIRED": "false",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "STAFF_2FA_REQUIRED=false" in result.stderr
