"""Django's DATABASES entry, built the way each environment provides credentials.

Order of precedence: DATABASE_URL, then DB_SECRET_ID (an AWS Secrets Manager secret),
then, in development only, an embedded PostgreSQL started in a local folder.
"""

import json
from pathlib import Path
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured

ENGINE = "core.postgresql"
PSYCOPG_PREPARE_THRESHOLD = 5
BACKOFFICE_SCHEMA = "backoffice"
LOCAL_HOSTS = frozenset({"", "localhost", "127.0.0.1", "::1"})


def database_settings(env: environ.Env, *, embedded_data_dir: Path | None = None) -> dict:
    """Return the `default` database settings from the environment."""
    if env.str("DATABASE_URL", default=""):
        config = env.db_url("DATABASE_URL")
    elif secret_id := env.str("DB_SECRET_ID", default=""):
        region = env.str("AWS_REGION", default="us-east-1")
        config = settings_from_secret(fetch_secret(secret_id, region=region))
    elif embedded_data_dir is not None:
        from config.embedded_db import embedded_database_settings

        config = embedded_database_settings(embedded_data_dir)
    else:
        raise ImproperlyConfigured("Set DATABASE_URL or DB_SECRET_ID to reach the database.")
    return with_connection_options(config, env)


def replica_settings(env: environ.Env) -> dict | None:
    """The `replica` alias for DATABASE_REPLICA_URL (Aurora's reader endpoint), if set.

    It shares the primary's options, never opens a transaction per request (it only
    reads), and gives up connecting sooner, since reads then fall back to the primary.
    """
    if not env.str("DATABASE_REPLICA_URL", default=""):
        return None
    config = with_connection_options(env.db_url("DATABASE_REPLICA_URL"), env)
    config["ATOMIC_REQUESTS"] = False
    config["OPTIONS"]["connect_timeout"] = env.int("DB_REPLICA_CONNECT_TIMEOUT", default=2)
    config["TEST"] = {"MIRROR": "default"}
    return config


def databases(env: environ.Env, *, embedded_data_dir: Path | None = None) -> dict:
    """DATABASES: the primary, and the read replica when one is configured."""
    primary = database_settings(env, embedded_data_dir=embedded_data_dir)
    replica = replica_settings(env)
    return {"default": primary, **({"replica": replica} if replica else {})}


def fetch_secret(secret_id: str, *, region: str) -> dict[str, Any]:
    """Read a JSON secret from AWS Secrets Manager."""
    try:
        import boto3
    except ImportError as exc:
        raise ImproperlyConfigured(
            "DB_SECRET_ID needs boto3: pip install 'alquimista-backoffice[aws]'"
        ) from exc
    client = boto3.client("secretsmanager", region_name=region)
    secret_string = client.get_secret_value(SecretId=secret_id)["SecretString"]
    try:
        return json.loads(secret_string)
    except json.JSONDecodeError as exc:
        raise ImproperlyConfigured(f"Secret {secret_id!r} is not a JSON object.") from exc


def settings_from_secret(secret: dict[str, Any]) -> dict:
    """Map an RDS-style secret (host, port, database or dbname, username, password)."""
    name = secret.get("database") or secret.get("dbname")
    missing = [key for key in ("host", "username", "password") if not secret.get(key)]
    if not name:
        missing.append("database (or dbname)")
    if missing:
        raise ImproperlyConfigured(f"Database secret lacks: {', '.join(missing)}.")
    return {
        "ENGINE": ENGINE,
        "NAME": name,
        "USER": secret["username"],
        "PASSWORD": secret["password"],
        "HOST": secret["host"],
        "PORT": str(secret.get("port") or 5432),
    }


def is_local_host(host: str) -> bool:
    return host in LOCAL_HOSTS or host.startswith("/")


def with_connection_options(config: dict, env: environ.Env) -> dict:
    """Add the engine, TLS, timeouts, search_path and pooling every environment shares."""
    if config.get("ENGINE") not in (ENGINE, "django.db.backends.postgresql"):
        raise ImproperlyConfigured("Only PostgreSQL is supported (postgres:// URL).")
    config["ENGINE"] = ENGINE
    config["ATOMIC_REQUESTS"] = True
    options = config.setdefault("OPTIONS", {})
    if not config.get("HOST") and "host" in options:  # postgres://user@/db?host=/socket/dir
        config["HOST"] = options.pop("host")
    options.setdefault("connect_timeout", env.int("DB_CONNECT_TIMEOUT", default=3))
    options.setdefault("application_name", "alquimista-backoffice")
    # The few statements every API request sends run prepared (core.postgresql's
    # PreparedCursor); Django's own queries never are (they bind parameters client-side).
    # Off (DB_PREPARED_STATEMENTS=false) behind a pooler in transaction mode.
    if env.bool("DB_PREPARED_STATEMENTS", default=True):
        options.setdefault("prepare_threshold", PSYCOPG_PREPARE_THRESHOLD)
    if not is_local_host(str(config.get("HOST") or "")):
        options.setdefault("sslmode", "require")
    # Django's own tables go to `backoffice`; an empty fallback means nothing lands in
    # `public` by accident. Platform tables are always named with their schema.
    search_path = f"-c search_path={BACKOFFICE_SCHEMA}"
    options["options"] = (
        f"{options['options']} {search_path}" if "options" in options else search_path
    )
    # Fail fast when the server is gone: a request waits at most the connect timeout
    # (or the pool's timeout for a free connection), then answers 503 (core.outage).
    # Every connection is checked before use (CONN_HEALTH_CHECKS; for the pool, psycopg's
    # ConnectionPool.check_connection on checkout), so the dead connections a failover
    # leaves behind are discarded instead of failing a request.
    config["CONN_HEALTH_CHECKS"] = True
    if env.bool("DB_POOL", default=False):
        options["pool"] = {
            "min_size": env.int("DB_POOL_MIN_SIZE", default=1),
            "max_size": env.int("DB_POOL_MAX_SIZE", default=10),
            "timeout": env.float("DB_POOL_TIMEOUT", default=3),
            "max_lifetime": env.float("DB_POOL_MAX_LIFETIME", default=1800),
            "max_idle": env.float("DB_POOL_MAX_IDLE", default=300),
        }
        config["CONN_MAX_AGE"] = 0
    else:
        config["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
    return config
