from typing import Any

from django.core.management.base import BaseCommand

from devdata.demo import load_demo_data, table_counts
from devdata.guard import refuse_production


class Command(BaseCommand):
    help = (
        "Load the reference data and the demo tenants, users, leads and the rest, in one "
        "transaction. Idempotent: rows have fixed ids and are updated on later runs."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        refuse_production("load_demo_data")
        inserted = load_demo_data()
        counts = table_counts()
        tables = ", ".join(f"{table} {count}" for table, count in counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data: {sum(counts.values())} rows in {len(counts)} tables "
                f"({sum(inserted.values())} new): {tables}"
            )
        )
