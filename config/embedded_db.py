"""An embedded PostgreSQL (pgserver) for development when no database is configured."""

import warnings
from pathlib import Path
from urllib.parse import parse_qs, urlparse

# pgserver keeps its lock file in the user's runtime directory; without XDG_RUNTIME_DIR
# platformdirs falls back to /tmp and warns, at start and again at exit.
warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")


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
