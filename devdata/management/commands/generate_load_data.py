import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from devdata.guard import refuse_production
from devdata.loadgen import LoadPlan, LoadPlanError, load_volume
from devdata.loadgen.plan import INDEX_MODES


def non_negative_int(value: str) -> int:
    """argparse type: an integer >= 0."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a non-negative integer, got {value!r}"
        ) from None
    if number < 0:
        raise argparse.ArgumentTypeError(f"expected a non-negative integer, got {value!r}")
    return number


class Command(BaseCommand):
    help = (
        "Add realistic volume (tenants, users, leads, audit logs, events, traces) to the "
        "platform tables with PostgreSQL COPY, then ANALYZE them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tenants", type=non_negative_int, default=0)
        parser.add_argument("--leads", type=non_negative_int, default=0)
        parser.add_argument("--audit-logs", type=non_negative_int, default=0)
        parser.add_argument("--events", type=non_negative_int, default=0)
        parser.add_argument(
            "--traces", type=non_negative_int, default=None, help="default: events / 4"
        )
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument(
            "--indexes",
            choices=INDEX_MODES,
            default="auto",
            help="defer: drop plain indexes and foreign keys of a bulk-loaded table and "
            "rebuild them after the load; keep: maintain them row by row; auto (default): "
            "defer when adding at least 100,000 rows and a quarter of what the table holds",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        refuse_production("generate_load_data")
        plan = LoadPlan(
            tenants=options["tenants"],
            leads=options["leads"],
            audit_logs=options["audit_logs"],
            events=options["events"],
            traces=options["traces"],
            seed=options["seed"],
            index_mode=options["indexes"],
        )
        try:
            load_volume(plan, log=self.stdout.write, verbose=options["verbosity"] >= 2)
        except LoadPlanError as exc:
            raise CommandError(str(exc)) from exc
