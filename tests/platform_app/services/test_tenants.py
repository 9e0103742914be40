import pytest

from core.exceptions import ApplicationError, Conflict
from platform_app.actors import Actor
from platform_app.models import AuditLog, Tenant
from platform_app.services import tenant_create, tenant_reactivate, tenant_suspend, tenant_update
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


def test_a_tenant_is_created_with_its_cnpj_formatted_and_audited():
    tenant = tenant_create(
        acting_user=STAFF, company_name="  Padaria   Pão Bom ", cnpj="11222333000181"
    )

    assert (tenant.company_name, tenant.cnpj) == ("Padaria Pão Bom", "11.222.333/0001-81")
    assert (tenant.subscription_status, tenant.subscription_tier) == ("active", "free")
    log = AuditLog.objects.get(tenant=tenant)
    assert log.action_type == "tenant.created"
    assert log.context == {"tenantId": str(tenant.pk), "tier": "free", "staff": "operador.interno"}


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"company_name": " "}, "company_name_required"),
        ({"company_name": "A", "cnpj": "11.222.333/0001-82"}, "invalid_cnpj"),
        ({"company_name": "A", "subscription_tier": "gold"}, "invalid_tier"),
    ],
)
def test_a_tenant_with_bad_data_is_refused_and_nothing_written(fields, code):
    before = Tenant.objects.count()

    with pytest.raises(ApplicationError) as refused:
        tenant_create(acting_user=STAFF, **fields)

    assert refused.value.code == code
    assert Tenant.objects.count() == before
    assert not AuditLog.objects.filter(action_type="tenant.created").exists()


def test_an_update_changes_the_named_fields_and_audits_their_names_only():
    tenant = TenantFactory(company_name="Antiga", settings={"a": 1})

    updated = tenant_update(
        acting_user=STAFF, tenant_id=tenant.pk, company_name="Nova", subscription_tier="enterprise"
    )

    tenant.refresh_from_db()
    assert (tenant.company_name, tenant.subscription_tier) == ("Nova", "enterprise")
    assert updated.settings == {"a": 1}
    log = AuditLog.objects.get(tenant=tenant, action_type="tenant.updated")
    assert log.context["fields"] == ["company_name", "subscription_tier"]
    with pytest.raises(Conflict) as unchanged:
        tenant_update(acting_user=STAFF, tenant_id=tenant.pk, company_name="Nova")
    assert unchanged.value.code == "tenant_unchanged"
    with pytest.raises(ApplicationError) as status:
        tenant_update(acting_user=STAFF, tenant_id=tenant.pk, subscription_status="suspended")
    assert status.value.code == "invalid_field"
