"""Password reset by e-mail exists only with an e-mail backend, and never skips the
second factor: it does not log in, and the next login asks for the code."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import StaffUserFactory
from tests.support.totp import device_code

NEW_PASSWORD = "nova-senha-bem-forte-789"


def test_without_an_email_backend_there_is_no_reset_link_nor_page(db, settings):
    assert not settings.STAFF_PASSWORD_RESET
    page = Client().get(reverse("admin:login")).content.decode()

    assert "password_reset" not in page
    response = Client().get(f"/{settings.ADMIN_URL}password_reset/")
    assert response.status_code in (302, 404)
    assert "id_email" not in response.content.decode()


@pytest.mark.urls("tests.staff.urls_password_reset")
def test_a_reset_by_email_then_the_login_still_asks_for_the_second_factor(db, settings):
    settings.STAFF_PASSWORD_RESET = True
    user = StaffUserFactory(email="pessoa@alquimista.ai")
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client = Client()
    assert reverse("admin_password_reset") in client.get(reverse("admin:login")).content.decode()

    client.post(reverse("admin_password_reset"), {"email": "pessoa@alquimista.ai"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/\S+/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done["Location"] == reverse("password_reset_complete")
    assert "_auth_user_id" not in client.session  # the reset did not log in

    response = client.post(
        reverse("admin:login"), {"username": user.username, "password": NEW_PASSWORD}
    )
    assert response["Location"].startswith(reverse("staff:two_factor_verify"))
    assert client.get(reverse("admin:index")).status_code == 302
    client.post(reverse("staff:two_factor_verify"), {"token": device_code(device)})
    assert client.get(reverse("admin:index")).status_code == 200
