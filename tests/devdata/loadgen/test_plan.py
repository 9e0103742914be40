"""Arguments of `generate_load_data`, and its refusal on production."""

import re

import pytest
from django.core.management import CommandError

from devdata.loadgen import LoadPlan, LoadPlanError
from tests.devdata.loadgen.conftest import counts, generate

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("args", "options", "message"),
    [
        (["--leads", "-5"], {}, "expected a non-negative integer, got '-5'"),
        (["--events", "many"], {}, "expected a non-negative integer, got 'many'"),
        ([], {"audit_logs": -1}, "--audit-logs must be a non-negative integer, got -1"),
        ([], {"traces": "3"}, "--traces must be a non-negative integer, got '3'"),
        ([], {"indexes": "sometimes"}, "--indexes must be auto, defer or keep"),
    ],
)
def test_bad_arguments_are_refused_clearly(args, options, message):
    before = counts()

    with pytest.raises(CommandError, match=re.escape(message)):
        generate("--tenants", "1", "--leads", "5", *args, **options)

    assert counts() == before


def test_traces_default_to_a_quarter_of_the_events():
    assert LoadPlan(events=10).trace_count == 2
    assert LoadPlan(events=10, traces=7).trace_count == 7


def test_a_seed_must_be_an_integer():
    with pytest.raises(LoadPlanError, match="--seed must be an integer"):
        LoadPlan(seed=True).validate()


def test_it_refuses_production(settings):
    settings.ENVIRONMENT = "prod"
    before = counts()

    with pytest.raises(
        CommandError, match="generate_load_data writes fake data: never on production"
    ):
        generate(tenants=1, leads=5)

    assert counts() == before
