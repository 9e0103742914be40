import pytest

from core.exceptions import Conflict
from platform_app.actors import Actor
from platform_app.models import AuditLog, Tenant
from platform_app.services import tenant_reactivate, tenant_suspend
from tests.factories import PlatformUserFactory, TenantFactory

pytestmark = pytest.mark.django_db
STAFF = Actor(staff_username="operador.interno")


def test_suspending_an_active_tenant_is_audited_with_the_staff_member():
    # given
    tenant = TenantFactory()
    # when
    result = tenant_suspend(acting_user=STAFF, tenant_id=tenant.pk)
    # then
    assert result.subscription_status == "suspended"
    tenant.refresh_from_db()
    assert tenant.subscription_status == "suspended"
    log = AuditLog.objects.get(tenant=tenant)
    assert (log.action_type, log.result, log.user_id) == ("tenant.suspended", "success", None)
    assert log.context == {
        "tenantId": str(tenant.pk),
        "from": "active",
        "to": "suspended",
        "staff": "operador.interno",
    }


def test_a_linked_staff_member_is_the_audit_rows_user():
    user = PlatformUserFactory()
    tenant = TenantFactory()

    tenant_suspend(
        acting_user=Actor(platform_user_id=user.pk, staff_username="ana"), tenant_id=tenant.pk
    )

    assert AuditLog.objects.get(tenant=tenant).user_id == user.pk


def test_suspending_twice_is_refused_and_writes_nothing():
    tenant = TenantFactory(subscription_status=Tenant.Status.SUSPENDED)

    with pytest.raises(Conflict) as refusal:
        tenant_suspend(acting_user=STAFF, tenant_id=tenant.pk)

    assert (refusal.value.code, refusal.value.message) == (
        "tenant_already_suspended",
        "O tenant já está suspenso.",
    )
    assert not AuditLog.objects.filter(tenant=tenant).exists()


def test_reactivation_needs_a_suspended_tenant():
    tenant = TenantFactory()

    with pytest.raises(Conflict) as refusal:
        tenant_reactivate(acting_user=STAFF, tenant_id=tenant.pk)
    tenant_suspend(acting_user=STAFF, tenant_id=tenant.pk)
    tenant_reactivate(acting_user=STAFF, tenant_id=tenant.pk)

    assert refusal.value.code == "tenant_not_suspended"
    tenant.refresh_from_db()
    assert tenant.subscription_status == "active"
    # One transaction here, so both rows carry the same now(): compare without order.
    assert set(AuditLog.objects.filter(tenant=tenant).values_list("action_type", flat=True)) == {
        "tenant.suspended",
        "tenant.reactivated",
    }
