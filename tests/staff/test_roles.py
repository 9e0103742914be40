"""Each staff role can do what it needs in the admin, and nothing more."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.urls import reverse

from billing.models import SubscriptionPlan
from core.models import PlatformModel
from fibonacci.models import Event
from nigredo.models import BlocklistEntry, Lead
from platform_app.models import ApprovalRequest, AuditLog, Tenant
from staff.roles import APPROVERS, LGPD_OFFICERS, SUPPORT, TENANT_MANAGERS

pytestmark = pytest.mark.django_db
SAVE_BUTTON = 'name="_save"'


@pytest.fixture
def login_as(client):
    def login(role: str):
        user = User.objects.create_user(username=f"staff-{role}", password="x", is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        client.force_login(user)
        return client

    return login


def url(model, view: str, *args) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def statuses(client, *urls) -> list[int]:
    return [client.get(address).status_code for address in urls]


def test_groups_are_created_idempotently_with_their_permissions():
    from staff.roles import sync_staff_groups

    first, second = sync_staff_groups(), sync_staff_groups()

    assert first == second
    assert set(Group.objects.values_list("name", flat=True)) >= {
        TENANT_MANAGERS,
        APPROVERS,
        SUPPORT,
        LGPD_OFFICERS,
    }


def test_tenant_managers_manage_tenants_plans_and_subscriptions_only(login_as, demo_data):
    client = login_as(TENANT_MANAGERS)
    tenant = Tenant.objects.first()

    assert statuses(
        client,
        url(Tenant, "changelist"),
        url(Tenant, "add"),
        url(SubscriptionPlan, "changelist"),
        url(SubscriptionPlan, "add"),
    ) == [200, 200, 200, 200]
    assert SAVE_BUTTON in client.get(url(Tenant, "change", tenant.pk)).text
    assert statuses(
        client,
        url(Lead, "changelist"),
        url(AuditLog, "changelist"),
        url(Event, "changelist"),
    ) == [403, 403, 403]
    # They ask for suspensions and price changes, and follow their requests.
    assert statuses(client, url(ApprovalRequest, "changelist")) == [200]

    created = client.post(
        url(Tenant, "add"), tenant_form("Nova Empresa Ltda", "11.222.333/0001-81")
    )
    assert created.status_code == 302
    assert Tenant.objects.filter(company_name="Nova Empresa Ltda").exists()


def test_tenant_form_rejects_an_invalid_cnpj_with_a_clear_message(login_as, demo_data):
    client = login_as(TENANT_MANAGERS)

    response = client.post(
        url(Tenant, "add"), tenant_form("CNPJ Errado Ltda", "11.222.333/0001-82")
    )

    assert response.status_code == 200
    assert "CNPJ inválido" in response.text
    assert not Tenant.objects.filter(company_name="CNPJ Errado Ltda").exists()


def tenant_form(company_name: str, cnpj: str) -> dict[str, str]:
    """The tenant add form's fields (its status is the column's default, never posted)."""
    return {
        "company_name": company_name,
        "cnpj": cnpj,
        "subscription_tier": "starter",
        "settings": "{}",
    }


def test_approvers_decide_approvals_and_only_look_at_tenants_and_plans(login_as, demo_data):
    client = login_as(APPROVERS)
    approval = ApprovalRequest.objects.first()
    tenant = Tenant.objects.first()

    assert statuses(client, url(ApprovalRequest, "changelist")) == [200]
    decision_page = client.get(url(ApprovalRequest, "change", approval.pk))
    assert decision_page.status_code == 200 and SAVE_BUTTON not in decision_page.text
    tenant_page = client.get(url(Tenant, "change", tenant.pk))
    assert tenant_page.status_code == 200 and SAVE_BUTTON not in tenant_page.text
    plans = client.get(url(SubscriptionPlan, "changelist"))
    assert plans.status_code == 200
    assert statuses(
        client,
        url(Tenant, "add"),
        url(Lead, "changelist"),
        url(BlocklistEntry, "changelist"),
        url(SubscriptionPlan, "add"),
        url(ApprovalRequest, "add"),
    ) == [403, 403, 403, 403, 403]


def test_support_reads_everything_and_changes_nothing(login_as, demo_data):
    client = login_as(SUPPORT)
    failures = []
    for model in admin.site._registry:
        if not issubclass(model, PlatformModel):
            continue
        row = model._default_manager.first()
        changelist = client.get(url(model, "changelist"))
        change = client.get(url(model, "change", row.pk))
        if changelist.status_code != 200 or change.status_code != 200:
            failures.append(f"{model._meta.label}: cannot read")
        elif SAVE_BUTTON in change.text:
            failures.append(f"{model._meta.label}: offered a save button")
        if client.get(url(model, "add")).status_code != 403:
            failures.append(f"{model._meta.label}: add page open")
        if client.post(url(model, "delete", row.pk), {"post": "yes"}).status_code != 403:
            failures.append(f"{model._meta.label}: delete allowed")
    assert failures == []
    assert AuditLog.objects.exists()


def test_lgpd_officers_handle_leads_consent_and_blocklist(login_as, demo_data):
    client = login_as(LGPD_OFFICERS)
    lead = Lead.objects.filter(tenant__isnull=False).first()

    assert statuses(
        client,
        url(Lead, "changelist"),
        url(BlocklistEntry, "changelist"),
        url(BlocklistEntry, "add"),
        url(AuditLog, "changelist"),
    ) == [200, 200, 200, 200]
    assert SAVE_BUTTON in client.get(url(Lead, "change", lead.pk)).text
    assert statuses(
        client,
        url(Lead, "add"),
        url(Lead, "delete", lead.pk),
        url(Tenant, "add"),
        url(SubscriptionPlan, "changelist"),
    ) == [403, 403, 403, 403]
    # They ask for and approve the right to be forgotten.
    assert statuses(client, url(ApprovalRequest, "changelist")) == [200]

    blocked = client.post(
        url(BlocklistEntry, "add"),
        {"email": "nao-contatar@example.com.br", "telefone": "", "reason": "pedido do titular"},
    )
    assert blocked.status_code == 302
    assert BlocklistEntry.objects.filter(email="nao-contatar@example.com.br").exists()
