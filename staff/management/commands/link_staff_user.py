import uuid

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core.exceptions import ApplicationError
from staff.services import staff_link_platform_user


class Command(BaseCommand):
    help = "Link a staff account to the platform user it acts as (approvals, audit rows)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("platform_user_id")

    def handle(self, *args, username, platform_user_id, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No staff account named {username!r}.")
        try:
            link = staff_link_platform_user(user=user, platform_user_id=uuid.UUID(platform_user_id))
        except ValueError as exc:
            raise CommandError(f"{platform_user_id!r} is not a platform user id.") from exc
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(self.style.SUCCESS(f"{username} now acts as {link.platform_user_id}."))
