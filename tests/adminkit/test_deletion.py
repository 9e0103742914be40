"""Delete confirmations list what the database's own foreign keys do, and a delete the
database would refuse is refused with a message, never an IntegrityError."""

from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from billing.models import Subnucleo, SubnucleoAgent, TenantSubnucleo
from platform_app.models import (
    AgentActivation,
    ApprovalDecision,
    ApprovalRequest,
    PlatformUser,
    Tenant,
)
from staff.roles import TENANT_MANAGERS
from tests.factories import (
    AgentFactory,
    PlatformUserFactory,
    StaffUserFactory,
    SubnucleoAgentFactory,
    SubnucleoFactory,
    TenantFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(User.objects.create_superuser("root", "root@exemplo.com.br", "x"))
    return client


@pytest.fixture
def approver_elsewhere():
    """Tenant A's user decided an approval of tenant B: the decision's approver_id has
    no ON DELETE action, so the database refuses to delete A (its users cascade)."""
    tenant_a = TenantFactory(company_name="Alfa Ltda")
    approver = PlatformUserFactory(tenant=tenant_a)
    requester = PlatformUserFactory()
    approval = ApprovalRequest.objects.create(
        id="apr-delete-test",
        tenant=requester.tenant,
        requested_by=requester,
        action_type="campanha.ativar",
        resource_type="campanha",
        action_details={},
        approvers=[str(approver.pk)],
        expires_at=timezone.now() + timedelta(days=1),
    )
    ApprovalDecision.objects.create(approval=approval, approver=approver, decision="approve")
    return tenant_a


def test_the_delete_page_of_a_tenant_the_database_would_refuse_says_why(
    staff_client, approver_elsewhere
):
    url = reverse("admin:platform_app_tenant_delete", args=[approver_elsewhere.pk])

    page = staff_client.get(url).content.decode()

    assert "approval_decisions_approver_id_fkey" in page
    assert "o banco de dados recusa a exclusão" in page
    assert 'name="post"' not in page  # no confirm button


def test_confirming_that_delete_deletes_nothing_and_answers_no_500(
    staff_client, approver_elsewhere
):
    url = reverse("admin:platform_app_tenant_delete", args=[approver_elsewhere.pk])

    response = staff_client.post(url, {"post": "yes"})

    assert response.status_code == 200
    assert Tenant.objects.filter(pk=approver_elsewhere.pk).exists()
    assert PlatformUser.objects.filter(tenant=approver_elsewhere).count() == 1


def test_the_bulk_delete_refuses_it_too(staff_client, approver_elsewhere):
    other = TenantFactory()
    changelist = reverse("admin:platform_app_tenant_changelist")
    selected = {
        "action": "delete_selected",
        ACTION_CHECKBOX_NAME: [str(approver_elsewhere.pk), str(other.pk)],
    }

    confirmation = staff_client.post(changelist, selected).content.decode()
    response = staff_client.post(changelist, {**selected, "post": "yes"})

    assert "approval_decisions_approver_id_fkey" in confirmation
    assert response.status_code in (200, 302)
    assert Tenant.objects.filter(pk__in=[approver_elsewhere.pk, other.pk]).count() == 2


def test_the_tenant_delete_page_counts_the_databases_cascades(staff_client):
    tenant = TenantFactory()
    PlatformUserFactory.create_batch(3, tenant=tenant)
    url = reverse("admin:platform_app_tenant_delete", args=[tenant.pk])

    page = staff_client.get(url).content.decode()
    response = staff_client.post(url, {"post": "yes"})

    assert "Usuários da plataforma (excluídos pelo banco em cascata): 3" in page
    assert response.status_code == 302
    assert not PlatformUser.objects.filter(tenant_id=tenant.pk).exists()


def test_the_subnucleo_delete_page_lists_its_agents_that_cascade(staff_client):
    subnucleo = SubnucleoFactory()
    SubnucleoAgentFactory.create_batch(5, subnucleo=subnucleo)
    url = reverse("admin:billing_subnucleo_delete", args=[subnucleo.pk])

    page = staff_client.get(url).content.decode()

    label = str(SubnucleoAgent._meta.verbose_name_plural).capitalize()
    assert f"{label} (excluídos pelo banco em cascata): 5" in page


def test_a_subnucleo_a_tenant_has_is_refused_before_its_confirmation(staff_client):
    subnucleo = SubnucleoFactory()
    SubnucleoAgentFactory.create_batch(2, subnucleo=subnucleo)
    TenantSubnucleo.objects.create(tenant=TenantFactory(), subnucleo=subnucleo)
    url = reverse("admin:billing_subnucleo_delete", args=[subnucleo.pk])

    response = staff_client.post(url, {"post": "yes"}, follow=True)

    assert "não pode ser excluído" in response.content.decode()
    assert Subnucleo.objects.filter(pk=subnucleo.pk).exists()
    assert SubnucleoAgent.objects.filter(subnucleo=subnucleo).count() == 2


def test_rows_the_database_would_cascade_need_their_own_delete_permission(client):
    """A tenant manager may delete tenants and their users, not agent activations (only
    the services write them): a tenant whose activations the database would delete with
    it is refused, as Django refuses what its own collector finds."""
    client.force_login(StaffUserFactory(groups=[TENANT_MANAGERS]))
    active = PlatformUserFactory().tenant
    AgentActivation.objects.create(tenant=active, agent=AgentFactory(), status="active")
    with_users = PlatformUserFactory().tenant

    page = client.get(reverse("admin:platform_app_tenant_delete", args=[active.pk]))
    refused = client.post(
        reverse("admin:platform_app_tenant_delete", args=[active.pk]), {"post": "yes"}
    )
    allowed = client.post(
        reverse("admin:platform_app_tenant_delete", args=[with_users.pk]), {"post": "yes"}
    )

    assert page.context["perms_lacking"] == {"Ativações de agentes"}
    assert refused.status_code == 403
    assert Tenant.objects.filter(pk=active.pk).exists()
    assert allowed.status_code == 302
    assert not Tenant.objects.filter(pk=with_users.pk).exists()
