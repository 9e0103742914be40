"""Deferring indexes and keys for a bulk load: rebuilt identical, and enforced again."""

import pytest
from django.db import IntegrityError, connection, transaction

from dbschema.catalog import read_shape
from devdata.loadgen.indexes import should_defer
from platform_app.models import AuditLog
from tests.devdata.loadgen.conftest import generate

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("mode", "rows", "existing", "deferred"),
    [
        ("keep", 10**6, 0, False),
        ("defer", 10, 10**6, True),
        ("defer", 0, 0, False),
        ("auto", 99_999, 0, False),
        ("auto", 100_000, 400_000, True),
        ("auto", 100_000, 400_001, False),
    ],
)
def test_when_indexes_are_deferred(mode, rows, existing, deferred):
    assert should_defer(mode, rows, existing) is deferred


def test_deferred_indexes_and_keys_come_back_identical_and_enforced():
    with connection.cursor() as cursor:
        shape = read_shape(cursor)

    output = generate(tenants=2, leads=300, audit_logs=300, events=200, indexes="defer")

    assert "dropped for the load, rebuilt after it" in output
    with connection.cursor() as cursor:
        assert read_shape(cursor) == shape
    log = AuditLog.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO alquimista_platform.audit_logs (id, trace_id, action_type, result)"
            " VALUES (%s, gen_random_uuid(), 'x', 'success')",
            [log.pk],
        )
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO alquimista_platform.audit_logs (trace_id, tenant_id, action_type, result)"
            " VALUES (gen_random_uuid(), gen_random_uuid(), 'x', 'success')"
        )
