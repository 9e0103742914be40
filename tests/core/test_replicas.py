"""Reads on a real streaming replica, writes on the primary, and the fall-back when the
replica stops: a scratch primary, a hot standby made by pg_basebackup, a real gunicorn."""

import time
import uuid

import psycopg
import pytest

from tests.support.clusters import Cluster, binaries_available, wait_for
from tests.support.servers import Server, prepare_database, server_env

pytestmark = pytest.mark.skipif(not binaries_available(), reason="needs PostgreSQL's binaries")
PIN_SECONDS = 3


@pytest.fixture
def primary_and_replica():
    primary = Cluster.create()
    primary.start()
    prepare_database(primary.url)
    replica = primary.standby()
    replica.start()
    yield primary, replica
    replica.remove()
    primary.remove()


def add_tenant(url: str, name: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO alquimista_platform.tenants (id, company_name) VALUES (%s, %s)",
            [uuid.uuid4(), name],
        )


def replicated(url: str, name: str) -> bool:
    with psycopg.connect(url, autocommit=True) as conn:
        query = "SELECT 1 FROM alquimista_platform.tenants WHERE company_name = %s"
        return conn.execute(query, [name]).fetchone() is not None


def test_reads_go_to_the_replica_writers_read_the_primary_and_a_stopped_replica_falls_back(
    primary_and_replica,
):
    primary, replica = primary_and_replica
    server = Server(
        server_env(
            primary.url,
            DATABASE_REPLICA_URL=replica.url,
            DB_REPLICA_PIN_SECONDS=str(PIN_SECONDS),
            DB_REPLICA_RETRY_SECONDS="1",
        )
    )
    try:
        session = server.login()  # a POST: this client's reads are pinned for a while
        session.cookies.clear(domain="127.0.0.1", path="/", name="backoffice_primary_reads")
        tenants = f"{server.url}/admin/platform_app/tenant/"

        # given a tenant the replica has not replayed yet
        add_tenant(primary.url, "Antes da pausa Ltda")
        wait_for(lambda: replicated(replica.url, "Antes da pausa Ltda"))
        with psycopg.connect(replica.url, autocommit=True) as conn:
            conn.execute("SELECT pg_wal_replay_pause()")
        add_tenant(primary.url, "Recém-criada Ltda")

        # then a plain read comes from the replica, which does not show it
        page = session.get(tenants, timeout=10)
        assert page.status_code == 200
        assert "Antes da pausa Ltda" in page.text
        assert "Recém-criada Ltda" not in page.text

        # after a write, the writer's reads come from the primary for the pinning window
        token = session.cookies["csrftoken"]
        wrote = session.post(tenants, data={"csrfmiddlewaretoken": token}, timeout=10)
        assert wrote.status_code == 200
        assert "backoffice_primary_reads" in session.cookies
        assert "Recém-criada Ltda" in session.get(tenants, timeout=10).text

        # and from the replica again once the window has passed
        time.sleep(PIN_SECONDS + 0.5)
        assert "Recém-criada Ltda" not in session.get(tenants, timeout=10).text

        # a replica stopped mid-test: reads fall back to the primary, no error
        replica.stop()
        fallback = session.get(tenants, timeout=10)
        assert fallback.status_code == 200
        assert "Recém-criada Ltda" in fallback.text
    finally:
        server.stop()


@pytest.mark.django_db
def test_a_platform_users_row_level_security_scope_keeps_its_reads_on_the_primary():
    from multidb.pinning import unpin_this_thread

    from api import rls
    from core import replicas
    from platform_app.models import Tenant

    router = replicas.ReplicaRouter()
    replicas._request.use_replica = True
    unpin_this_thread()
    try:
        assert router.db_for_read(Tenant) == replicas.REPLICA
        rls.set_tenant(uuid.uuid4())
        assert router.db_for_read(Tenant) == "default"
    finally:
        rls.leave_tenant_role()
        replicas._request.use_replica = False
        unpin_this_thread()
