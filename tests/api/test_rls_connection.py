"""The scope ends with the request's transaction: the next request on the same pooled
connection carries neither the role nor the tenant setting (real commits here)."""

import pytest
from django.db import connection

from api import rls
from nigredo.models import Lead
from tests.api.conftest import bearer, token_auth
from tests.factories import LeadFactory, PlatformUserFactory, TenantFactory
from tests.support import cognito

pytestmark = pytest.mark.django_db(transaction=True)


def session_state() -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_user, coalesce(current_setting('app.current_tenant_id', true), '')"
        )
        return cursor.fetchone()


def test_the_next_request_on_the_connection_carries_neither_role_nor_setting(client, staff_key):
    tenant, other = TenantFactory(), TenantFactory()
    user = PlatformUserFactory(tenant=tenant)
    LeadFactory(tenant=tenant)
    LeadFactory(tenant=other)
    token = cognito.make_token(sub=user.id, tenant_id=tenant.id)
    connection.ensure_connection()
    backend_pid = connection.connection.info.backend_pid
    superuser, _ = session_state()

    first = client.get("/api/leads", **bearer(token))
    assert connection.connection.info.backend_pid == backend_pid
    after = session_state()
    second = client.get("/api/leads", **token_auth(staff_key(superuser=True)))

    assert len(first.json()["leads"]) == 1
    assert after == (superuser, "")
    assert connection.connection.info.backend_pid == backend_pid
    assert {lead["tenantId"] for lead in second.json()["leads"]} == {str(tenant.id), str(other.id)}
    assert Lead.objects.count() == 2


def test_outside_a_transaction_the_scope_refuses_instead_of_failing_open():
    tenant = TenantFactory()

    with pytest.raises(rls.ScopeOutsideTransaction):
        rls.set_tenant(tenant.id)
    assert session_state()[1] == ""
