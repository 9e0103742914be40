"""Security headers and production settings.

Checked against their removal: a policy with 'unsafe-inline' in script-src, an inline
<script> in a template, X_FRAME_OPTIONS back at SAMEORIGIN, or SESSION_COOKIE_SECURE off in
prod.py each make a test here fail.
"""

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from platform_app.models import Tenant
from tests.factories import TenantFactory

ROOT = Path(__file__).resolve().parents[2]
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
EVENT_ATTRIBUTE = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
DATA_TYPES = ('type="application/json"', 'type="application/ld+json"')


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


def inline_scripts(html: str) -> list[str]:
    """<script> elements a policy without 'unsafe-inline' would block: no src, JavaScript."""
    return [
        body[:80]
        for attributes, body in SCRIPT_TAG.findall(html)
        if "src=" not in attributes and not any(kind in attributes for kind in DATA_TYPES)
    ]


def test_every_answer_carries_a_policy_without_inline_scripts(db):
    client = Client()
    response = client.get(reverse("admin:login"))
    directives = policy(response)

    assert inline_scripts(response.content.decode()) == []
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in directives.get("default-src", [])
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    api_policy = policy(client.get("/api/plans"))
    assert api_policy == {"default-src": ["'none'"], "frame-ancestors": ["'none'"]}


@pytest.mark.parametrize(
    "page",
    [
        lambda: reverse("admin:index"),  # the support dashboard (Chart.js)
        lambda: reverse("admin:platform_app_tenant_changelist"),
        lambda: reverse(
            "admin:platform_app_tenant_change", args=[Tenant.objects.latest("created_at").pk]
        ),
        lambda: reverse("admin:nigredo_lead_changelist"),
        lambda: reverse("admin:password_change"),
        lambda: reverse("api-docs"),
        lambda: "/api/tenants",  # the browsable API
    ],
    ids=["index", "tenants", "tenant", "leads", "password", "api-docs", "browsable"],
)
def test_pages_run_no_inline_script_and_no_inline_handler(page, admin_client):
    TenantFactory()
    response = admin_client.get(page(), HTTP_ACCEPT="text/html")
    html = response.content.decode()

    assert response.status_code == 200
    assert inline_scripts(html) == []
    assert not EVENT_ATTRIBUTE.search(html)


def test_the_second_factor_pages_run_no_inline_script(db):
    from tests.factories import StaffUserFactory

    user = StaffUserFactory()
    client = Client()
    client.force_login(user)
    html = client.get(reverse("staff:two_factor_setup")).content.decode()

    assert "totp-secret" in html
    assert inline_scripts(html) == []


def test_the_session_cookie_is_http_only_and_same_site(db):
    from tests.factories import StaffUserFactory

    client = Client()
    client.force_login(StaffUserFactory())
    response = client.get(reverse("staff:two_factor_setup"))
    cookie = response.cookies.get("sessionid") or client.cookies["sessionid"]

    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def prod_env(**extra: str) -> dict[str, str]:
    database = connection.settings_dict
    auth = quote(database["USER"]) + (
        f":{quote(database['PASSWORD'])}" if database["PASSWORD"] else ""
    )
    host, port, name = database["HOST"] or "127.0.0.1", database["PORT"] or 5432, database["NAME"]
    if host.startswith("/"):  # the embedded server's socket folder
        url = f"postgres://{auth}@/{name}?host={host}&port={port}"
    else:
        url = f"postgres://{auth}@{host}:{port}/{name}"
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_ENV": "prod",
        "DJANGO_SECRET_KEY": "k7#Vq!2mZr9$Lp0wXe4@Tn8&Yb6^Hs1*Ud3(Gf5)Ja-Cx_Wv+Ri=Oq~Ml[Ep]Zt",
        "DJANGO_ALLOWED_HOSTS": "backoffice.alquimista.ai",
        "DATABASE_URL": url,
        "LGPD_BLOCKLIST_KEY": "chave-de-teste-do-blocklist-com-tamanho-suficiente",
        **extra,
    }


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=prod_env(**env),
        capture_output=True,
        text=True,
        timeout=180,
    )


@pytest.mark.usefixtures("needs_pg_trgm")
@pytest.mark.django_db
def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.django_db
def test_the_admin_path_is_a_setting():
    shown = manage(
        "shell",
        "-c",
        "from django.urls import reverse; "
        "print(reverse('admin:index'), reverse('admin:login'), "
        "reverse('staff:two_factor_verify'), reverse('helpdesk:saved_filters'))",
        DJANGO_ADMIN_URL="painel-interno-7f3a",
    )

    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip().splitlines()[-1].split() == [
        "/painel-interno-7f3a/",
        "/painel-interno-7f3a/login/",
        "/painel-interno-7f3a/seguranca/codigo/",
        "/painel-interno-7f3a/suporte/filtros/",
    ]
