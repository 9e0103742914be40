from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from fibonacci.models import Event, Trace
from nigredo.models import Lead
from platform_app.models import AuditLog, PlatformUser, Tenant

MODELS = {
    "tenants": Tenant,
    "users": PlatformUser,
    "leads": Lead,
    "audit_logs": AuditLog,
    "events": Event,
    "traces": Trace,
}
SMALL_RUN = {"tenants": 3, "leads": 500, "audit_logs": 800, "events": 300, "seed": 7}


def generate(*args: str, **options: object) -> str:
    """Run generate_load_data; return what it printed."""
    out = StringIO()
    call_command("generate_load_data", *args, stdout=out, **options)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {name: model._default_manager.count() for name, model in MODELS.items()}


class SmallRun:
    """A small load on top of whatever the database held, in a transaction of its module."""

    def __init__(self) -> None:
        self.before = counts()
        keys = {
            name: set(m._default_manager.values_list("pk", flat=True)) for name, m in MODELS.items()
        }
        self.output = generate(**SMALL_RUN)
        self.added = {
            name: list(model._default_manager.exclude(pk__in=keys[name]))
            for name, model in MODELS.items()
        }


@pytest.fixture(scope="module")
def small_run(django_db_setup, django_db_blocker):
    """One small load per module, rolled back after it."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield SmallRun()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
