"""A real PostgreSQL server, started and stopped by the test, behind a real gunicorn."""

import time

import pytest
import requests

from tests.support.clusters import Cluster, binaries_available, wait_for
from tests.support.servers import Server, prepare_database, server_env

pytestmark = pytest.mark.skipif(not binaries_available(), reason="needs PostgreSQL's binaries")


@pytest.fixture
def cluster():
    cluster = Cluster.create()
    cluster.start()
    prepare_database(cluster.url)
    yield cluster
    cluster.remove()


@pytest.mark.parametrize("pool", ["false", "true"], ids=["persistent", "pool"])
def test_while_postgres_is_down_the_admin_answers_503_and_serves_again_when_it_is_back(
    cluster, pool
):
    server = Server(server_env(cluster.url, DB_POOL=pool))
    try:
        session = server.login()
        tenants = f"{server.url}/admin/platform_app/tenant/"
        assert session.get(tenants, timeout=10).status_code == 200
        workers = server.worker_pids()

        cluster.stop()
        started = time.monotonic()
        down = session.get(tenants, timeout=10)
        answered_in = time.monotonic() - started

        assert down.status_code == 503
        assert down.headers["Retry-After"] == "30"
        assert "O banco de dados está indisponível no momento" in down.text
        assert answered_in < 5  # the connect timeout (3 s), or the pool's (3 s)
        assert session.get(f"{server.url}/admin/", timeout=10).status_code == 503

        cluster.start()
        started = time.monotonic()
        wait_for(lambda: session.get(tenants, timeout=10).status_code == 200, timeout=30)
        print(f"recovered {time.monotonic() - started:.2f} s after PostgreSQL started")

        assert server.worker_pids() == workers  # the same process, no restart
        assert "tenant" in session.get(tenants, timeout=10).text
    finally:
        server.stop()


@pytest.mark.parametrize("pool", ["false", "true"], ids=["persistent", "pool"])
def test_after_a_restart_the_first_request_gets_a_live_connection(cluster, pool):
    """A failover leaves the process's connections dead: each is checked before use and
    replaced, so no request answers 500 or 503 once the server is back."""
    server = Server(server_env(cluster.url, DB_POOL=pool))
    try:
        session = server.login()
        tenants = f"{server.url}/admin/platform_app/tenant/"
        assert session.get(tenants, timeout=10).status_code == 200

        cluster.stop()
        cluster.start()

        assert session.get(tenants, timeout=10).status_code == 200
    finally:
        server.stop()


def test_the_login_page_renders_while_postgres_is_down(cluster):
    server = Server(server_env(cluster.url, DB_POOL="true"))
    try:
        login = f"{server.url}/admin/login/"
        assert requests.get(login, timeout=10).status_code == 200
        cluster.stop()

        started = time.monotonic()
        page = requests.get(login, timeout=10)

        assert page.status_code == 200
        assert 'name="password"' in page.text
        assert time.monotonic() - started < 1
    finally:
        server.stop()
