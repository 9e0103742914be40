"""A bounded load test: 50 staff browsing the admin and 50 API clients, against gunicorn.

    make loadtest                   # or: .venv/bin/python bench/loadtest.py [options]

Builds a database of its own beside DATABASE_URL's (`<name>_load`: SQL and Django
migrations, staff groups, the demo data, `--volume N` more rows if asked; dropped
afterwards unless `--keep-database`) and the accounts the clients use: `--staff`
browsing accounts, alternately Suporte and Encarregado LGPD, who log in through the
admin's login form, and `--api` Suporte accounts with a key each from `manage.py
create_api_token`. Then it serves the project with gunicorn on a free port of 127.0.0.1
(DEBUG off, `gthread` workers), once with `DB_POOL=false` (persistent connections) and
once with `DB_POOL=true` (psycopg's pool). Each run sends a fixed number of requests in
two phases: the staff sessions log in together (the login phase: password, then the
second factor), then all clients at once, one thread each (the browse phase): every
staff session browses `--pages` admin pages (lists, filters, searches, change pages),
every API client sends `--calls` requests. It reports throughput, p50/p95/p99/max and
errors per kind of request and phase, and the peak of PostgreSQL connections the server
held against `max_connections`. Exit status 1 on any error (a status other than the
expected one, no answer within 120 s, a traceback or connection error in the server's
log).

Connections: each gunicorn thread holds at most one connection (persistent, or checked
out of its worker's pool, whose maximum is the thread count), and each worker one more
for `/health` (its own connection), so the server needs at most workers x (threads + 1);
the script refuses to start when that exceeds what the server
has free (max_connections minus the reserved ones and those in use).

Staff two-factor authentication (STAFF_2FA_REQUIRED, on by default) is part of each
login: every browsing account gets a TOTP device with the demo secret (as `make db`'s
demo staff), and the session answers the code page with `pyotp.TOTP(secret).now()`.
`--no-2fa` runs the server with STAFF_2FA_REQUIRED=false instead.
"""

import argparse
import json
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

import psycopg
import pyotp
import requests

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
SUPPORT, LGPD = "Suporte", "Encarregado LGPD"
TOTP_SECRET = "ALQUIMISTADEMOTOTPSECRETDEMO2FA7"  # devdata.demo.staff.DEMO_TOTP_SECRET
CODE_PAGE = "/seguranca/codigo/"
TIMEOUT = 120  # seconds a client waits for an answer (gunicorn's worker timeout too)


@dataclass
class Phases:
    """Everyone starts together; the staff log in (the login phase), then all browse."""

    start: threading.Barrier
    browse: threading.Barrier


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


# Run by `manage.py shell`: the accounts, and one key per API account through the
# create_api_token command itself (its key is the last line it prints).
ACCOUNTS_SCRIPT = """
import io, json, os
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from devdata.demo.staff import demo_totp_device
password = os.environ["LOADTEST_PASSWORD"]
groups = {g.name: g for g in Group.objects.all()}
staff = []
for i in range(int(os.environ["LOADTEST_STAFF"])):
    role = "Suporte" if i % 2 == 0 else "Encarregado LGPD"
    user, _ = User.objects.get_or_create(username=f"load-staff-{i:03d}")
    user.is_staff = True
    user.set_password(password)
    user.save()
    user.groups.set([groups[role]])
    demo_totp_device(user, os.environ["LOADTEST_TOTP_SECRET"])
    staff.append([user.username, role])
keys = []
for i in range(int(os.environ["LOADTEST_API"])):
    user, _ = User.objects.get_or_create(username=f"load-api-{i:03d}", defaults={"is_staff": True})
    user.groups.set([groups["Suporte"]])
    out = io.StringIO()
    call_command("create_api_token", user.username, stdout=out)
    keys.append(out.getvalue().strip().splitlines()[-1])
print("LOADTEST " + json.dumps({"staff": staff, "keys": keys}))
"""


