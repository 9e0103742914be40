"""Codes of a TOTP device, as the staff member's phone app would show them."""

import re
import time
from base64 import b32decode

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def code(key: bytes, *, steps_ahead: int = 0) -> str:
    """The code for now (or `steps_ahead` 30-second steps later: a device takes each step
    once, so a second login within the same step uses the next one)."""
    totp = TOTP(key)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def device_code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    return code(device.bin_key, steps_ahead=steps_ahead)


def secret_on_page(html: str) -> bytes:
    """The base32 secret the enrolment page shows, as key bytes."""
    found = re.search(r'<code id="totp-secret">([A-Z2-7]+)</code>', html)
    assert found, html[:1000]
    secret = found.group(1)
    return b32decode(secret + "=" * (-len(secret) % 8))
