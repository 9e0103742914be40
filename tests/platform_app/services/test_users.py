import uuid

import pytest

from core.exceptions import ApplicationError, Conflict, NotFound
from platform_app.actors import Actor
from platform_app.models import AuditLog
from platform_app.services import user_role_change, user_suspend
from tests.factories import PlatformUserFactory

pytestmark = pytest.mark.django_db
STAFF = Actor(staff_username="operador.interno")


def test_suspending_a_user_is_audited_with_ids_only():
    user = PlatformUserFactory()

    result = user_suspend(acting_user=STAFF, user_id=user.pk)

    user.refresh_from_db()
    assert result.status == user.status == "suspended"
    log = AuditLog.objects.get(tenant=user.tenant)
    assert (log.action_type, log.result) == ("user.suspended", "success")
    assert log.context == {
        "tenantId": str(user.tenant_id),
        "userId": str(user.pk),
        "from": "active",
        "staff": "operador.interno",
    }


def test_suspending_twice_is_refused_and_writes_nothing():
    user = PlatformUserFactory(status="suspended")

    with pytest.raises(Conflict) as refusal:
        user_suspend(acting_user=STAFF, user_id=user.pk)

    assert (refusal.value.code, refusal.value.message) == (
        "user_already_suspended",
        "O usuário já está suspenso.",
    )
    assert not AuditLog.objects.filter(tenant=user.tenant).exists()


def test_an_unknown_user_is_not_found():
    with pytest.raises(NotFound) as refusal:
        user_suspend(acting_user=STAFF, user_id=uuid.uuid4())

    assert (refusal.value.code, refusal.value.message) == (
        "user_not_found",
        "Usuário não encontrado.",
    )


def test_changing_a_role_is_audited_with_both_roles():
    user = PlatformUserFactory(user_role="operator")

    user_role_change(acting_user=STAFF, user_id=user.pk, role="manager")

    user.refresh_from_db()
    assert user.user_role == "manager"
    log = AuditLog.objects.get(tenant=user.tenant)
    assert log.action_type == "user.role_changed"
    assert (log.context["from"], log.context["to"]) == ("operator", "manager")


@pytest.mark.parametrize(
    ("role", "code", "message"),
    [
        ("operator", "user_role_unchanged", "O usuário já tem esse papel."),
        (
            "CEO_ADMIN",
            "invalid_role",
            "Papel inválido: use administrador, gestor, operador ou leitor.",
        ),
    ],
)
def test_a_role_change_that_changes_nothing_or_is_unknown_is_refused(role, code, message):
    user = PlatformUserFactory(user_role="operator")

    with pytest.raises(ApplicationError) as refusal:
        user_role_change(acting_user=STAFF, user_id=user.pk, role=role)

    assert (refusal.value.code, refusal.value.message) == (code, message)
    user.refresh_from_db()
    assert user.user_role == "operator"
    assert not AuditLog.objects.filter(tenant=user.tenant).exists()