def prepare(env: dict, staff: int, api: int, password: str, volume: list[str]) -> dict:
    commands = [
        ["dbmigrations", "apply"],
        ["migrate", "--noinput"],
        ["create_staff_groups"],
        ["ensure_internal_tenant"],
        ["load_demo_data"],
    ]
    if volume:
        commands.append(["generate_load_data", *volume])
    for command in commands:
        print(f"  manage.py {' '.join(command)}", flush=True)
        manage(env, *command)
    output = manage(
        {
            **env,
            "LOADTEST_PASSWORD": password,
            "LOADTEST_STAFF": str(staff),
            "LOADTEST_API": str(api),
            "LOADTEST_TOTP_SECRET": TOTP_SECRET,
        },
        "shell",
        "-c",
        ACCOUNTS_SCRIPT,
    )
    line = next(line for line in output.splitlines() if line.startswith("LOADTEST "))
    return json.loads(line.removeprefix("LOADTEST "))


def sample(url: str) -> dict[str, list[str]]:
    """Ids and values the clients browse, read from the load database."""
    queries = {
        "lead": "SELECT id::text FROM nigredo_leads.leads ORDER BY created_at DESC LIMIT 40",
        "lead_email": "SELECT email FROM nigredo_leads.leads WHERE email <> '' LIMIT 20",
        "lead_status": "SELECT DISTINCT status FROM nigredo_leads.leads",
        "audit": "SELECT id::text FROM alquimista_platform.audit_logs LIMIT 40",
        "trace": "SELECT DISTINCT trace_id::text FROM alquimista_platform.audit_logs LIMIT 20",
        "action": "SELECT DISTINCT action_type FROM alquimista_platform.audit_logs LIMIT 20",
        "event": "SELECT id::text FROM fibonacci_core.events LIMIT 40",
        "tenant": "SELECT id::text FROM alquimista_platform.tenants",
        "user": "SELECT id::text FROM alquimista_platform.users LIMIT 40",
    }
    with psycopg.connect(url) as conn:
        values = {
            name: [row[0] for row in conn.execute(sql).fetchall()] for name, sql in queries.items()
        }
    empty = [name for name, rows in values.items() if not rows]
    if empty:
        raise SystemExit(f"The demo data has no rows for {', '.join(empty)}.")
    return values


def admin_paths(role: str, ids: dict[str, list[str]], rng) -> list[str]:
    """The pages one staff member browses: lists, filters, searches, change pages."""
    lead, audit, tenant = rng.choice(ids["lead"]), rng.choice(ids["audit"]), ids["tenant"]
    common = [
        "/admin/nigredo/lead/",
        f"/admin/nigredo/lead/?status={rng.choice(ids['lead_status'])}",
        f"/admin/nigredo/lead/?q={rng.choice(ids['lead_email'])}",
        "/admin/nigredo/lead/?consent_given__exact=1",
        f"/admin/nigredo/lead/{lead}/change/",
        "/admin/platform_app/auditlog/",
        f"/admin/platform_app/auditlog/?action_type={rng.choice(ids['action'])}",
        "/admin/platform_app/auditlog/?result=failure",
        f"/admin/platform_app/auditlog/?q={rng.choice(ids['trace'])}",
        f"/admin/platform_app/auditlog/{audit}/change/",
        f"/admin/platform_app/auditlog/?tenant={rng.choice(tenant)}",
        f"/admin/platform_app/tenant/{rng.choice(tenant)}/change/",
    ]
    if role == SUPPORT:
        return [
            *common,
            "/admin/",
            "/admin/fibonacci/event/",
            "/admin/fibonacci/event/?status=failed",
            f"/admin/fibonacci/event/{rng.choice(ids['event'])}/change/",
            "/admin/platform_app/tenant/",
            "/admin/platform_app/platformuser/",
            f"/admin/platform_app/platformuser/{rng.choice(ids['user'])}/change/",
        ]
    return [*common, "/admin/nigredo/blocklistentry/", "/admin/nigredo/lead/lgpd/consentimento/"]


