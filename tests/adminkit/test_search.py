"""Search that finds: substrings of names and companies, CNPJs and phones in any
spelling, a tenant's company from the rows that hang off it, help in plain words."""

import uuid
from datetime import timedelta

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from billing.models import TenantSubscription
from nigredo.models import Lead
from platform_app.models import ApprovalRequest, AuditLog, Tenant
from tests.factories import (
    LeadFactory,
    PlatformUserFactory,
    TenantFactory,
    TenantSubscriptionFactory,
)

pytestmark = pytest.mark.django_db


def changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def found(client, model, term) -> set:
    page = client.get(changelist(model), {"q": term})
    assert page.status_code == 200, term
    return {row.pk for row in page.context["cl"].result_list}


@pytest.fixture
def leads():
    tenant = TenantFactory(company_name="Grupo Horizonte")
    return {
        "idiomas": LeadFactory(
            tenant=tenant,
            empresa="Escola de Idiomas Horizonte",
            contato="Bruno Lima",
            cnpj="11.222.333/0001-81",
            telefone="(11) 98765-4321",
        ),
        "digits": LeadFactory(
            tenant=tenant,
            empresa="Padaria Central",
            contato="Carla Dias",
            cnpj="45723174000110",
            telefone=None,
        ),
        "other": LeadFactory(tenant=tenant, empresa="Metalúrgica Idio", contato="Ana Souza"),
    }


def test_a_word_inside_a_company_finds_its_lead_in_any_case(admin_client, leads):
    assert found(admin_client, Lead, "Idiomas") == {leads["idiomas"].pk}
    assert found(admin_client, Lead, "idiomas horiz") == {leads["idiomas"].pk}
    assert found(admin_client, Lead, "souza") == {leads["other"].pk}


def test_a_term_too_short_for_trigrams_matches_the_start_of_names(admin_client, leads):
    assert found(admin_client, Lead, "pa") == {leads["digits"].pk}
    assert found(admin_client, Lead, "ia") == set()


@pytest.mark.parametrize(
    ("term", "lead"),
    [
        ("11.222.333/0001-81", "idiomas"),
        ("11222333000181", "idiomas"),
        ("11 222 333 0001 81", "idiomas"),
        ("45.723.174/0001-10", "digits"),
        ("45723174000110", "digits"),
    ],
)
def test_a_lead_cnpj_is_found_in_any_spelling(admin_client, leads, term, lead):
    assert found(admin_client, Lead, term) == {leads[lead].pk}


@pytest.mark.parametrize(
    "term", ["(11) 98765-4321", "11987654321", "+55 11 98765-4321", "+5511987654321"]
)
def test_a_lead_phone_is_found_in_any_spelling(admin_client, leads, term):
    assert found(admin_client, Lead, term) == {leads["idiomas"].pk}


def test_a_tenant_is_found_by_part_of_its_name_and_its_cnpj_in_any_spelling(admin_client):
    tenant = TenantFactory(company_name="Escola de Idiomas Horizonte", cnpj="11.222.333/0001-81")
    TenantFactory(company_name="Padaria Central", cnpj="45.723.174/0001-10")

    for term in ("idiomas", "11222333000181", "11.222.333/0001-81", str(tenant.pk)):
        assert found(admin_client, Tenant, term) == {tenant.pk}, term


def test_subscriptions_and_approvals_are_found_by_their_tenant_company(admin_client):
    subscription = TenantSubscriptionFactory(tenant__company_name="Escola de Idiomas Horizonte")
    TenantSubscriptionFactory(tenant__company_name="Padaria Central")
    tenant = subscription.tenant
    approval = ApprovalRequest.objects.create(
        id=f"approval-{uuid.uuid4()}",
        tenant=tenant,
        requested_by=PlatformUserFactory(tenant=tenant),
        action_type="tenant.suspend",
        resource_type="tenant",
        resource_id=str(tenant.pk),
        action_details={},
        approvers=[],
        expires_at=timezone.now() + timedelta(days=1),
    )

    assert found(admin_client, TenantSubscription, "idiomas") == {subscription.pk}
    assert found(admin_client, ApprovalRequest, "Idiomas Horizonte") == {approval.pk}
    assert found(admin_client, ApprovalRequest, approval.pk) == {approval.pk}


def test_an_audit_search_for_part_of_an_action_finds_its_rows(admin_client):
    tenant = TenantFactory()
    recorded, withdrawn, created = (
        AuditLog.objects.create(
            trace_id=uuid.uuid4(), tenant=tenant, action_type=action, result="success"
        )
        for action in ("consent.recorded", "consent.withdrawn", "lead.create")
    )

    assert found(admin_client, AuditLog, "consent") == {recorded.pk, withdrawn.pk}
    assert found(admin_client, AuditLog, "lead.create") == {created.pk}


def test_the_search_help_says_what_can_be_typed_in_plain_portuguese(admin_client):
    page = admin_client.get(changelist(Lead))

    help_text = "Busque por nome, empresa, e-mail, telefone, CNPJ, IP ou id."
    assert help_text in page.content.decode()
    assert admin.site._registry[Tenant].search_help_text == "Busque por empresa, CNPJ ou id."
