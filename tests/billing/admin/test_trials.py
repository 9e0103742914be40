import uuid
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from billing.models import Trial
from staff.roles import TENANT_MANAGERS
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db


def due_trial():
    return Trial.objects.create(
        user_id=uuid.uuid4(),
        target_type="agent",
        target_id=uuid.uuid4(),
        expires_at=timezone.now() - timedelta(hours=1),
    )


@pytest.fixture
def manager(client):
    client.force_login(StaffUserFactory(groups=[TENANT_MANAGERS]))
    return client


def test_the_changelist_button_expires_due_trials_and_says_how_many(manager):
    Trial.objects.all().delete()
    trial = due_trial()

    listing = manager.get(reverse("admin:billing_trial_changelist"))
    done = manager.post(reverse("admin:billing_trial_expire"), follow=True)

    assert "Expirar vencidos agora" in listing.text
    assert [str(m) for m in done.context["messages"]] == ["1 período de teste expirado."]
    trial.refresh_from_db()
    assert trial.status == "expired"


def test_the_admin_action_calls_expire_trials(manager):
    Trial.objects.all().delete()
    due_trial(), due_trial()
    running = Trial.objects.create(
        user_id=uuid.uuid4(),
        target_type="subnucleo",
        target_id=uuid.uuid4(),
        expires_at=timezone.now() + timedelta(hours=1),
    )

    done = manager.post(
        reverse("admin:billing_trial_changelist"),
        {"action": "expire_due_trials", ACTION_CHECKBOX_NAME: [str(running.pk)]},
        follow=True,
    )

    assert [str(m) for m in done.context["messages"]] == ["2 períodos de teste expirados."]
    assert Trial.objects.filter(status="expired").count() == 2


def test_the_filters_list_status_and_target(manager, demo_data):
    listing = manager.get(reverse("admin:billing_trial_changelist"), {"status": "expired"})

    assert listing.status_code == 200
    assert {t.status for t in listing.context["cl"].result_list} == {"expired"}


def test_the_command_reports_how_many_expired():
    Trial.objects.all().delete()
    due_trial()
    out = StringIO()

    call_command("expire_trials", stdout=out)
    call_command("expire_trials", stdout=out)

    assert out.getvalue().splitlines() == [
        "1 período de teste expirado.",
        "Nenhum período de teste a expirar.",
    ]