def api_paths(ids: dict[str, list[str]], rng) -> list[str]:
    tenant = rng.choice(ids["tenant"])
    return [
        "/api/leads?limit=20",
        f"/api/leads/{rng.choice(ids['lead'])}",
        f"/api/leads/{rng.choice(ids['lead'])}/interactions",
        "/api/audit-logs?limit=20",
        f"/api/audit-logs?traceId={rng.choice(ids['trace'])}",
        f"/api/audit-logs?tenantId={tenant}",
        "/api/tenants",
        f"/api/tenants/{tenant}",
        f"/api/tenants/{tenant}/users",
        "/api/events?limit=20",
        "/api/traces?limit=20",
        "/api/plans",
    ]


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            if error:
                self.errors[kind].append(error)


def timed(results: Results, kind: str, call, expect=(200,)) -> requests.Response | None:
    start = time.perf_counter()
    try:
        response = call()
    except requests.RequestException as exc:
        results.record(kind, time.perf_counter() - start, f"{type(exc).__name__}: {exc}")
        return None
    error = None
    if response.status_code not in expect:
        error = f"{response.status_code} {response.request.method} {response.request.path_url}"
    results.record(kind, time.perf_counter() - start, error)
    return response


def staff_client(base, username, role, password, ids, pages, seed, phases, results):
    import random

    rng = random.Random(seed)
    session = requests.Session()
    phases.start.wait()
    logged_in = log_in(session, base, username, password, results)
    phases.browse.wait()
    if not logged_in:
        return
    paths = admin_paths(role, ids, rng)
    for i in range(pages):
        path = paths[i % len(paths)] if i < len(paths) else rng.choice(paths)
        timed(results, "admin", lambda path=path: session.get(base + path, timeout=TIMEOUT))


def log_in(session, base, username, password, results) -> bool:
    """The admin's login form, then the second factor's page when it comes."""
    login = f"{base}/admin/login/?next=/admin/"
    timed(results, "login", lambda: session.get(login, timeout=TIMEOUT))
    response = timed(
        results,
        "login",
        lambda: session.post(
            login,
            data={
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": session.cookies.get("csrftoken", ""),
                "next": "/admin/",
            },
            headers={"Referer": login},
            allow_redirects=False,
            timeout=TIMEOUT,
        ),
        expect=(302,),
    )
    if response is None or "sessionid" not in session.cookies:
        results.record("login", 0.0, f"{username}: not logged in")
        return False
    # The password leads to the second factor's page (or, with 2FA off, to the admin).
    landing = timed(
        results,
        "login",
        lambda: session.get(urljoin(base, response.headers["Location"]), timeout=TIMEOUT),
    )
    if landing is not None and CODE_PAGE in landing.url:
        code_page = landing.url
        verified = timed(
            results,
            "login",
            lambda: session.post(
                code_page,
                data={
                    "token": pyotp.TOTP(TOTP_SECRET).now(),
                    "csrfmiddlewaretoken": session.cookies.get("csrftoken", ""),
                    "next": "/admin/",
                },
                headers={"Referer": code_page},
                allow_redirects=False,
                timeout=TIMEOUT,
            ),
            expect=(302,),
        )
        if verified is None or verified.status_code != 302:
            results.record("login", 0.0, f"{username}: second factor refused")
            return False
    elif landing is None or landing.status_code != 200:
        return False
    return True


def api_client(base, key, ids, calls, seed, phases, results):
    import random

    rng = random.Random(seed)
    session = requests.Session()
    session.headers["Authorization"] = f"Token {key}"
    paths = api_paths(ids, rng)
    phases.start.wait()
    phases.browse.wait()
    for i in range(calls):
        path = paths[i % len(paths)] if i < len(paths) else rng.choice(paths)
        timed(results, "api", lambda path=path: session.get(base + path, timeout=TIMEOUT))


class ConnectionWatch(threading.Thread):
    """The most connections the server held to the load database, polled."""

    def __init__(self, url: str, database: str):
        super().__init__(daemon=True)
        self.url, self.database = url, database
        self.peak = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        with psycopg.connect(self.url, autocommit=True) as conn:
            while not self.stopped.is_set():
                (count,) = conn.execute(  # type: ignore[misc]
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = %s"
                    " AND pid <> pg_backend_pid()",
                    [self.database],
                ).fetchone()
                self.peak = max(self.peak, count)
                self.stopped.wait(0.2)


