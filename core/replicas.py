"""Reads on a read replica (Aurora's reader endpoint), writes and fresh reads on the primary.

With `DATABASE_REPLICA_URL` set, DATABASES gets a `replica` alias. The middleware decides
once per request whether reads may go there:
- never inside a platform user's row-level-security scope (api.rls pins the thread: the
  scope is set on the primary's connection);
- never after this client wrote: a write (any non-GET request) sets a cookie that pins the
  client's reads to the primary for `DB_REPLICA_PIN_SECONDS` (read-your-writes; the
  pinning itself is django-multidb-router's);
- never while the replica is unreachable: the request's first use of the replica
  connection is health-checked, and a failure sends reads to the primary for
  `DB_REPLICA_RETRY_SECONDS` before the replica is tried again.
Without a replica everything goes to the primary and no cookie is set.
"""

import threading
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from multidb.middleware import PinningRouterMiddleware
from multidb.pinning import this_thread_is_pinned

REPLICA = "replica"

_request = threading.local()
_replica_down_until = 0.0


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def replica_reachable() -> bool:
    """Whether the replica answers; after a failure, False for the retry period."""
    global _replica_down_until
    if time.monotonic() < _replica_down_until:
        return False
    connection = connections[REPLICA]
    try:
        connection.close_if_health_check_failed()
        connection.ensure_connection()
    except DatabaseError:
        connection.close()
        _replica_down_until = time.monotonic() + settings.DB_REPLICA_RETRY_SECONDS
        return False
    return True


class ReplicaRouter:
    """Reads to the replica when this request may use it; everything else to the primary."""

    def db_for_read(self, model, **hints):
        use_replica = getattr(_request, "use_replica", False) and not this_thread_is_pinned()
        return REPLICA if use_replica else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


class ReplicaMiddleware(PinningRouterMiddleware):
    """Pin writers to the primary; check the replica once per request; fall back."""

    def process_request(self, request):
        if not replica_configured():
            _request.use_replica = False
            return
        super().process_request(request)
        _request.use_replica = not this_thread_is_pinned() and replica_reachable()

    def process_response(self, request, response):
        _request.use_replica = False
        if not replica_configured():
            return response
        return super().process_response(request, response)
