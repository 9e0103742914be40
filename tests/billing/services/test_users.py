import pytest

from billing.services import user_create, user_reactivate
from core.exceptions import ApplicationError, Conflict
from platform_app.models import AuditLog, PlatformUser
from platform_app.services import user_suspend
from tests.billing.conftest import STAFF
from tests.factories import PlatformUserFactory, TenantFactory, TenantSubscriptionFactory

pytestmark = pytest.mark.django_db


def test_adding_a_user_takes_a_seat_and_is_audited_without_personal_data():
    # given
    tenant = TenantSubscriptionFactory(plan__max_users=2).tenant
    # when
    user = user_create(
        acting_user=STAFF,
        tenant_id=tenant.pk,
        email="  Joana.Silva@Exemplo.com.br ",
        full_name=" Joana   Silva ",
        role="manager",
    )
    # then
    user.refresh_from_db()
    assert (user.tenant_id, user.email, user.full_name, user.user_role, user.status) == (
        tenant.pk,
        "joana.silva@exemplo.com.br",
        "Joana Silva",
        "manager",
        "active",
    )
    log = AuditLog.objects.get(tenant=tenant)
    assert log.action_type == "user.created"
    assert log.context == {
        "tenantId": str(tenant.pk),
        "userId": str(user.pk),
        "role": "manager",
        "staff": "gestora.interna",
    }


def test_the_user_past_the_seats_is_refused_and_nothing_is_written():
    tenant = TenantSubscriptionFactory(
        plan__max_users=2, plan__display_name="Starter", plan__name="starter"
    ).tenant
    PlatformUserFactory(tenant=tenant)
    PlatformUserFactory(tenant=tenant, status="invited")  # an invitation holds a seat too
    PlatformUserFactory(tenant=tenant, status="suspended")  # a suspended user does not

    with pytest.raises(Conflict) as refusal:
        user_create(
            acting_user=STAFF, tenant_id=tenant.pk, email="novo@exemplo.com.br", full_name="Novo"
        )

    assert refusal.value.code == "plan_limit_reached"
    assert refusal.value.message == (
        "Limite do plano Starter atingido: 2 de 2 usuários em uso. "
        "Suspenda um usuário ou mude de plano."
    )
    assert refusal.value.details == {
        "resource": "users",
        "used": 2,
        "limit": 2,
        "requested": 1,
        "plan": "starter",
    }
    assert not PlatformUser.objects.filter(email="novo@exemplo.com.br").exists()
    assert not AuditLog.objects.filter(tenant=tenant).exists()


def test_an_email_already_in_use_is_refused_whatever_its_case():
    tenant = TenantSubscriptionFactory().tenant
    PlatformUserFactory(email="ana@exemplo.com.br")

    with pytest.raises(Conflict) as refusal:
        user_create(
            acting_user=STAFF, tenant_id=tenant.pk, email="ANA@exemplo.com.br", full_name="Ana"
        )

    assert (refusal.value.code, refusal.value.message) == (
        "user_email_taken",
        "Já existe um usuário da plataforma com esse e-mail.",
    )
    assert not AuditLog.objects.filter(tenant=tenant).exists()


@pytest.mark.parametrize(
    ("email", "full_name", "role", "code", "message"),
    [
        ("não é e-mail", "Ana", "viewer", "invalid_email", "E-mail inválido."),
        ("ana@exemplo.com.br", "  ", "viewer", "full_name_required", "Informe o nome completo."),
        (
            "ana@exemplo.com.br",
            "Ana",
            "MASTER",
            "invalid_role",
            "Papel inválido: use administrador, gestor, operador ou leitor.",
        ),
    ],
)
def test_invalid_input_is_refused(email, full_name, role, code, message):
    tenant = TenantSubscriptionFactory().tenant

    with pytest.raises(ApplicationError) as refusal:
        user_create(
            acting_user=STAFF, tenant_id=tenant.pk, email=email, full_name=full_name, role=role
        )

    assert (refusal.value.code, refusal.value.message, refusal.value.status) == (code, message, 400)
    assert not PlatformUser.objects.filter(tenant=tenant).exists()


def test_a_tenant_without_a_plan_has_no_seats():
    tenant = TenantFactory()

    with pytest.raises(Conflict) as refusal:
        user_create(acting_user=STAFF, tenant_id=tenant.pk, email="a@b.com.br", full_name="A B")

    assert refusal.value.code == "subscription_required"


def test_reactivating_a_suspended_user_takes_a_seat_back():
    tenant = TenantSubscriptionFactory(plan__max_users=1).tenant
    user = PlatformUserFactory(tenant=tenant)
    user_suspend(acting_user=STAFF, user_id=user.pk)

    result = user_reactivate(acting_user=STAFF, user_id=user.pk)

    user.refresh_from_db()
    assert result.status == user.status == "active"
    log = AuditLog.objects.get(tenant=tenant, action_type="user.reactivated")
    assert log.context == {
        "tenantId": str(tenant.pk),
        "userId": str(user.pk),
        "from": "suspended",
        "staff": "gestora.interna",
    }


def test_reactivating_past_the_seats_is_refused():
    tenant = TenantSubscriptionFactory(plan__max_users=1).tenant
    PlatformUserFactory(tenant=tenant)
    suspended = PlatformUserFactory(tenant=tenant, status="suspended")

    with pytest.raises(Conflict) as refusal:
        user_reactivate(acting_user=STAFF, user_id=suspended.pk)

    assert refusal.value.code == "plan_limit_reached"
    suspended.refresh_from_db()
    assert suspended.status == "suspended"
    assert not AuditLog.objects.filter(tenant=tenant).exists()


def test_reactivating_an_active_user_is_refused():
    user = PlatformUserFactory(tenant=TenantSubscriptionFactory().tenant)

    with pytest.raises(Conflict) as refusal:
        user_reactivate(acting_user=STAFF, user_id=user.pk)

    assert (refusal.value.code, refusal.value.message) == (
        "user_not_suspended",
        "O usuário não está suspenso nem inativo.",
    )
