"""The demo staff accounts: one per role group, each acting as a user of the internal
tenant, for people and browser journeys to log in with."""

import secrets
import uuid
from base64 import b32decode
from dataclasses import dataclass

from django.contrib.auth.models import Group, User
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.exceptions import ApplicationError
from devdata.demo.ids import demo_id
from devdata.demo.specs import INTERNAL_SLUG, STAFF, StaffSpec
from platform_app.models import PlatformUser
from staff.services import staff_link_platform_user


class DemoStaffError(Exception):
    """The demo staff accounts cannot be set up (groups or demo users missing)."""


@dataclass(frozen=True)
class DemoStaffAccount:
    username: str
    group: str
    platform_user: PlatformUser
    created: bool
    password_set: bool


# The second factor of every demo account (dev only: the command refuses production): a
# known TOTP secret, so people add it to an app once and browser journeys compute codes
# (pyotp.TOTP(DEMO_TOTP_SECRET).now()). DEMO_STAFF_TOTP_SECRET replaces it.
DEMO_TOTP_SECRET = "ALQUIMISTADEMOTOTPSECRETDEMO2FA7"


def demo_totp_device(user: User, secret: str) -> TOTPDevice:
    """Give `user` one confirmed TOTP device with `secret` (base32), kept if it has it."""
    key = b32decode(secret.upper() + "=" * (-len(secret) % 8)).hex()
    device = TOTPDevice.objects.filter(user=user, confirmed=True, key=key).first()
    if device is None:
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name="demo", key=key, confirmed=True)
    return device


def platform_user_id(spec: StaffSpec) -> uuid.UUID:
    """The id of the internal tenant's demo user a staff account acts as."""
    return demo_id("user", INTERNAL_SLUG, spec.user.key)


@transaction.atomic
def load_demo_staff(
    *, password: str | None, totp_secret: str = DEMO_TOTP_SECRET
) -> tuple[list[DemoStaffAccount], str | None]:
    """Create or update the demo staff accounts; return them and the password generated for
    the accounts created now (None when `password` was given or nothing was created).

    An existing account keeps its password unless `password` is given.
    """
    generated = None if password else secrets.token_urlsafe(12)
    accounts = []
    for spec in STAFF:
        group = Group.objects.filter(name=spec.group).first()
        if group is None:
            raise DemoStaffError(f"Group {spec.group!r} missing: run create_staff_groups first.")
        platform_user = PlatformUser.objects.filter(pk=platform_user_id(spec)).first()
        if platform_user is None:
            raise DemoStaffError(
                f"The demo platform user of {spec.username!r} is missing: run load_demo_data first."
            )
        user = User.objects.filter(username=spec.username).first()
        created = user is None
        if user is None:
            user = User(username=spec.username)
        user.email = platform_user.email
        user.first_name, _, user.last_name = platform_user.full_name.partition(" ")
        user.is_staff = True
        user.is_active = True
        if password or created:
            user.set_password(password or generated)
        user.save()
        user.groups.set([group])
        demo_totp_device(user, totp_secret)
        try:
            staff_link_platform_user(user=user, platform_user_id=platform_user.pk)
        except ApplicationError as exc:
            raise DemoStaffError(f"{spec.username}: {exc.message}") from exc
        accounts.append(
            DemoStaffAccount(
                username=spec.username,
                group=spec.group,
                platform_user=platform_user,
                created=created,
                password_set=bool(password) or created,
            )
        )
    if not any(account.created for account in accounts):
        generated = None
    return accounts, generated
