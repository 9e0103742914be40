from django.core.management.base import BaseCommand

from platform_app.actors import Actor
from platform_app.services import approval_requests_expire_due


class Command(BaseCommand):
    help = (
        "Expire every pending approval request past its expiry (audited, requester "
        "notified); prints how many. Meant for a scheduler."
    )

    def handle(self, *args, **options):
        count = approval_requests_expire_due(acting_user=Actor())
        self.stdout.write(f"{count} approval request(s) expired.")