def connection_budget(url: str) -> tuple[int, int]:
    """(max_connections, connections free now for a new server)."""
    with psycopg.connect(url) as conn:
        maximum = int(conn.execute("SHOW max_connections").fetchone()[0])  # type: ignore[index]
        reserved = int(
            conn.execute("SHOW superuser_reserved_connections").fetchone()[0]  # type: ignore[index]
        )
        (used,) = conn.execute("SELECT count(*) FROM pg_stat_activity").fetchone()  # type: ignore[misc]
    return maximum, maximum - reserved - used


def serve(env: dict, workers: int, threads: int, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--worker-class",
            "gthread",
            "--backlog",
            "256",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://{HOST}:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped:\n{log.read_text()[-3000:]}")
        try:
            if requests.get(f"{base}/health", timeout=5).status_code == 200:
                return process, base
        except requests.RequestException:
            pass
        time.sleep(0.3)
    stop(process)
    raise SystemExit("gunicorn did not answer /health within 60 s.")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def percentile(values: list[float], p: int) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


SERVER_FAILURES = re.compile(r"Traceback|too many clients|PoolTimeout|OperationalError")


def run(label, env, args, accounts, ids, password, watch_url, database, workdir) -> dict:
    log = workdir / f"gunicorn-{label}.log"
    process, base = serve(env, args.workers, args.threads, log)
    results = Results()
    parties = len(accounts["staff"]) + len(accounts["keys"]) + 1
    phases = Phases(threading.Barrier(parties), threading.Barrier(parties))
    clients = [
        threading.Thread(
            target=staff_client,
            args=(base, username, role, password, ids, args.pages, i, phases, results),
        )
        for i, (username, role) in enumerate(accounts["staff"])
    ] + [
        threading.Thread(
            target=api_client, args=(base, key, ids, args.calls, 1000 + i, phases, results)
        )
        for i, key in enumerate(accounts["keys"])
    ]
    watch = ConnectionWatch(watch_url, database)
    watch.start()
    try:
        for client in clients:
            client.start()
        phases.start.wait()
        began = time.perf_counter()
        phases.browse.wait()
        browsing = time.perf_counter()
        for client in clients:
            client.join()
        ended = time.perf_counter()
    finally:
        watch.stopped.set()
        watch.join()
        stop(process)
    server_failures = [
        line for line in log.read_text().splitlines() if SERVER_FAILURES.search(line)
    ]
    return {
        "label": label,
        "walls": {"login": browsing - began, "browse": ended - browsing},
        "results": results,
        "peak_connections": watch.peak,
        "server_failures": server_failures,
    }


def report(outcome: dict, maximum: int) -> int:
    results: Results = outcome["results"]
    print(f"\n=== {outcome['label']} ===")
    print(
        f"{'requests':<8} {'count':>6} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'p99 ms':>7} {'max ms':>7} {'errors':>6}"
    )
    total_errors = 0
    walls = outcome["walls"]
    browsing: list[float] = []
    for kind in ("login", "admin", "api"):
        values = results.latencies.get(kind, [])
        count = len(results.errors.get(kind, []))
        total_errors += count
        if kind != "login":
            browsing += values
        if values:
            wall = walls["login"] if kind == "login" else walls["browse"]
            print(_row(kind, values, wall, count))
    browse_errors = total_errors - len(results.errors.get("login", []))
    print(_row("browse", browsing, walls["browse"], browse_errors))
    print(
        f"login phase {walls['login']:.1f} s (the staff sessions log in together), then the "
        f"browse phase {walls['browse']:.1f} s (admin and API together); peak connections "
        f"to the load database {outcome['peak_connections']} (max_connections {maximum})"
    )
    for kind, messages in results.errors.items():
        for message in sorted(set(messages))[:10]:
            print(f"  error ({kind}): {message} x{messages.count(message)}")
    for line in outcome["server_failures"][:10]:
        print(f"  server: {line}")
    return total_errors + len(outcome["server_failures"])


def _row(kind: str, values: list[float], wall: float, errors: int) -> str:
    ms = [value * 1000 for value in values]
    return (
        f"{kind:<8} {len(values):>6} {len(values) / wall:>7.1f} {percentile(ms, 50):>7.0f} "
        f"{percentile(ms, 95):>7.0f} {percentile(ms, 99):>7.0f} {max(ms):>7.0f} {errors:>6}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--staff", type=int, default=50, help="staff sessions (admin)")
    parser.add_argument("--api", type=int, default=50, help="API clients")
    parser.add_argument("--pages", type=int, default=20, help="admin pages per session")
    parser.add_argument("--calls", type=int, default=40, help="API requests per client")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=8, help="threads per worker")
    parser.add_argument("--pool", choices=["off", "on", "both"], default="both")
    parser.add_argument("--keep-database", action="store_true")
    parser.add_argument("--no-2fa", action="store_true", help="STAFF_2FA_REQUIRED=false")
    parser.add_argument(
        "--volume",
        metavar="N",
        type=int,
        default=0,
        help="add N leads, 3N audit logs and N events (generate_load_data) to the demo data",
    )
    args = parser.parse_args()

    base_url = os.environ.get("DATABASE_URL")
    if not base_url:
        raise SystemExit("Set DATABASE_URL (the load database is created beside it).")
    if urlsplit(base_url).hostname not in (HOST, "localhost", None, ""):
        raise SystemExit("The load test runs against a PostgreSQL on this machine only.")
    database = f"{urlsplit(base_url).path.lstrip('/') or 'backoffice'}_load"
    admin_url, url = with_database(base_url, "postgres"), with_database(base_url, database)

    needed = args.workers * (args.threads + 1)
    maximum, free = connection_budget(admin_url)
    print(
        f"gunicorn: {args.workers} workers x {args.threads} threads: at most {needed} "
        f"connections (per worker: pool max = threads, + /health's); PostgreSQL "
        f"max_connections {maximum}, "
        f"{free} free now"
    )
    if needed + 2 > free:
        raise SystemExit("Not enough free connections: lower --workers or --threads.")

    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{database}"')
    workdir = Path(os.environ.get("LOADTEST_DIR") or ROOT / ".loadtest")
    workdir.mkdir(exist_ok=True)
    password = secrets.token_urlsafe(16)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_ENV": "dev",
        "DJANGO_DEBUG": "false",
        "DJANGO_ADMIN_URL": "admin/",
        "STAFF_2FA_REQUIRED": "false" if args.no_2fa else "true",
        "DB_CONNECT_TIMEOUT": "5",
    }
    failures = 0
    try:
        print(f"Building {database} (demo data) and {args.staff}+{args.api} accounts…", flush=True)
        rows = {"--leads": args.volume, "--audit-logs": 3 * args.volume, "--events": args.volume}
        volume = [str(part) for pair in rows.items() for part in pair] if args.volume else []
        accounts = prepare(env, args.staff, args.api, password, volume)
        ids = sample(url)
        modes = {"off": ["off"], "on": ["on"], "both": ["off", "on"]}[args.pool]
        for mode in modes:
            run_env = {
                **env,
                "DB_POOL": "true" if mode == "on" else "false",
                "DB_POOL_MIN_SIZE": "2",
                "DB_POOL_MAX_SIZE": str(args.threads),
                "DB_POOL_TIMEOUT": "10",
            }
            label = (
                f"DB_POOL={run_env['DB_POOL']}: {args.staff} staff x (login + {args.pages} "
                f"pages), {args.api} API clients x {args.calls} calls; "
                f"{args.workers} workers x {args.threads} threads"
            )
            print(f"\nRunning {label}…", flush=True)
            outcome = run(
                label, run_env, args, accounts, ids, password, admin_url, database, workdir
            )
            failures += report(outcome, maximum)
    finally:
        if not args.keep_database:
            with psycopg.connect(admin_url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    print("\nno error" if failures == 0 else f"\n{failures} error(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
