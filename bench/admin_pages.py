"""Time the big-table admin pages against a real database at production-like volume,
side by side with a stock Django admin of the same models.

    .venv/bin/python bench/admin_pages.py --database-url postgres://postgres@127.0.0.1:5432/backoffice_bench

--prepare builds the schema if needed and tops the tables up to the target volume with
`generate_load_data` (1,000,000 leads, 5,000,000 audit logs, 2,000,000 events by default).
Each page is requested once to warm up, then --repeat times through Django's test client
(the whole request: middleware, queries, template rendering), logged in as a staff user,
with the production settings that matter here (DEBUG off, no test instrumentation while
timing). In the same run, the same changelist and search through a stock ModelAdmin
(bench/stock_admin.py) is timed --stock-repeat times, and the ratio printed. Then the
depth table: page 1, page --depth (by a cursor built for that depth) and the oldest end
of each keyset list, requested in turns, against the stock admin's numbered page at the
same depth.
"""

import argparse
import os
import platform
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--database-url", help="the database (default: $DATABASE_URL)")
    parser.add_argument("--prepare", action="store_true", help="build and fill the database")
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per page")
    parser.add_argument("--stock-repeat", type=int, default=3, help="timed stock requests")
    parser.add_argument("--no-stock", action="store_true", help="skip the stock admin")
    parser.add_argument("--depth", type=int, default=10_000, help="the deep page's number")
    parser.add_argument("--only", default="", help="only pages whose label contains this")
    parser.add_argument("--debug", action="store_true", help="time with DEBUG on")
    parser.add_argument(
        "--stock-without-date-hierarchy",
        action="store_true",
        help="the stock admins without the page's date hierarchy",
    )
    return parser.parse_args()


ARGS = parse_args()
if ARGS.database_url:
    os.environ["DATABASE_URL"] = ARGS.database_url
os.environ["DJANGO_DEBUG"] = "true" if ARGS.debug else "false"
os.environ["BENCH_STOCK_DATE_HIERARCHY"] = "0" if ARGS.stock_without_date_hierarchy else "1"
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import (
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)
from django.urls import reverse
from support_pages import support_pages  # bench/support_pages.py, beside this script

from adminkit.keyset import AFTER, BEFORE, Cursor, Position, encode_cursor
from fibonacci.models import Event, Trace
from nigredo.models import FormSubmission, Interacao, Lead, WebhookLog
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


def changelist(model, site: str = "admin") -> str:
    return reverse(f"{site}:{model._meta.app_label}_{model._meta.model_name}_changelist")


def pages() -> list[tuple[str, str, str | None]]:
    """(label, url, stock url or None) of every page measured, values taken from the data."""
    lead = Lead.objects.filter(email__isnull=False).order_by("-created_at").first()
    log = AuditLog.objects.order_by("-created_at").first()
    event = Event.objects.order_by("-created_at").first()
    trace = Trace.objects.order_by("-start_time").first()
    assert lead and log and event, "no data: run with --prepare first"
    with_contacts = Lead.objects.filter(cnpj__isnull=False, telefone__startswith="+55")
    contact = with_contacts.order_by("-created_at").first()
    lists = [
        (Lead, "leads", ""),
        (Lead, "leads: filter status=qualificado", "?status=qualificado"),
        (Lead, "leads: filter by tenant", f"?tenant={lead.tenant_id}"),
        (Lead, "leads: exact e-mail search", f"?q={lead.email}"),
        (Lead, "leads: name prefix search", f"?q={quote(lead.empresa[:6])}"),
        (Lead, "leads: substring search (Idiomas)", "?q=Idiomas"),
        (AuditLog, "audit logs: substring search (consent)", "?q=consent"),
        (AuditLog, "audit logs", ""),
        (AuditLog, "audit logs: filter action_type", "?action_type=descadastro"),
        (AuditLog, "audit logs: exact trace_id search", f"?q={log.trace_id}"),
        (Event, "events", ""),
        (Event, "events: filter status=failed", "?status=failed"),
        (Event, "events: exact trace_id search", f"?q={event.trace_id}"),
    ]
    if contact is not None and contact.cnpj and contact.telefone:
        digits, phone = re.sub(r"\D", "", contact.cnpj), contact.telefone[3:]
        lists += [
            (Lead, "leads: CNPJ search, digits only", f"?q={digits}"),
            (Lead, "leads: phone search, national", f"?q={quote(f'({phone[:2]}) {phone[2:]}')}"),
        ]
    if trace is not None:
        lists += [
            (Trace, "traces", ""),
            (Trace, f"traces: filter status={trace.status}", f"?status={trace.status}"),
            (Trace, "traces: exact trace_id search", f"?q={trace.trace_id}"),
        ]
    for model in (Interacao, WebhookLog, FormSubmission):
        if model.objects.exists():
            lists.append((model, str(model._meta.verbose_name_plural), ""))
    result: list[tuple[str, str, str | None]] = [
        (label, changelist(model) + query, changelist(model, "stock") + query)
        for model, label, query in lists
    ]
    change = [
        ("leads: change page", lead),
        ("audit logs: change page", log),
        ("events: change page", event),
    ]
    for label, obj in change:
        opts = obj._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        result.append((label, url, None))
    return result


