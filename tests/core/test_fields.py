"""The field classes that map the platform's column kinds."""

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fibonacci.models import Trace
from nigredo.models import RateLimit
from platform_app.models import ApprovalRequest, PlatformUser, Tenant

pytestmark = pytest.mark.django_db


def raw(sql: str, params) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


@pytest.fixture
def approval():
    tenant = Tenant.objects.create(company_name="Aprova Ltda")
    users = [
        PlatformUser.objects.create(tenant=tenant, email=f"u{n}@aprova.com.br", full_name=f"U {n}")
        for n in range(2)
    ]
    return ApprovalRequest.objects.create(
        id=f"approval-{uuid.uuid4()}",
        tenant=tenant,
        requested_by=users[0],
        action_type="lead.delete",
        resource_type="lead",
        action_details={"reason": "teste"},
        approvers=[users[0].pk, users[1].pk],
        expires_at=datetime.now(UTC) + timedelta(days=1),
    )


def test_approvers_are_a_json_array_in_the_text_column_and_a_list_in_python(approval):
    (stored,) = raw(
        "SELECT approvers FROM alquimista_platform.approval_requests WHERE id = %s", [approval.pk]
    )
    user_ids = [str(user.pk) for user in PlatformUser.objects.order_by("email")]

    assert json.loads(stored) == user_ids
    assert ApprovalRequest.objects.get(pk=approval.pk).approvers == user_ids


def test_a_hand_written_approvers_value_still_loads(approval):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE alquimista_platform.approval_requests SET approvers = 'not json' WHERE id = %s",
            [approval.pk],
        )

    assert ApprovalRequest.objects.get(pk=approval.pk).approvers == "not json"


def test_updates_leave_updated_at_to_the_trigger():
    tenant = Tenant.objects.create(company_name="Gatilho Ltda")
    tenant.company_name = "Gatilho SA"

    with CaptureQueriesContext(connection) as captured:
        tenant.save()

    (update,) = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("UPDATE")]
    assert '"updated_at"' not in update
    assert Tenant.objects.get(pk=tenant.pk).company_name == "Gatilho SA"


def test_generated_and_trigger_computed_columns_are_read_not_written():
    window = RateLimit.objects.create(
        ip_address="203.0.113.7", window_start=datetime(2026, 5, 1, 12, tzinfo=UTC)
    )
    trace = Trace.objects.create(
        trace_id=uuid.uuid4(),
        span_name="enviar_mensagem",
        span_type="agent",
        service_name="nigredo",
        start_time=datetime(2026, 5, 1, 12, tzinfo=UTC),
        end_time=datetime(2026, 5, 1, 12, 0, 1, 500000, tzinfo=UTC),
    )

    window.refresh_from_db()
    trace.refresh_from_db()
    assert window.window_end == datetime(2026, 5, 1, 13, tzinfo=UTC)
    assert trace.duration_ms == 1500
    trace.end_time = None
    with CaptureQueriesContext(connection) as captured:
        trace.save()
    (update,) = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("UPDATE")]
    assert '"duration_ms"' not in update
