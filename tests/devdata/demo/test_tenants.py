"""The demo's tenants: the internal one with the staff's platform users, subscriptions
within their plans, the suspended one suspended through the service."""

import pytest

from billing.models import TenantSubscription, TenantSubscriptionSummary
from devdata.demo.specs import STAFF, TENANTS
from platform_app.models import INTERNAL_TENANT_ID, AuditAction, AuditLog, PlatformUser, Tenant

pytestmark = pytest.mark.django_db


def test_every_spec_is_a_tenant(demo_data):
    assert set(Tenant.objects.values_list("company_name", flat=True)) == {
        spec.company_name for spec in TENANTS
    }


def test_the_internal_tenant_has_an_active_admin_or_manager_per_staff_account(demo_data):
    internal = Tenant.objects.get(pk=INTERNAL_TENANT_ID)
    users = PlatformUser.objects.filter(tenant=internal)

    assert internal.company_name == "AlquimistaAI (interno)"
    assert set(users.values_list("full_name", flat=True)) == {s.user.name for s in STAFF}
    assert set(users.values_list("status", flat=True)) == {PlatformUser.Status.ACTIVE}
    assert set(users.values_list("user_role", flat=True)) <= {
        PlatformUser.Role.ADMIN,
        PlatformUser.Role.MANAGER,
    }


def test_the_suspended_tenant_was_suspended_through_the_service(demo_data):
    suspended = Tenant.objects.get(subscription_status=Tenant.Status.SUSPENDED)
    audits = AuditLog.objects.filter(
        action_type=AuditAction.TENANT_SUSPENDED, tenant_id=suspended.pk
    )

    assert audits.count() == 1
    audit = audits.get()
    assert audit.context["to"] == Tenant.Status.SUSPENDED
    assert audit.context["staff"] == "gestor"
    assert PlatformUser.objects.get(pk=audit.user_id).tenant_id == INTERNAL_TENANT_ID


def test_subscriptions_stay_within_their_plans(demo_data):
    rows = list(TenantSubscriptionSummary.objects.all())

    assert {row.tenant_id for row in rows} == set(Tenant.objects.values_list("id", flat=True))
    for row in rows:
        assert row.subscription_id is not None
        assert row.active_subnucleos <= row.max_subnucleos
        assert row.active_agents <= row.max_agents
        if row.status != TenantSubscription.Status.CANCELLED:
            assert row.active_subnucleos > 0 and row.active_agents > 0
    for tenant in Tenant.objects.select_related("subscription__plan"):
        assert tenant.users.count() <= tenant.subscription.plan.max_users


def test_users_that_never_signed_up_have_no_login(demo_data):
    never = PlatformUser.objects.filter(cognito_user_id=None)

    assert never.exists()
    assert set(never.values_list("last_login_at", flat=True)) == {None}
