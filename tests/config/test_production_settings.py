"""Production settings refuse to start without real secrets."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k" * 20 + "-prod-9f8e7d6c5b4a39281706f5e4d3c2b1a0"


def load_prod_settings(**env: str) -> subprocess.CompletedProcess:
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DB_"))},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_ENV": "prod",
        "DATABASE_URL": "postgres://backoffice@127.0.0.1:5432/alquimista",
        "DJANGO_ALLOWED_HOSTS": "backoffice.alquimista.ai",
        "LGPD_BLOCKLIST_KEY": "lgpd-" + "x" * 40,
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(len(settings.SECRET_KEY))"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("key", ["", "short-key", "x" * 60], ids=["empty", "short", "one-char"])
def test_an_empty_short_or_trivial_secret_key_is_refused(key):
    result = load_prod_settings(DJANGO_SECRET_KEY=key)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_an_empty_blocklist_key_is_refused():
    result = load_prod_settings(DJANGO_SECRET_KEY=GOOD_KEY, LGPD_BLOCKLIST_KEY="")

    assert result.returncode != 0
    assert "LGPD_BLOCKLIST_KEY must be set" in result.stderr


def test_a_long_random_key_is_accepted():
    result = load_prod_settings(DJANGO_SECRET_KEY=GOOD_KEY)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(len(GOOD_KEY))
