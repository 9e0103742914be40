"""Time the big-table admin pages against a real database at production-like volume.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/backoffice_bench \\
        .venv/bin/python bench/admin_pages.py --prepare --repeat 30

--prepare builds the schema if needed and tops the tables up to the target volume with
`generate_load_data` (1,000,000 leads, 5,000,000 audit logs, 2,000,000 events by default).
Each page is requested once to warm up, then --repeat times through Django's test client
(the whole request: middleware, queries, template rendering), logged in as a staff user.
"""

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment
from support_pages import support_pages  # bench/support_pages.py, beside this script

from fibonacci.models import Event
from nigredo.models import Lead
from platform_app.models import AuditLog

TARGETS = {Lead: 1_000_000, AuditLog: 5_000_000, Event: 2_000_000}


def estimated_rows(model) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
            [model._meta.db_table.replace('"."', ".")],
        )
        return max(cursor.fetchone()[0], 0)


def prepare(targets: dict) -> None:
    call_command("dbmigrations", "apply", verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    missing = {model: max(target - model.objects.count(), 0) for model, target in targets.items()}
    if any(missing.values()):
        call_command(
            "generate_load_data",
            tenants=200,
            leads=missing[Lead],
            audit_logs=missing[AuditLog],
            events=missing[Event],
        )
    with connection.cursor() as cursor:
        for model in targets:
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def pages() -> list[tuple[str, str]]:
    """(label, url) of every page measured, with real values taken from the data."""
    lead = Lead.objects.filter(email__isnull=False).order_by("-created_at").first()
    log = AuditLog.objects.order_by("-created_at").first()
    event = Event.objects.order_by("-created_at").first()
    assert lead and log and event, "no data: run with --prepare first"
    return [
        ("leads: first page", "/admin/nigredo/lead/"),
        ("leads: filter status=qualificado", "/admin/nigredo/lead/?status=qualificado"),
        ("leads: filter by tenant", f"/admin/nigredo/lead/?tenant={lead.tenant_id}"),
        ("leads: exact e-mail search", f"/admin/nigredo/lead/?q={lead.email}"),
        ("leads: name prefix search", f"/admin/nigredo/lead/?q={lead.empresa[:6]}"),
        ("leads: change page", f"/admin/nigredo/lead/{lead.pk}/change/"),
        ("audit logs: first page", "/admin/platform_app/auditlog/"),
        ("audit logs: filter action_type", "/admin/platform_app/auditlog/?action_type=descadastro"),
        ("audit logs: exact trace_id search", f"/admin/platform_app/auditlog/?q={log.trace_id}"),
        ("audit logs: change page", f"/admin/platform_app/auditlog/{log.pk}/change/"),
        ("events: first page", "/admin/fibonacci/event/"),
        ("events: filter status=failed", "/admin/fibonacci/event/?status=failed"),
        ("events: exact trace_id search", f"/admin/fibonacci/event/?q={event.trace_id}"),
        ("events: change page", f"/admin/fibonacci/event/{event.pk}/change/"),
    ]


def measure(client: Client, url: str, repeat: int) -> tuple[int, int, list[float]]:
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    reset_queries()  # the log is a bounded deque: once full, its length stops growing
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    changelist = response.context and response.context.get("cl")
    rows = changelist.result_count if changelist else 1
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    return rows, len(captured), timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prepare", action="store_true", help="build and fill the database")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    if args.prepare:
        prepare(TARGETS)

    setup_test_environment()  # lets the test client expose each response's context
    user, _ = User.objects.get_or_create(
        username="bench", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)

    print(
        f"{platform.node()}: {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"PostgreSQL {connection.cursor().connection.info.server_version}"
    )
    print(", ".join(f"{m._meta.verbose_name_plural}: ~{estimated_rows(m):,}" for m in TARGETS))
    print("\n| page | rows | queries | p50 ms | p95 ms |\n|---|---:|---:|---:|---:|")
    for label, url in pages() + support_pages():
        rows, queries, timings = measure(client, url, args.repeat)
        p50 = statistics.median(timings)
        p95 = statistics.quantiles(timings, n=20)[18] if len(timings) > 1 else timings[0]
        print(f"| {label} | {rows:,} | {queries} | {p50:.0f} | {p95:.0f} |")


if __name__ == "__main__":
    main()
