import pytest

from billing.models import Subnucleo, SubscriptionPlan, TenantSubnucleo
from billing.services import subnucleo_delete, subscription_plan_delete
from core.exceptions import Conflict
from platform_app.models import AuditLog
from tests.billing.conftest import STAFF
from tests.factories import (
    SubnucleoFactory,
    SubscriptionPlanFactory,
    TenantFactory,
    TenantSubscriptionFactory,
)

pytestmark = pytest.mark.django_db


def test_a_plan_in_use_is_not_deleted_and_the_refusal_names_its_tenants():
    plan = SubscriptionPlanFactory(display_name="Profissional")
    TenantSubscriptionFactory(plan=plan, tenant__company_name="Beta Ltda")
    TenantSubscriptionFactory(plan=plan, tenant__company_name="Alfa S.A.", status="cancelled")

    with pytest.raises(Conflict) as refusal:
        subscription_plan_delete(acting_user=STAFF, plan_id=plan.pk)

    assert refusal.value.code == "plan_in_use"
    assert refusal.value.message == (
        "O plano Profissional não pode ser excluído: é o plano de Alfa S.A. e Beta Ltda. "
        "Desative-o (desmarque “ativo”) para tirá-lo de venda."
    )
    assert SubscriptionPlan.objects.filter(pk=plan.pk).exists()


def test_an_unused_plan_is_deleted_and_audited():
    plan = SubscriptionPlanFactory(name="teste")

    subscription_plan_delete(acting_user=STAFF, plan_id=plan.pk)

    assert not SubscriptionPlan.objects.filter(pk=plan.pk).exists()
    log = AuditLog.objects.get(action_type="plan.deleted")
    assert log.context == {"planId": str(plan.pk), "planName": "teste", "staff": "gestora.interna"}


def test_a_subnucleo_a_tenant_had_is_not_deleted():
    subnucleo = SubnucleoFactory(display_name="Cobrança")
    for name in ("A", "B", "C", "D", "E", "F", "G"):
        TenantSubnucleo.objects.create(
            tenant=TenantFactory(company_name=f"Empresa {name}"),
            subnucleo=subnucleo,
            is_active=False,
        )

    with pytest.raises(Conflict) as refusal:
        subnucleo_delete(acting_user=STAFF, subnucleo_id=subnucleo.pk)

    assert refusal.value.code == "subnucleo_in_use"
    assert refusal.value.message == (
        "O SubNúcleo Cobrança não pode ser excluído: é ou foi usado por Empresa A, Empresa B, "
        "Empresa C, Empresa D, Empresa E e mais 2 tenants. Desative-o (desmarque “ativo”) "
        "para tirá-lo de venda."
    )
    assert Subnucleo.objects.filter(pk=subnucleo.pk).exists()


def test_an_unused_subnucleo_is_deleted():
    subnucleo = SubnucleoFactory()

    subnucleo_delete(acting_user=STAFF, subnucleo_id=subnucleo.pk)

    assert not Subnucleo.objects.filter(pk=subnucleo.pk).exists()
    assert AuditLog.objects.filter(action_type="subnucleo.deleted").count() == 1
