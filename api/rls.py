"""The row-level-security scope of a platform user's request (database/migrations/013).

Inside the request's transaction: `SET LOCAL ROLE` to the API's tenant role (no LOGIN, no
BYPASSRLS) and `SET LOCAL app.current_tenant_id`. The policies compare each row's tenant
with that setting and fail closed when it is unset or empty; both settings end with the
transaction, so a pooled connection's next request starts clean. Staff requests never
enter the scope and the Lambdas connect as the tables' owner: neither is affected.
"""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, transaction
from multidb.pinning import pin_this_thread


class ScopeOutsideTransaction(RuntimeError):
    """The scope was asked for outside a transaction, where SET LOCAL would not hold:
    refusing is failing closed."""


def _require_transaction() -> None:
    if not connection.in_atomic_block:
        raise ScopeOutsideTransaction(
            "A platform user's request must run inside a transaction (ATOMIC_REQUESTS)."
        )
    # The scope lives on the primary's connection: a read routed to the replica
    # (core.replicas) would run as the connecting user, outside it.
    pin_this_thread()


def enter_tenant_role() -> None:
    """Switch to the tenant role with no tenant yet: every tenant-owned row is hidden
    until `set_tenant` names one."""
    _require_transaction()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SET LOCAL ROLE {settings.API_TENANT_ROLE}; SET LOCAL app.current_tenant_id = ''"
        )


def set_tenant(tenant_id: uuid.UUID) -> None:
    """Confine the rest of the transaction to `tenant_id` (entering the role if needed)."""
    _require_transaction()
    with connection.cursor() as cursor:
        # A uuid.UUID prints only hex digits and dashes: safe to inline, one round trip.
        cursor.execute(
            f"SET LOCAL ROLE {settings.API_TENANT_ROLE}; "
            f"SET LOCAL app.current_tenant_id = '{uuid.UUID(str(tenant_id))}'"
        )


def leave_tenant_role() -> None:
    """Back to the connecting user with no tenant, inside the same transaction (only
    needed when the request ran inside an outer transaction, as tests do)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL ROLE NONE; SET LOCAL app.current_tenant_id = ''")


def current_scope() -> tuple[str, str]:
    """(current_user, app.current_tenant_id or '') as PostgreSQL sees them now."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_user, coalesce(current_setting('app.current_tenant_id', true), '')"
        )
        user, tenant = cursor.fetchone()
    return user, tenant


@contextmanager
def tenant_scope() -> Iterator[None]:
    """A transaction of its own in the tenant role with no tenant yet (as `api.middleware`
    opens for a whole request), for a view whose service commits on its own
    (`api.views.CommittingApiView`): role and setting end with the block."""
    nested = connection.in_atomic_block
    with transaction.atomic():
        enter_tenant_role()
        yield
        if nested:
            # Inside an outer transaction (tests), SET LOCAL would outlive this one.
            leave_tenant_role()
