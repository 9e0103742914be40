from django.core.management.base import BaseCommand

from helpdesk.services import dashboard_summaries_refresh


class Command(BaseCommand):
    help = "Refresh the admin dashboard's summaries (run every 10 minutes from a scheduler)."

    def handle(self, *args, **options):
        refreshed = dashboard_summaries_refresh()
        if not refreshed:
            self.stdout.write("No summary to refresh: apply SQL migration 017 first.")
        for name in refreshed:
            self.stdout.write(f"Refreshed {name}")
