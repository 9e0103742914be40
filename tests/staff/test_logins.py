"""Lockout after repeated failures (by account, by client address), the address behind the
load balancer, idle sessions, and a password change ending the other sessions.

Checked against their removal: without django-axes' backend the lockout tests log in;
with SESSION_COOKIE_AGE back at Django's two weeks (or core.sessions not touching the
session) the expiry test fails; client_address returning the first X-Forwarded-For entry fails the
forged-header test.
"""

import time
from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import Client, RequestFactory
from django.urls import reverse

from core.client_address import client_address
from platform_app.models import AuditAction, AuditLog
from tests.factories import StaffUserFactory
from tests.support.auth import StaffClient

PASSWORD = "senha-de-teste-123"
LOCKED = "Acesso temporariamente bloqueado"


def attempt(user_or_name, password: str, **meta):
    username = user_or_name.username if isinstance(user_or_name, User) else user_or_name
    return Client(**meta).post(reverse("admin:login"), {"username": username, "password": password})


@pytest.fixture
def staff_user(db, settings):
    settings.AXES_FAILURE_LIMIT = 5
    return StaffUserFactory(groups=["Suporte"])


def test_an_account_is_locked_after_the_limit_from_any_address(staff_user):
    for n in range(4):
        response = attempt(staff_user, "errada", REMOTE_ADDR=f"198.51.100.{n}")
        assert response.status_code == 200  # the form again, with its error
    fifth = attempt(staff_user, "errada", REMOTE_ADDR="198.51.100.99")
    assert fifth.status_code == 429

    right_password = attempt(staff_user, PASSWORD, REMOTE_ADDR="203.0.113.50")
    assert right_password.status_code == 429
    page = right_password.content.decode()
    assert LOCKED in page
    assert "Muitas tentativas de login sem sucesso (5)" in page
    assert "por 15 minutos" in page
    row = AuditLog.objects.get(action_type=AuditAction.STAFF_LOCKED_OUT)
    assert row.result == AuditLog.Result.FAILURE
    assert row.context["staff"] == staff_user.username
    assert row.context["failure_limit"] == 5


def test_an_address_is_locked_after_the_limit_across_accounts(staff_user):
    for n in range(5):
        attempt(f"ninguem{n}", "errada", REMOTE_ADDR="198.51.100.7")

    assert attempt(staff_user, PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 429
    elsewhere = attempt(staff_user, PASSWORD, REMOTE_ADDR="203.0.113.8")
    assert elsewhere.status_code == 302  # on to the second factor


def test_the_lock_ends_after_the_cool_off_and_a_success_resets_the_count(staff_user):
    for _ in range(5):
        attempt(staff_user, "errada")
    assert attempt(staff_user, PASSWORD).status_code == 429

    with time_machine.travel(time.time() + 16 * 60):
        assert attempt(staff_user, PASSWORD).status_code == 302
        for _ in range(4):
            attempt(staff_user, "errada")
        assert attempt(staff_user, PASSWORD).status_code == 302
        assert not AccessAttempt.objects.filter(username=staff_user.username).exists()


def test_behind_the_load_balancer_the_address_it_appended_is_the_client(settings):
    factory = RequestFactory()
    forged = factory.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7", REMOTE_ADDR="10.0.0.5")
    plain = factory.get("/", HTTP_X_FORWARDED_FOR="198.51.100.7", REMOTE_ADDR="10.0.0.5")
    garbage = factory.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4, não-é-ip", REMOTE_ADDR="10.0.0.5")

    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(forged) == "10.0.0.5"  # no proxy trusted: the header is ignored
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(forged) == "198.51.100.7"
    assert client_address(plain) == "198.51.100.7"
    assert client_address(garbage) == "10.0.0.5"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(forged) == "1.2.3.4"
    assert client_address(plain) == "10.0.0.5"


def test_a_forged_forwarded_header_does_not_dodge_the_address_lockout(staff_user, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(5):
        attempt(
            f"ninguem{n}",
            "errada",
            REMOTE_ADDR="10.0.0.5",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 198.51.100.7",
        )

    locked = attempt(
        staff_user,
        PASSWORD,
        REMOTE_ADDR="10.0.0.6",
        HTTP_X_FORWARDED_FOR="192.0.2.200, 198.51.100.7",
    )
    assert locked.status_code == 429
    assert AccessAttempt.objects.filter(ip_address="198.51.100.7").exists()


def test_a_session_ends_after_the_idle_time_and_activity_keeps_it(staff_user, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client = StaffClient()
    client.force_login(staff_user)
    index = reverse("admin:index")
    start = time.time()

    for minutes in (20, 40, 60):  # a request every 20 minutes: still in
        with time_machine.travel(start + minutes * 60):
            assert client.get(index).status_code == 200
    with time_machine.travel(start + 60 * 60 + 31 * 60):  # 31 idle minutes: out
        response = client.get(index)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(staff_user):
    here, elsewhere = StaffClient(), StaffClient()
    here.force_login(staff_user)
    elsewhere.force_login(staff_user)
    new_password = "outra-senha-forte-456"

    response = here.post(
        reverse("admin:password_change"),
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )

    assert response.status_code == 302
    assert here.get(reverse("admin:index")).status_code == 200
    assert elsewhere.get(reverse("admin:index")).status_code == 302


def test_the_idle_minutes_come_from_the_setting():
    from config.settings import base

    assert base.SESSION_COOKIE_AGE == base.STAFF_SESSION_IDLE_MINUTES * 60
    assert base.SESSION_TOUCH_SECONDS < base.SESSION_COOKIE_AGE
    assert timedelta(minutes=15) == base.AXES_COOLOFF_TIME
