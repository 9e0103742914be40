"""The second factor of staff logins: a TOTP app, with recovery codes for a lost phone.

After the password, a staff account or superuser without a confirmed TOTP device enrols
(QR code and secret shown, one code confirmed, ten recovery codes shown once); one with a
device types a code. Until then the session counts for nothing: the admin site's
permission check and the API's session authentication both ask `needs_second_factor`.
"""

from base64 import b32encode
from typing import Any
from urllib.parse import urlencode

import django_otp
import segno
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from platform_app.models import AuditAction
from platform_app.services.audit import audit_log_record
from staff.services import actor_for_staff

TOTP_DEVICE_NAME = "app autenticador"
RECOVERY_DEVICE_NAME = "códigos de recuperação"


def second_factor_applies(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether this account must confirm a second factor: every staff account and superuser
    (they all see personal data or change something) while STAFF_2FA_REQUIRED is on."""
    return bool(
        settings.STAFF_2FA_REQUIRED
        and user.is_authenticated
        and user.is_active
        and (getattr(user, "is_staff", False) or getattr(user, "is_superuser", False))
    )


def is_verified(user: Any) -> bool:
    """django-otp's mark on the request's user; a user just logged in has none yet."""
    check = getattr(user, "is_verified", None)
    return bool(check is not None and check())


def needs_second_factor(user: Any) -> bool:
    return second_factor_applies(user) and not is_verified(user)


def has_totp_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def safe_next(request: HttpRequest) -> str:
    """The `next` the login carried, if it stays on this site; else the admin's index."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("admin:index")


def second_factor_redirect(request: HttpRequest) -> HttpResponseRedirect:
    """To enrolment (no device yet) or to the code page, keeping where the login led."""
    name = "two_factor_verify" if has_totp_device(request.user) else "two_factor_setup"  # type: ignore[arg-type]
    query = urlencode({"next": safe_next(request)})
    return HttpResponseRedirect(f"{reverse(f'staff:{name}')}?{query}")


def totp_device_pending(user: User) -> TOTPDevice:
    """The device being enrolled: one unconfirmed TOTP device, created on first need."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def totp_secret(device: TOTPDevice) -> str:
    """The device's key as authenticator apps take it (base32, no padding)."""
    return b32encode(device.bin_key).decode().rstrip("=")


def totp_qr_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// URL as an inline SVG QR code."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5)


@transaction.atomic
def totp_device_confirm(
    *, request: HttpRequest, device: TOTPDevice, token: str
) -> list[str] | None:
    """Confirm enrolment with one code from the app: the device becomes the account's,
    ten new recovery codes are made (returned, to be shown once), and this session is
    verified. None, with nothing changed but the device's throttle, for a wrong code."""
    user: User = request.user  # type: ignore[assignment]
    if not device.verify_token(token.strip()):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_replace(user=user)
    _verified(request, device)
    audit_log_record(
        action=AuditAction.STAFF_TWO_FACTOR_ENROLLED,
        acting_user=actor_for_staff(user),
        tenant_id=None,
        context={"device": "totp"},
    )
    return codes


def recovery_codes_replace(*, user: User) -> list[str]:
    """Ten new single-use recovery codes (the old ones stop working)."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": RECOVERY_DEVICE_NAME, "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.STAFF_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def second_factor_verify(*, request: HttpRequest, token: str) -> bool:
    """A code from the app, or one of the recovery codes (used up); True verifies this
    session. Each device throttles its own failures (django-otp: growing delays)."""
    user: User = request.user  # type: ignore[assignment]
    token = token.strip().replace(" ", "")
    # App codes are digits, recovery codes letters and digits: each tries only its own
    # kind of device, so a recovery code does not count as a failure of the app.
    app_devices = TOTPDevice.objects.filter(user=user, confirmed=True) if token.isdigit() else []
    for device in app_devices:
        if django_otp.verify_token(user, device.persistent_id, token):
            _verified(request, device)
            return True
    for recovery in StaticDevice.objects.filter(user=user, confirmed=True):
        if django_otp.verify_token(user, recovery.persistent_id, token):
            _verified(request, recovery)
            audit_log_record(
                action=AuditAction.STAFF_RECOVERY_CODE_USED,
                acting_user=actor_for_staff(user),
                tenant_id=None,
                context={"remaining": recovery.token_set.count()},
            )
            return True
    return False


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def throttled_seconds(user: User) -> int:
    """How long the TOTP device refuses codes after repeated failures (0: it takes them)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None or device.throttling_failure_timestamp is None:
        return 0
    allowed, details = device.verify_is_allowed()
    if allowed or not details:
        return 0
    locked_until = details.get("locked_until")
    if locked_until is None:
        return 0
    return max(1, int((locked_until - timezone.now()).total_seconds()))


def _verified(request: HttpRequest, device: Any) -> None:
    # A new session id for the now fully authenticated session.
    request.session.cycle_key()
    django_otp.login(request, device)