def capture(client: Client, url: str):
    """One instrumented request: its response (with context) and its queries."""
    setup_test_environment()  # lets the test client expose each response's context
    try:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
    finally:
        teardown_test_environment()
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return response, len(captured)


def timings(client: Client, url: str, repeat: int) -> list[float]:
    response = client.get(url)  # warm up
    assert response.status_code == 200, f"{url}: {response.status_code}"
    result = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        result.append((time.perf_counter() - started) * 1000)
    return result


def interleaved(client: Client, urls: list[str], repeat: int) -> list[list[float]]:
    """Timings of several pages taken in turns, so that a load that comes and goes on the
    machine weighs on each of them alike (their ratio is what is compared)."""
    for url in urls:
        response = client.get(url)  # warm up
        assert response.status_code == 200, f"{url}: {response.status_code}"
    result: list[list[float]] = [[] for _ in urls]
    for _ in range(repeat):
        for timings_of_url, url in zip(result, urls, strict=True):
            started = time.perf_counter()
            client.get(url)
            timings_of_url.append((time.perf_counter() - started) * 1000)
    return result


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18] if len(values) > 1 else values[0]


def rows_shown(response) -> str:
    cl = response.context and response.context.get("cl")
    if not cl:
        return "1"
    about = "~" if getattr(cl, "count_is_estimate", False) else ""
    return f"{about}{cl.result_count:,}"


def deep_cursor(cl, depth: int) -> str | None:
    """The cursor of page `depth` of this keyset list: after the last row of the page before."""
    offset = (depth - 1) * cl.list_per_page
    keyset = cl.keyset
    rows = cl.queryset.order_by(*keyset.ordering).values_list(
        keyset.field.attname, keyset.pk.attname
    )
    row = list(rows[offset - 1 : offset])
    return encode_cursor(Cursor(AFTER, Position(*row[0]))) if row else None


def main() -> None:
    settings.ROOT_URLCONF = "bench.stock_admin"
    if ARGS.prepare:
        prepare(TARGETS)

    user, _ = User.objects.get_or_create(
        username="bench", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    stock = not ARGS.no_stock

    print(
        f"{platform.node()}: {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"PostgreSQL {connection.cursor().connection.info.server_version}, "
        f"DEBUG {settings.DEBUG}, {ARGS.repeat} requests per page, {ARGS.stock_repeat} stock"
        f" (date hierarchy: {'no' if ARGS.stock_without_date_hierarchy else 'yes'})"
    )
    print(", ".join(f"{m._meta.verbose_name_plural}: ~{estimated_rows(m):,}" for m in TARGETS))
    print(
        "\n| page | rows | queries | p50 ms | p95 ms | stock p50 ms | speed-up |\n"
        "|---|---:|---:|---:|---:|---:|---:|"
    )
    first_pages = {}
    support = [(label, url, None) for label, url in support_pages()]
    for label, url, stock_url in pages() + support:
        if ARGS.only not in label:
            continue
        response, queries = capture(client, url)
        ours = timings(client, url, ARGS.repeat)
        if response.context and "cl" in response.context and ":" not in label:
            first_pages[label] = (url, response.context["cl"])
        stock_cell = ratio_cell = ""
        if stock and stock_url:
            stock_p50 = statistics.median(timings(client, stock_url, ARGS.stock_repeat))
            stock_cell = f"{stock_p50:,.0f}"
            ratio_cell = f"{stock_p50 / statistics.median(ours):,.1f}x"
        print(
            f"| {label} | {rows_shown(response)} | {queries} | {statistics.median(ours):,.0f} "
            f"| {p95(ours):,.0f} | {stock_cell} | {ratio_cell} |",
            flush=True,
        )

    depth = ARGS.depth
    print(
        f"\n| list | page 1 p50 | page {depth:,} p50 | p95 | ratio | oldest end p50 "
        f"| stock page {depth:,} p50 |\n|---|---:|---:|---:|---:|---:|---:|"
    )
    for label, (url, cl) in first_pages.items():
        cursor = deep_cursor(cl, depth)
        if cursor is None:
            print(f"| {label} | | fewer than {depth:,} pages | | | | |")
            continue
        oldest_url = f"{url}?cursor={encode_cursor(Cursor(BEFORE))}"
        first, deep, oldest = interleaved(
            client, [url, f"{url}?cursor={cursor}", oldest_url], ARGS.repeat
        )
        stock_cell = ""
        if stock:
            stock_url = changelist(cl.model, "stock") + f"?p={depth}"
            stock_cell = f"{statistics.median(timings(client, stock_url, ARGS.stock_repeat)):,.0f}"
        print(
            f"| {label} | {statistics.median(first):,.0f} | {statistics.median(deep):,.0f} "
            f"| {p95(deep):,.0f} | {statistics.median(deep) / statistics.median(first):.2f} "
            f"| {statistics.median(oldest):,.0f} | {stock_cell} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
