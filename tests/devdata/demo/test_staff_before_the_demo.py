"""`load_demo_staff` on a database without the demo (no module-scoped demo here)."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from devdata.demo.specs import STAFF

pytestmark = pytest.mark.django_db


def test_without_the_demo_it_explains_what_to_run(monkeypatch):
    monkeypatch.setenv("DEMO_STAFF_PASSWORD", "x")

    with pytest.raises(CommandError, match="run load_demo_data first"):
        call_command("load_demo_staff", stdout=io.StringIO())

    assert not User.objects.filter(username__in=[s.username for s in STAFF]).exists()
