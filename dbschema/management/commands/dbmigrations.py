from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from dbschema import runner
from dbschema.catalog import read_catalog
from dbschema.docs import schema_markdown
from dbschema.files import load_files


class Command(BaseCommand):
    help = "Apply and inspect the platform's SQL migrations (database/migrations/NNN_*.sql)."
    # It builds the tables the system checks (core.checks) compare the models with.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "action", choices=["status", "plan", "apply", "validate", "baseline", "docs"]
        )
        parser.add_argument("--target", help="stop after this version (e.g. 010)")
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--directory",
            type=Path,
            default=Path(settings.BASE_DIR) / "database" / "migrations",
            help="folder holding the NNN_*.sql files",
        )
        parser.add_argument(
            "--output",
            type=Path,
            default=Path(settings.BASE_DIR) / "docs" / "schema.md",
            help="docs: the Markdown file to write",
        )
        parser.add_argument(
            "--wait",
            type=int,
            default=60,
            help="seconds to wait for another runner holding the lock (0: stop at once)",
        )
        parser.add_argument(
            "--lock-timeout",
            default="10s",
            help="how long a statement may wait for a table lock before its file fails",
        )

    def handle(
        self, *args, action, target, database, directory, output, wait, lock_timeout, **options
    ):
        if target is not None and not target.isdigit():
            raise CommandError("--target takes a version number such as 010")
        try:
            files = load_files(directory)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.connection, self.files, self.target = connections[database], files, target
        self.wait, self.lock_timeout, self.output = wait, lock_timeout, output
        self.log = self.stdout.write if options["verbosity"] > 0 else lambda message: None
        try:
            getattr(self, f"handle_{action}")()
        except runner.MigrationError as exc:
            raise CommandError(str(exc)) from exc

    def handle_status(self):
        with self.connection.cursor() as cursor:
            state = runner.read_state(cursor, self.files)
        for line in runner.status_lines(state):
            self.stdout.write(line)

    def handle_plan(self):
        lines = runner.plan_lines(self.connection, self.files, self.target)
        for line in lines or ["Nothing to apply."]:
            self.stdout.write(line)

    def handle_apply(self):
        applied = runner.apply(
            self.connection,
            self.files,
            target=self.target,
            wait_seconds=self.wait,
            lock_timeout=self.lock_timeout,
            log=self.log,
        )
        self.log(
            self.style.SUCCESS(f"{len(applied)} migration(s) applied.")
            if applied
            else "Nothing to apply."
        )

    def handle_validate(self):
        report, gaps = runner.validate(self.connection, self.files)
        for line in report:
            self.stdout.write(line)
        if gaps:
            for gap in gaps:
                self.stderr.write(f"GAP {gap}")
            raise CommandError(f"validate found {len(gaps)} gap(s).")
        self.stdout.write(self.style.SUCCESS("The database matches the migration files."))

    def handle_baseline(self):
        result = runner.baseline(
            self.connection, self.files, target=self.target, wait_seconds=self.wait, log=self.log
        )
        self.stdout.write(
            f"Baseline: {len(result.recorded)} recorded, {len(result.stamped)} checksum(s) "
            f"stamped, {len(result.left_pending)} left pending for apply."
        )
        if result.problems:
            raise CommandError(
                f"{len(result.problems)} file(s) are only partly in place; resolve them by hand."
            )

    def handle_docs(self):
        with self.connection.cursor() as cursor:
            catalog = read_catalog(cursor)
            applied = [
                f.file.file_name for f in runner.read_state(cursor, self.files).files if f.rows
            ]
        self.output.parent.mkdir(parents=True, exist_ok=True)
        self.output.write_text(schema_markdown(catalog, applied))
        self.stdout.write(f"Wrote {self.output} ({len(catalog.relations('table'))} tables).")
