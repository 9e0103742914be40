"""Fuzz the API's OpenAPI schema with schemathesis, as a staff key and as a platform user.

    make fuzz                       # or: .venv/bin/python fuzz/api.py [--max-examples N]

Builds a database of its own beside DATABASE_URL's (`<name>_fuzz`, dropped afterwards)
with the SQL migrations, Django's tables, the staff groups and the demo data; creates a
superuser API key; signs a Cognito ID token for an active platform user with a local key
(JWKS file + issuer given to the server); serves the project with gunicorn on 127.0.0.1;
and runs `schemathesis run` over /api/schema/ once per caller with every check. Exits
non-zero on any failure (a 5xx, a response that breaks the schema, …).
"""

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support import cognito  # noqa: E402  (the test pool's key and token maker)

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def prepare(env: dict, url: str) -> tuple[str, str]:
    """Build the fuzz database; return (staff key, platform user's token)."""
    for command in (
        ["dbmigrations", "apply"],
        ["migrate", "--noinput"],
        ["create_staff_groups"],
        ["load_demo_data"],
    ):
        manage(env, *command)
    manage(
        env,
        "shell",
        "-c",
        (
            "from django.contrib.auth.models import User;"
            "User.objects.filter(username='fuzz').exists() or "
            "User.objects.create_superuser('fuzz', 'fuzz@alquimista.ai', None)"
        ),
    )
    key = manage(env, "create_api_token", "fuzz").strip().splitlines()[-1]
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT u.id, u.tenant_id FROM alquimista_platform.users u"
            " JOIN alquimista_platform.tenants t ON t.id = u.tenant_id"
            " WHERE u.status = 'active' AND t.subscription_status = 'active'"
            " ORDER BY u.email LIMIT 1"
        ).fetchone()
    if row is None:
        raise SystemExit("The demo data has no active platform user of an active tenant.")
    user_id, tenant_id = row
    token = cognito.make_token(sub=user_id, tenant_id=tenant_id, expires_in=6 * 3600)
    return key, token


CASES = re.compile(r"(\d+)\s+generated")


def fuzz(base: str, caller: str, header: str, max_examples: int) -> tuple[int, str]:
    command = [
        str(BIN / "schemathesis"),
        "--config-file",
        str(ROOT / "fuzz" / "schemathesis.toml"),
        "run",
        f"{base}/api/schema/",
        "--checks",
        "all",
        "--exclude-checks",
        "ignored_auth",
        "-H",
        f"Authorization: {header}",
        "--max-examples",
        str(max_examples),
        "--workers",
        "2",
        "--request-timeout",
        "30",
        "--no-color",
    ]
    print(f"\n=== schemathesis as {caller} ===", flush=True)
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    print(result.stdout)
    if result.stderr.strip():
        print(result.stderr[-3000:], file=sys.stderr)
    return result.returncode, result.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-examples", type=int, default=100)
    args = parser.parse_args()

    base_url = os.environ.get("DATABASE_URL")
    if not base_url:
        raise SystemExit("Set DATABASE_URL (the fuzz database is created beside it).")
    name = f"{urlsplit(base_url).path.lstrip('/') or 'backoffice'}_fuzz"
    admin_url = with_database(base_url, "postgres")
    url = with_database(base_url, name)
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')

    workdir = Path(tempfile.mkdtemp(prefix="fuzz-"))
    jwks = cognito.write_jwks(workdir / "jwks.json")
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_ENV": "dev",
        "DJANGO_DEBUG": "false",
        "DJANGO_LOG_LEVEL": "WARNING",  # the report, not one log line per request
        "COGNITO_JWKS_FILE": str(jwks),
        "COGNITO_ISSUER": cognito.ISSUER,
        "COGNITO_APP_CLIENT_IDS": cognito.CLIENT_ID,
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    server = None
    try:
        key, token = prepare(env, url)
        port = int(os.environ.get("FUZZ_PORT") or free_port())
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--timeout",
                "60",
                "--log-level",
                "warning",
                # Repeated query parameters can pass gunicorn's 4 KiB request line, which it
                # refuses with an HTML 414 before Django sees the request.
                "--limit-request-line",
                "0",
            ],
            cwd=ROOT,
            env=env,
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        outcomes = [
            fuzz(base, "staff (API key)", f"Token {key}", args.max_examples),
            fuzz(base, "platform user (Cognito JWT)", f"Bearer {token}", args.max_examples),
        ]
    finally:
        if server is not None:
            server.terminate()
            server.wait(15)
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    total = sum(int(m) for _, out in outcomes for m in CASES.findall(out)[-1:])
    print(f"\nfuzz: {total} test cases generated over both callers")
    return max(code for code, _ in outcomes)


if __name__ == "__main__":
    sys.exit(main())
