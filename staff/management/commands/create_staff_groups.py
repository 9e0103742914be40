from django.core.management.base import BaseCommand

from staff.roles import sync_staff_groups


class Command(BaseCommand):
    help = "Create the staff role groups and set their permissions (idempotent)."

    def handle(self, *args, **options):
        for role, count in sync_staff_groups().items():
            self.stdout.write(f"{role}: {count} permissions")
