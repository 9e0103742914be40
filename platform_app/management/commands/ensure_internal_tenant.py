from django.core.management.base import BaseCommand

from platform_app.services import internal_tenant_ensure


class Command(BaseCommand):
    help = (
        "Create the internal tenant (id 00000000-0000-0000-0000-000000000001) that owns the "
        "platform's own approval requests, if it is missing. Idempotent."
    )

    def handle(self, *args, **options):
        tenant, created = internal_tenant_ensure()
        state = "created" if created else "already present"
        self.stdout.write(f"Internal tenant {tenant.pk} ({tenant.company_name}): {state}.")
