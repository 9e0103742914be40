"""Production's public contract: /health, agents, plans, SubNúcleos (shapes, order,
ETag + Cache-Control), and the health check's answer when the database is gone."""

import os
import re
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
import requests
from django.db import connection

from api import health
from billing.models import Subnucleo, SubscriptionPlan
from platform_app.models import Agent
from tests.factories import AgentFactory
from tests.support.clusters import wait_for
from tests.support.databases import ROOT

pytestmark = pytest.mark.django_db
ISO_Z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
PLAN_FIELDS = [
    "id",
    "name",
    "displayName",
    "description",
    "priceMonthly",
    "priceYearly",
    "maxSubnucleos",
    "maxAgents",
    "maxUsers",
    "includesFibonacci",
    "features",
    "sortOrder",
]


def test_health_answers_productions_document(client):
    response = client.get("/health")

    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["ok", "service", "environment", "db_status", "timestamp"]
    assert body["ok"] is True
    assert body["service"] == "Fibonacci Orquestrador"
    assert body["db_status"] == "connected"
    assert ISO_Z.match(body["timestamp"])
    assert response["Cache-Control"] == "no-store"
    assert response["X-Trace-Id"]


def test_a_load_balancer_probing_by_address_over_http_gets_the_health_answer(client, settings):
    settings.ALLOWED_HOSTS = ["backoffice.alquimista.ai"]
    settings.SECURE_SSL_REDIRECT = True

    health_check = client.get("/health", HTTP_HOST="10.0.3.17:8000")
    plans = client.get("/api/plans", HTTP_HOST="10.0.3.17:8000")
    redirected = client.get("/api/plans", HTTP_HOST="backoffice.alquimista.ai")

    assert health_check.status_code == 200
    assert health_check.json()["db_status"] == "connected"
    assert health_check["X-Trace-Id"]
    assert plans.status_code == 400  # the host check, for everything else
    assert redirected.status_code == 301
    assert (
        client.post("/health", HTTP_HOST="backoffice.alquimista.ai", secure=True).status_code == 405
    )


@pytest.fixture
def silent_server():
    """A TCP port that accepts connections and never answers (a hung database)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    server.close()


@pytest.mark.parametrize(
    "connect_timeout",
    [
        2,
        # Longer than the health check's: as a host name that does not resolve in time,
        # which libpq's timeout does not bound; the probe's deadline does.
        10,
    ],
    ids=["libpq-timeout", "past-libpq-timeout"],
)
def test_health_answers_503_within_3_seconds_when_the_database_hangs(
    client, monkeypatch, silent_server, connect_timeout
):
    probe = health._Probe()
    monkeypatch.setattr(health, "_probe", probe)
    monkeypatch.setattr(
        probe,
        "_params",
        lambda timeout: {
            "host": "127.0.0.1",
            "port": silent_server,
            "dbname": "x",
            "user": "x",
            "connect_timeout": connect_timeout,
        },
    )

    started = time.monotonic()
    response = client.get("/health")
    elapsed = time.monotonic() - started

    assert response.status_code == 503
    assert response.json()["ok"] is False
    assert response.json()["db_status"] == "disconnected"
    assert elapsed < 3


def probe_connections() -> int:
    with connection.cursor() as cursor:
        # pg_stat_activity is read once per transaction (the test's) unless cleared.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE application_name = 'alquimista-backoffice-health'"
        )
        return cursor.fetchone()[0]


def test_concurrent_health_checks_take_turns_on_one_connection():
    probe = health._Probe()
    before = probe_connections()
    for _ in range(5):
        with ThreadPoolExecutor(16) as pool:
            results = list(pool.map(lambda _: probe.reachable(2.0), range(16)))
        assert results == [True] * 16
    assert probe_connections() == before + 1
    probe.close()
    wait_for(lambda: probe_connections() == before, timeout=5)


def test_a_probe_whose_connection_was_ended_connects_again():
    probe = health._Probe()
    assert probe.reachable(2.0)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE application_name = 'alquimista-backoffice-health'"
        )

    assert probe.reachable(2.0)
    probe.close()


def test_a_server_without_database_answers_json_503s(silent_server, tmp_path):
    """The whole stack (gunicorn, settings, middleware) with DATABASE_URL on a hung port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "DJANGO_ENV": "dev",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": f"postgres://x@127.0.0.1:{silent_server}/x",
        "DB_CONNECT_TIMEOUT": "2",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "4",
            "--timeout",
            "30",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        # Until the worker has booted (it imports Django: slow on a busy machine).
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                requests.get(f"{base}/health", timeout=5)
                break
            except requests.RequestException:
                time.sleep(0.1)
        started = time.monotonic()
        health_response = requests.get(f"{base}/health", timeout=10)
        health_seconds = time.monotonic() - started
        plans = requests.get(f"{base}/api/plans", timeout=10)
    finally:
        server.terminate()
        server.wait(10)

    assert health_response.status_code == 503
    assert health_response.json()["db_status"] == "disconnected"
    assert health_seconds < 3
    assert plans.status_code == 503
    assert plans.json()["error"] == "database_unavailable"
    assert plans.headers["X-Trace-Id"] == plans.json()["traceId"]


