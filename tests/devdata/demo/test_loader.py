"""`load_demo_data`: one transaction, idempotent, every table filled, every status present."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from billing.models import (
    CommercialRequest,
    TenantSubscription,
    Trial,
)
from core.brazil import format_cnpj, is_valid_cnpj
from devdata.demo import platform_tables, table_counts, table_name
from fibonacci.models import Event, Trace
from nigredo.models import Agendamento, Campanha, Lead
from platform_app.models import (
    AgentActivation,
    ApprovalDecision,
    ApprovalRequest,
    AuditLog,
    PlatformUser,
    Tenant,
)

pytestmark = pytest.mark.django_db

# Every vocabulary the demo must show in full, as (model, column, choices).
VOCABULARIES = [
    (Tenant, "subscription_tier", Tenant.Tier),
    (Tenant, "subscription_status", Tenant.Status),
    (PlatformUser, "user_role", PlatformUser.Role),
    (PlatformUser, "status", PlatformUser.Status),
    (Lead, "status", Lead.Status),
    (Event, "status", Event.Status),
    (Trace, "status", Trace.Status),
    (ApprovalRequest, "status", ApprovalRequest.Status),
    (ApprovalDecision, "decision", ApprovalDecision.Decision),
    (AuditLog, "result", AuditLog.Result),
    (Agendamento, "status", Agendamento.Status),
    (Campanha, "status", Campanha.Status),
    (CommercialRequest, "status", CommercialRequest.Status),
    (TenantSubscription, "status", TenantSubscription.Status),
    (Trial, "status", Trial.Status),
    (AgentActivation, "status", AgentActivation.Status),
]


def primary_keys() -> dict[str, set]:
    """The primary keys of every platform table."""
    return {
        table_name(model): set(model._default_manager.values_list("pk", flat=True))
        for model in platform_tables()
    }


def test_the_summary_is_one_line_with_the_counts_of_every_table(demo_data):
    listed = dict(entry.rsplit(" ", 1) for entry in demo_data.split(": ", 2)[2].strip().split(", "))

    assert demo_data.count("\n") == 1
    assert "(0 new)" not in demo_data
    assert {table: int(count) for table, count in listed.items()} == table_counts()


def test_every_platform_table_has_rows(demo_data):
    assert {table for table, count in table_counts().items() if count == 0} == set()


def test_a_second_run_adds_nothing_and_keeps_every_id(demo_data):
    counts, keys = table_counts(), primary_keys()
    out = io.StringIO()

    call_command("load_demo_data", stdout=out)

    assert table_counts() == counts
    assert primary_keys() == keys
    assert "(0 new)" in out.getvalue()


@pytest.mark.parametrize(
    ("model", "column", "choices"),
    VOCABULARIES,
    ids=[f"{model.__name__}.{column}" for model, column, _ in VOCABULARIES],
)
def test_every_value_of_each_vocabulary_is_present_and_nothing_else(
    demo_data, model, column, choices
):
    values = set(model._default_manager.values_list(column, flat=True).distinct())

    assert values == set(choices.values)


def test_audit_actions_are_all_of_the_enumeration(demo_data):
    from platform_app.models import AuditAction

    actions = set(AuditLog.objects.values_list("action_type", flat=True).distinct())

    assert actions <= set(AuditAction.values)
    assert {
        AuditAction.LEAD_CREATE,
        AuditAction.CONSENT_VALIDATION,
        AuditAction.AGENT_ACTIVATED,
        AuditAction.APPROVAL_APPROVE,
        AuditAction.APPROVAL_REJECT,
        AuditAction.APPROVAL_CANCELLED,
        AuditAction.DESCADASTRO,
        AuditAction.DIREITO_ESQUECIMENTO,
        AuditAction.TENANT_SUSPENDED,
    } <= actions


def test_every_cnpj_is_valid_and_formatted(demo_data):
    cnpjs = [
        *Tenant.objects.values_list("cnpj", flat=True),
        *Lead.objects.exclude(cnpj=None).values_list("cnpj", flat=True),
        *CommercialRequest.objects.exclude(cnpj=None).values_list("cnpj", flat=True),
    ]

    assert cnpjs
    assert [c for c in cnpjs if not is_valid_cnpj(c) or format_cnpj(c) != c] == []


def test_lead_times_are_spread_over_the_last_ninety_days(demo_data):
    now = timezone.now()
    created = list(Lead.objects.values_list("created_at", flat=True))

    assert all(now - timedelta(days=90) < moment < now for moment in created)
    assert max(created) - min(created) > timedelta(days=60)


def test_the_demo_refuses_production(settings, db):
    from django.core.management import CommandError

    settings.ENVIRONMENT = "prod"
    before = table_counts()

    with pytest.raises(CommandError, match="load_demo_data writes fake data: never on production"):
        call_command("load_demo_data", stdout=io.StringIO())

    assert table_counts() == before
