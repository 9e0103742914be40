"""An embedded PostgreSQL (pgserver) for development when no database is configured.

It keeps running after the command that started it ends, and is reused next time.
`python -m config.embedded_db status` says where it lives and whether it runs (`make run`
prints it); `python -m config.embedded_db stop` stops it (`make stop`).
"""

import argparse
import os
import subprocess
import sys
import warnings
from pathlib import Path
from urllib.parse import parse_qs, urlparse

# pgserver keeps its lock file in the user's runtime directory; without XDG_RUNTIME_DIR
# platformdirs falls back to /tmp and warns, at start and again at exit.
warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")

DATA_DIR = Path(__file__).resolve().parent.parent / ".pgdata"


def embedded_database_settings(data_dir: Path) -> dict:
    """Start (or reuse) the PostgreSQL server in `data_dir`; it outlives this process."""
    import pgserver

    server = pgserver.get_server(data_dir, cleanup_mode=None)
    uri = urlparse(server.get_uri())
    host = parse_qs(uri.query).get("host", [uri.hostname or "127.0.0.1"])[0]
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": uri.path.lstrip("/") or "postgres",
        "USER": uri.username or "postgres",
        "PASSWORD": uri.password or "",
        "HOST": host,
        "PORT": str(uri.port or ""),
    }


def system_user() -> str | None:
    """The OS user PostgreSQL runs as: pgserver's own `pgserver` account when started by
    root (PostgreSQL refuses to run as root), else the current user."""
    return "pgserver" if hasattr(os, "geteuid") and os.geteuid() == 0 else None


def running_pid(data_dir: Path) -> int | None:
    """The postmaster's pid, when a server runs in `data_dir`."""
    try:
        pid = int((data_dir / "postmaster.pid").read_text().split("\n", 1)[0])
    except (OSError, ValueError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass  # it exists, as another user
    return pid


def status(data_dir: Path) -> str:
    if os.environ.get("DATABASE_URL") or os.environ.get("DB_SECRET_ID"):
        configured = "DATABASE_URL" if os.environ.get("DATABASE_URL") else "DB_SECRET_ID"
        return f"Database: the server {configured} names (the embedded one is not used)."
    pid = running_pid(data_dir)
    if pid is None:
        return f"Embedded PostgreSQL: not running (its data: {data_dir})."
    user = system_user()
    owner = f" as the OS user {user!r}" if user else ""
    return (
        f"Embedded PostgreSQL: running in {data_dir} (pid {pid}{owner}), kept running after "
        "this command ends. Stop it with `make stop`."
    )


def stop(data_dir: Path) -> str:
    """Stop the server in `data_dir` with its own pg_ctl, as the user it runs as."""
    pid = running_pid(data_dir)
    if pid is None:
        return f"Embedded PostgreSQL: not running (its data: {data_dir})."
    from pgserver._commands import POSTGRES_BIN_PATH

    subprocess.run(
        [str(POSTGRES_BIN_PATH / "pg_ctl"), "-D", str(data_dir), "-w", "-m", "fast", "stop"],
        user=system_user(),
        check=True,
        capture_output=True,
    )
    return f"Embedded PostgreSQL in {data_dir} stopped (was pid {pid}); its data stays."


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m config.embedded_db")
    parser.add_argument("action", choices=["status", "stop"])
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR)
    args = parser.parse_args(argv)
    action = status if args.action == "status" else stop
    print(action(args.data_dir.resolve()))


if __name__ == "__main__":
    main(sys.argv[1:])