def test_plans_in_productions_shape_and_order(client, demo_data):
    response = client.get("/api/plans")

    assert response.status_code == 200
    plans = response.json()["plans"]
    assert [plan["name"] for plan in plans] == ["starter", "profissional", "expert", "enterprise"]
    assert all(list(plan) == PLAN_FIELDS for plan in plans)
    starter = plans[0]
    assert (starter["priceMonthly"], starter["priceYearly"]) == ("297.00", "2970.00")
    assert (starter["maxSubnucleos"], starter["maxAgents"], starter["maxUsers"]) == (1, 8, 3)
    assert starter["includesFibonacci"] is False
    assert isinstance(starter["features"], list)
    assert client.get("/api/billing/plans").json() == response.json()


def test_inactive_plans_are_left_out(client, demo_data):
    SubscriptionPlan.objects.filter(name="expert").update(is_active=False)

    names = [plan["name"] for plan in client.get("/api/plans").json()["plans"]]

    assert "expert" not in names


def test_public_answers_carry_an_etag_and_honour_if_none_match(client, demo_data):
    first = client.get("/api/plans")
    etag = first["ETag"]

    again = client.get("/api/plans", HTTP_IF_NONE_MATCH=etag)
    SubscriptionPlan.objects.filter(name="starter").update(price_monthly=Decimal("299.00"))
    changed = client.get("/api/plans", HTTP_IF_NONE_MATCH=etag)

    assert first["Cache-Control"].startswith("public, max-age=")
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert again.content == b""
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_subnucleos_with_their_agents(client, demo_data):
    response = client.get("/api/subnucleos")

    assert response.status_code == 200
    subnucleos = response.json()["subnucleos"]
    assert len(subnucleos) == 7
    assert list(subnucleos[0]) == [
        "id",
        "name",
        "displayName",
        "description",
        "category",
        "icon",
        "agents",
    ]
    sort = [(s.sort_order, s.display_name) for s in Subnucleo.objects.filter(is_active=True)]
    assert [s["displayName"] for s in subnucleos] == [name for _, name in sorted(sort)]
    agent = subnucleos[0]["agents"][0]
    assert list(agent) == [
        "id",
        "subnucleoId",
        "name",
        "displayName",
        "description",
        "category",
        "isRequired",
    ]
    assert agent["subnucleoId"] == subnucleos[0]["id"]
    assert Agent.objects.filter(pk=agent["id"]).exists()
    assert client.get("/api/billing/subnucleos").json() == response.json()
    assert response["ETag"]


def test_agents_in_productions_shape(client, demo_data):
    AgentFactory(
        name="com-preco",
        display_name="AAA Com preço",
        category="vendas",
        config={"tags": ["whatsapp", "crm"]},
        pricing={"model": "subscription", "priceMonthly": 49.9},
    )
    AgentFactory(name="inativo", status=Agent.Status.INACTIVE)

    response = client.get("/api/agents")

    body = response.json()
    assert response.status_code == 200
    assert body["total"] == len(body["agents"]) == Agent.objects.filter(status="active").count()
    first = body["agents"][0]
    assert list(first) == [
        "id",
        "name",
        "displayName",
        "description",
        "category",
        "segment",
        "tags",
        "version",
        "isActive",
        "priceMonthly",
    ]
    assert first["name"] == "com-preco"
    assert (first["segment"], first["tags"], first["priceMonthly"]) == (
        "vendas",
        ["whatsapp", "crm"],
        "49.90",
    )
    assert first["isActive"] is True
    assert "inativo" not in {agent["name"] for agent in body["agents"]}
    seeded = next(agent for agent in body["agents"] if agent["name"] != "com-preco")
    assert seeded["priceMonthly"] is None  # seeded pricing has no priceMonthly
    assert response["ETag"]


def test_agents_filter_by_category_or_segment(client, demo_data):
    for parameter in ("category", "segment"):
        agents = client.get(f"/api/agents?{parameter}=saude").json()["agents"]
        assert agents
        assert {agent["category"] for agent in agents} == {"saude"}


def test_public_answers_are_reused_for_a_few_seconds_when_configured(client, demo_data, settings):
    from django.core.cache import cache

    settings.API_PUBLIC_CACHE_SECONDS = 60
    cache.clear()
    first = client.get("/api/plans")
    SubscriptionPlan.objects.filter(name="starter").update(price_monthly=Decimal("1.00"))

    again = client.get("/api/plans")
    not_modified = client.get("/api/plans", HTTP_IF_NONE_MATCH=first["ETag"])
    other_query = client.get("/api/plans?x=1")
    cache.clear()
    fresh = client.get("/api/plans")

    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert again["X-Trace-Id"] != first["X-Trace-Id"]
    assert not_modified.status_code == 304
    assert other_query.status_code == 400
    assert fresh.json()["plans"][0]["priceMonthly"] == "1.00"
