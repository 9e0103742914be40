"""The back-office served by gunicorn in a process of its own, against a database a test
chose, as production serves it: for what only a real server and a real outage can show."""

import os
import re
import subprocess
import sys
from pathlib import Path

import requests
from django.urls import reverse

from tests.support import totp
from tests.support.clusters import free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]
SUPERUSER = ("admin", "senha-de-teste-123")
# The superuser's TOTP key per database, learnt at enrolment, and how many logins since.
_TOTP_KEYS: dict[str, bytes] = {}
_TOTP_LOGINS: dict[str, int] = {}


def _csrf(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert found, html[:500]
    return found.group(1)


def server_env(database_url: str, **extra: str) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_ENV": "dev", **extra}
    env["DJANGO_DEBUG"] = "false"
    for name in ("DJANGO_SETTINGS_MODULE", "DB_SECRET_ID", "DATABASE_REPLICA_URL"):
        if name not in extra:
            env.pop(name, None)
    return env


def manage(database_url: str, *args: str) -> None:
    """Run manage.py against `database_url`; raise with its output if it fails."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=server_env(database_url),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def prepare_database(database_url: str) -> None:
    """The SQL migrations, Django's tables, the staff groups and a superuser."""
    manage(database_url, "dbmigrations", "apply")
    manage(database_url, "migrate", "--noinput")
    manage(database_url, "create_staff_groups")
    username, password = SUPERUSER
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "ensure_superuser"],
        cwd=ROOT,
        env={
            **server_env(database_url),
            "DJANGO_SUPERUSER_USERNAME": username,
            "DJANGO_SUPERUSER_PASSWORD": password,
        },
        check=True,
        capture_output=True,
    )


class Server:
    """gunicorn serving config.wsgi with one worker on a free port."""

    def __init__(self, env: dict[str, str]):
        self.env = env
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(f"/tmp/gunicorn-test-{self.port}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--timeout",
                "60",
                # One control socket per machine by default: servers running side by side
                # (other tests, `make run`) must not share it.
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        wait_for(self._answers, timeout=60)

    def _answers(self) -> bool:
        try:
            requests.get(f"{self.url}/static/", timeout=5)
        except requests.RequestException:
            return False
        return True

    def worker_pids(self) -> set[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return {int(pid) for pid in children.read_text().split()}

    def login(self) -> requests.Session:
        """A session logged into the admin as the superuser: the password, then the second
        factor (enrolling on the database's first login, a TOTP code after that)."""
        session = requests.Session()
        login, index = reverse("admin:login"), reverse("admin:index")
        page = session.get(f"{self.url}{login}", timeout=30)
        response = session.post(
            f"{self.url}{login}?next={index}",
            data={
                "csrfmiddlewaretoken": _csrf(page.text),
                "username": SUPERUSER[0],
                "password": SUPERUSER[1],
            },
            timeout=30,
        )
        database = self.env["DATABASE_URL"]
        if "totp-secret" in response.text:
            _TOTP_KEYS[database] = totp.secret_on_page(response.text)
            steps_ahead = 0
        else:
            steps_ahead = _TOTP_LOGINS[database] = _TOTP_LOGINS.get(database, 0) + 1
        response = session.post(
            response.url,
            data={
                "csrfmiddlewaretoken": _csrf(response.text),
                "token": totp.code(_TOTP_KEYS[database], steps_ahead=min(steps_ahead, 1)),
            },
            timeout=30,
        )
        response = session.get(f"{self.url}{index}", timeout=30)
        assert response.status_code == 200 and "logout-form" in response.text, response.text[:500]
        return session

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()
