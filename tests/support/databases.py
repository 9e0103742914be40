"""Scratch databases on the test server, for the runner's tests that need a blank slate."""

import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import psycopg
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
MIGRATIONS_DIR = ROOT / "database" / "migrations"
LEGACY_LEDGER_NAMES = [
    "001_create_schemas",
    "002_create_leads_tables",
    "003_create_platform_tables",
    "004_create_core_tables",
    "006_add_lgpd_consent",
    "007_create_nigredo_schema",
]


def server_params() -> dict:
    params = connection.get_connection_params()
    return {key: params[key] for key in ("host", "port", "user", "password") if params.get(key)}


class ScratchDatabase:
    """A database of its own, dropped afterwards; `run` calls manage.py against it."""

    def __init__(self, prefix: str = "scratch") -> None:
        self.name = f"{prefix}_{uuid.uuid4().hex[:10]}"
        self.params = server_params()
        with self.admin() as admin:
            admin.execute(f'CREATE DATABASE "{self.name}"')

    def admin(self) -> psycopg.Connection:
        return psycopg.connect(dbname="postgres", autocommit=True, **self.params)

    def connect(self) -> psycopg.Connection:
        return psycopg.connect(dbname=self.name, autocommit=True, **self.params)

    @property
    def url(self) -> str:
        user = quote(self.params.get("user", "postgres"))
        password = f":{quote(self.params['password'])}" if self.params.get("password") else ""
        host = self.params.get("host", "127.0.0.1")
        if host.startswith("/"):
            return f"postgres://{user}{password}@/{self.name}?host={quote(host)}"
        return f"postgres://{user}{password}@{host}:{self.params.get('port', 5432)}/{self.name}"

    def start(self, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
        env = {**os.environ, "DATABASE_URL": self.url, "DJANGO_ENV": "dev", **(env or {})}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        env.pop("DB_SECRET_ID", None)
        return subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), *args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def run(self, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        process = self.start(*args, env=env)
        stdout, stderr = process.communicate(timeout=300)
        return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)

    def drop(self) -> None:
        with self.admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def build_like_production(database: ScratchDatabase) -> None:
    """Build the database the way production was: files 001-008 and 010 run by hand
    (009 skipped, so no expire_trials()), a ledger holding only the six legacy rows."""
    with database.connect() as conn:
        for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
            version = int(path.name[:3])
            if version == 9 or version > 10:
                continue
            with conn.transaction():
                conn.execute(path.read_text())
        with conn.transaction():
            for name in LEGACY_LEDGER_NAMES:
                conn.execute("INSERT INTO public.migrations (migration_name) VALUES (%s)", [name])
