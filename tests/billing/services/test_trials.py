import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from billing.models import Trial
from billing.services import trials_expire
from platform_app.actors import Actor
from platform_app.models import AuditLog

pytestmark = pytest.mark.django_db


def trial(**values):
    defaults = {
        "user_id": uuid.uuid4(),
        "target_type": "agent",
        "target_id": uuid.uuid4(),
        "expires_at": timezone.now() + timedelta(hours=12),
    }
    return Trial.objects.create(**{**defaults, **values})


def test_expiring_trials_marks_those_out_of_time_or_uses_and_reports_how_many():
    late = trial(expires_at=timezone.now() - timedelta(minutes=1))
    used_up = trial(usage_count=5, max_usage=5)
    running = trial(usage_count=2)
    Trial.objects.exclude(pk__in=[late.pk, used_up.pk, running.pk]).delete()

    expired = trials_expire(acting_user=Actor())

    assert expired == 2
    assert dict(Trial.objects.values_list("pk", "status")) == {
        late.pk: "expired",
        used_up.pk: "expired",
        running.pk: "active",
    }
    log = AuditLog.objects.get(action_type="trials.expired")
    assert (log.tenant_id, log.user_id, log.context) == (None, None, {"expired": 2})


def test_nothing_to_expire_writes_no_audit_row():
    Trial.objects.all().delete()
    trial()

    assert trials_expire(acting_user=Actor()) == 0
    assert not AuditLog.objects.filter(action_type="trials.expired").exists()
