import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from devdata.demo.staff import DEMO_TOTP_SECRET, DemoStaffError, load_demo_staff
from devdata.guard import refuse_production


class Command(BaseCommand):
    help = (
        "Create the demo staff accounts of the role groups (gestor, aprovador1, aprovador2, "
        "suporte, lgpd, lgpd2), each linked to a user of the internal tenant. Password from "
        "DEMO_STAFF_PASSWORD, else generated for new accounts and printed; existing accounts "
        "keep theirs unless DEMO_STAFF_PASSWORD is set. Each gets a TOTP device with the demo "
        "secret (DEMO_STAFF_TOTP_SECRET, else a fixed one), printed. Needs "
        "create_staff_groups and load_demo_data first."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        refuse_production("load_demo_staff")
        password = os.environ.get("DEMO_STAFF_PASSWORD") or None
        totp_secret = os.environ.get("DEMO_STAFF_TOTP_SECRET") or DEMO_TOTP_SECRET
        try:
            accounts, generated = load_demo_staff(password=password, totp_secret=totp_secret)
        except DemoStaffError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Demo staff accounts (log in at /{settings.ADMIN_URL}; second factor: TOTP secret "
            f"{totp_secret} for every account, e.g. pyotp.TOTP(secret).now()):"
        )
        for account in accounts:
            if account.created:
                shown = "(from DEMO_STAFF_PASSWORD)" if password else generated
            elif account.password_set:
                shown = "(reset from DEMO_STAFF_PASSWORD)"
            else:
                shown = "(unchanged)"
            user = account.platform_user
            self.stdout.write(
                f"  {account.username:<11} {account.group:<20} password {shown}; acts as "
                f"{user.full_name} ({user.get_user_role_display()}, {user.email})"
            )
