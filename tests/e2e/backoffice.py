"""The back-office as `make run` serves it, on a database of its own for one run of the
journeys: created, filled with the demo data, served by gunicorn, dropped afterwards."""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import requests

from devdata.demo.staff import DEMO_TOTP_SECRET
from tests.support.clusters import free_port, wait_for
from tests.support.databases import ScratchDatabase

ROOT = Path(__file__).resolve().parents[2]
DEMO_STAFF_PASSWORD = "jornada-e2e-2026"
DEMO_STAFF_TOTP_SECRET = DEMO_TOTP_SECRET
# `make run` (Makefile, targets `db` and `run`), less ensure_superuser: the journeys log in
# as the demo staff.
SETUP_COMMANDS: tuple[tuple[str, ...], ...] = (
    ("dbmigrations", "apply"),
    ("migrate", "--noinput"),
    ("create_staff_groups",),
    ("ensure_internal_tenant",),
    ("load_demo_data",),
    ("load_demo_staff",),
    ("collectstatic", "--noinput", "--verbosity", "0"),
)
# Run in one process (what each `manage.py` does, without six more Django start-ups).
SETUP_SCRIPT = """
import json, sys, time
import django
django.setup()
from django.core.management import call_command
for command in json.loads(sys.argv[1]):
    print("$ manage.py", *command, flush=True)
    started = time.monotonic()
    call_command(*command)
    print(f"({time.monotonic() - started:.1f} s)", flush=True)
"""


class BackOffice:
    """gunicorn serving config.wsgi (two workers, as `make run`) over a fresh demo
    database; the setup's output and the server's log go to `logs`."""

    def __init__(self, logs: Path) -> None:
        logs.mkdir(parents=True, exist_ok=True)
        self.database = ScratchDatabase(prefix="e2e")
        self.process: subprocess.Popen[bytes] | None = None
        self.env = {
            **os.environ,
            "DATABASE_URL": self.database.url,
            "DJANGO_ENV": "dev",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEMO_STAFF_PASSWORD": DEMO_STAFF_PASSWORD,
            "DEMO_STAFF_TOTP_SECRET": DEMO_STAFF_TOTP_SECRET,
            # The second factor as production asks for it, whatever the shell says.
            "STAFF_2FA_REQUIRED": "true",
        }
        for name in ("DB_SECRET_ID", "DATABASE_REPLICA_URL"):
            self.env.pop(name, None)
        port = int(os.environ.get("E2E_PORT") or free_port())
        self.url = f"http://127.0.0.1:{port}"
        try:
            with open(logs / "setup.log", "w") as setup_log:
                setup = subprocess.run(
                    [sys.executable, "-c", SETUP_SCRIPT, json.dumps(SETUP_COMMANDS)],
                    cwd=ROOT,
                    env=self.env,
                    stdout=setup_log,
                    stderr=subprocess.STDOUT,
                    timeout=600,
                )
            assert setup.returncode == 0, f"the setup failed: see {setup_log.name}"
            self.log = open(logs / "gunicorn.log", "w")  # noqa: SIM115
            self.process = subprocess.Popen(
                [
                    str(Path(sys.executable).with_name("gunicorn")),
                    "config.wsgi",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "2",
                    "--access-logfile",
                    "-",
                    # One control socket per machine by default: servers running side by
                    # side (other tests, `make run`) must not share it.
                    "--no-control-socket",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=self.log,
                stderr=subprocess.STDOUT,
            )
            wait_for(self._healthy, timeout=60)
        except BaseException:
            self.stop()
            raise

    def _healthy(self) -> bool:
        assert self.process is not None and self.process.poll() is None, "gunicorn exited"
        try:
            return requests.get(f"{self.url}/health", timeout=5).status_code == 200
        except requests.RequestException:
            return False

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        """Rows of the journeys' database: for finding the demo rows a journey starts
        from (what a customer would tell the staff member), never for asserting."""
        with self.database.connect() as conn:
            return conn.execute(sql, params).fetchall()

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.log.close()
        self.database.drop()
