"""Test clients whose `force_login` also passes the second factor.

Staff sessions count only once a TOTP code is confirmed (staff.two_factor). Tests that
are about something else log in with `force_login` on these clients: the account gets a
confirmed TOTP device and the session is marked verified by it, exactly what the code
page does after a right code. Nothing in the project's code knows about tests; a test of
the login itself uses a plain `django.test.Client` (see tests/staff/test_two_factor.py).
"""

import time

from django.contrib.auth.models import User
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from core.sessions import TOUCHED_KEY


def verify_second_factor(client: Client, user: User) -> TOTPDevice:
    """Mark `client`'s session (already logged in as `user`) as past the second factor."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="testes", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[TOUCHED_KEY] = int(time.time())  # just saved, as a login's session is
    session.save()
    return device


class SecondFactorLogin:
    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        verify_second_factor(self, user)


class StaffClient(SecondFactorLogin, Client):
    pass


class StaffAPIClient(SecondFactorLogin, APIClient):
    pass
