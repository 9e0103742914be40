"""The API under gunicorn, side by side with a bare WSGI app running the same SQL.

    createdb -h 127.0.0.1 -U postgres -T backoffice_bench api_bench   # a copy: this writes
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/api_bench \\
        .venv/bin/python bench/api.py --requests 2000 --concurrency 4

The database must hold the load data (bench/README.md). The script writes to it (SQL
migration 013, Django's `api` table, a superuser and its API key), so it refuses the shared
`backoffice_bench`: run it on a copy. Then it serves
- the project: `gunicorn config.wsgi` with the production settings (DJANGO_ENV=prod, DEBUG
  off, persistent connections, requests arriving as HTTPS through a proxy), and
- `bench/minimal_wsgi.py`: the same four answers with the same SQL straight through psycopg,
both with the same gunicorn (2 sync workers, as many as CPUs), and sends each the same
requests from `--concurrency` client processes: `/health`, `/api/plans`, `/api/agents`, and
`/api/audit-logs?traceId=…` with a staff key, over trace ids sampled from the table. Each
(app, endpoint) is warmed up, then the requests are sent in `--rounds` short rounds that
alternate between the two apps (the machine is shared: both see its load alike); the
table sums the rounds.
"""

import argparse
import http.client
import multiprocessing
import os
import platform
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SHARED_BENCH_DATABASE = "backoffice_bench"


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def prepare(env: dict) -> str:
    """Migration 013 and the api table on the copy; a superuser key (returned)."""
    manage(env, "dbmigrations", "apply")
    manage(env, "migrate", "--noinput")
    manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth.models import User;"
        "User.objects.filter(username='bench-api').exists() or "
        "User.objects.create_superuser('bench-api', 'bench@alquimista.ai', None)",
    )
    return manage(env, "create_api_token", "bench-api").strip().splitlines()[-1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(app: str, env: dict, workers: int) -> tuple[subprocess.Popen, int]:
    port = free_port()
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            app,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process, port
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"{app} did not start")


def _worker(args: tuple) -> list[float]:
    port, paths, headers = args
    latencies = []
    for path in paths:
        started = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        conn.close()
        if response.status != 200:
            raise RuntimeError(f"{path}: HTTP {response.status}")
        latencies.append(time.perf_counter() - started)
    return latencies


def load(pool, port: int, paths: list[str], headers: dict, concurrency: int):
    """Send `paths` from `concurrency` processes; (latencies in seconds, elapsed seconds)."""
    shares = [paths[i::concurrency] for i in range(concurrency)]
    started = time.perf_counter()
    results = pool.map(_worker, [(port, share, headers) for share in shares])
    elapsed = time.perf_counter() - started
    return [latency for share in results for latency in share], elapsed


def summary(latencies: list[float], elapsed: float) -> tuple[float, float]:
    """(requests per second, p95 in ms)."""
    ordered = sorted(latencies)
    return len(ordered) / elapsed, ordered[max(int(len(ordered) * 0.95) - 1, 0)] * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if urlsplit(url).path.lstrip("/") in ("", SHARED_BENCH_DATABASE):
        raise SystemExit(
            "Point DATABASE_URL at a copy of backoffice_bench (this script writes to it):\n"
            "  createdb -h 127.0.0.1 -U postgres -T backoffice_bench api_bench"
        )
    env = {
        **os.environ,
        "DJANGO_ENV": "prod",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_LOG_LEVEL": "WARNING",
        "LGPD_BLOCKLIST_KEY": "bench-only-blocklist-key",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("STAFF_2FA_REQUIRED", None)  # production refuses it off
    key = prepare({**env, "DJANGO_ENV": "dev"})
    with psycopg.connect(url) as conn:
        trace_ids = [
            str(row[0])
            for row in conn.execute(
                "SELECT trace_id FROM alquimista_platform.audit_logs TABLESAMPLE SYSTEM (0.2)"
                " LIMIT 1000"
            )
        ]
        estimate = conn.execute(
            "SELECT reltuples::bigint FROM pg_class"
            " WHERE oid = 'alquimista_platform.audit_logs'::regclass"
        ).fetchone()
        audit_rows = estimate[0] if estimate else 0

    endpoints = {
        "/health": [],
        "/api/plans": [],
        "/api/agents": [],
        "/api/audit-logs?traceId=…": [f"/api/audit-logs?traceId={t}" for t in trace_ids],
    }
    proxy = {"X-Forwarded-Proto": "https", "Accept": "application/json"}
    auth = {**proxy, "Authorization": f"Token {key}"}
    django, django_port = serve("config.wsgi", env, args.workers)
    minimal, minimal_port = serve("bench.minimal_wsgi:application", env, args.workers)
    rows = []
    try:
        with multiprocessing.Pool(args.concurrency) as pool:
            for name, variants in endpoints.items():
                path = name.split("?")[0]
                paths = [
                    variants[i % len(variants)] if variants else path for i in range(args.requests)
                ]
                headers = auth if variants else proxy
                for port in (django_port, minimal_port):
                    warmup = paths[: max(100, args.requests // 10)]
                    load(pool, port, warmup, headers, args.concurrency)
                # Short interleaved rounds, so both apps share the machine's moods alike.
                runs: dict[str, tuple[list[float], float]] = {}
                chunk = max(args.requests // args.rounds, 1)
                for round_ in range(args.rounds):
                    part = paths[round_ * chunk : (round_ + 1) * chunk]
                    for label, port in (("django", django_port), ("minimal", minimal_port)):
                        latencies, elapsed = load(pool, port, part, headers, args.concurrency)
                        before, spent = runs.get(label, ([], 0.0))
                        runs[label] = (before + latencies, spent + elapsed)
                best = {label: summary(*run) for label, run in runs.items()}
                rows.append((name, *best["django"], *best["minimal"]))
    finally:
        for process in (django, minimal):
            process.terminate()
            process.wait(15)

    print(
        f"\n{args.requests} requests per run, {args.concurrency} client processes, gunicorn "
        f"{args.workers} sync workers each; {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}; audit_logs ≈ {audit_rows:,} rows\n"
    )
    print("| endpoint | API req/s | API p95 ms | minimal req/s | minimal p95 ms | ratio |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, rps, p95, min_rps, min_p95 in rows:
        print(
            f"| `{name}` | {rps:,.0f} | {p95:.1f} | {min_rps:,.0f} | {min_p95:.1f} "
            f"| {rps / min_rps:.2f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
