"""The embedded PostgreSQL: `make run` says where it lives, `make stop` stops it."""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from config.embedded_db import DATA_DIR, embedded_database_settings, running_pid, stop

ROOT = Path(__file__).resolve().parents[2]


def embedded_db(action: str, data_dir: Path, **env: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "config.embedded_db", action, "--data-dir", str(data_dir)],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_the_default_data_folder_is_the_checkout_pgdata():
    assert DATA_DIR == ROOT / ".pgdata"


@pytest.fixture
def data_dir():
    folder = Path(tempfile.mkdtemp(prefix="embedded-db-"))
    yield folder / "pgdata"
    if running_pid(folder / "pgdata"):
        stop(folder / "pgdata")
    shutil.rmtree(folder)


@pytest.mark.filterwarnings("ignore:XDG_RUNTIME_DIR is not set")
def test_status_names_the_folder_and_stop_stops_the_server(data_dir):
    embedded_database_settings(data_dir)  # as the dev settings start it
    pid = running_pid(data_dir)

    running = embedded_db("status", data_dir)
    stopped = embedded_db("stop", data_dir)
    after = embedded_db("status", data_dir)
    again = embedded_db("stop", data_dir)

    assert running.startswith(f"Embedded PostgreSQL: running in {data_dir} (pid {pid}")
    assert "Stop it with `make stop`." in running
    assert stopped == (
        f"Embedded PostgreSQL in {data_dir} stopped (was pid {pid}); its data stays."
    )
    assert after == again == f"Embedded PostgreSQL: not running (its data: {data_dir})."
    assert (data_dir / "PG_VERSION").exists()


def test_status_says_when_a_configured_server_is_used_instead(tmp_path):
    assert embedded_db("status", tmp_path, DATABASE_URL="postgres://x@h/db") == (
        "Database: the server DATABASE_URL names (the embedded one is not used)."
    )
