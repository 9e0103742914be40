"""Values the platform cannot mean are refused on the model fields (so by the admin's
forms and the API alike), in pt-BR; a value a row was loaded with is kept as it is."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.urls import reverse

from billing.models import CommercialRequest, SubscriptionPlan, TenantSubscription, Trial
from core.validators import validate_cnpj, validate_email, validate_phone
from nigredo.models import Agendamento, BlocklistEntry
from platform_app.models import ApprovalRequest, PlatformUser, Tenant
from tests.factories import PlatformUserFactory, TenantFactory


@pytest.mark.parametrize("value", ["11.222.333/0001-81", "11222333000181", " 11 222 333 0001 81 "])
def test_a_cnpj_with_punctuation_is_accepted(value):
    validate_cnpj(value)


@pytest.mark.parametrize(
    "value", ["11a222b333c0001d81", "11.222.333/0001-82", "1122233300018", "00000000000000"]
)
def test_a_cnpj_with_letters_or_wrong_digits_is_refused(value):
    with pytest.raises(ValidationError, match="CNPJ inválido"):
        validate_cnpj(value)


@pytest.mark.parametrize(
    "value", ["+5511999998888", "(11) 99999-8888", "+55 41 3222-1111", "041 32221111"]
)
def test_a_phone_in_digits_and_punctuation_is_accepted(value):
    validate_phone(value)


@pytest.mark.parametrize("value", ["call me", "11 9999 abc", "123", "+1234567890123456", "--"])
def test_a_phone_that_is_not_one_is_refused(value):
    with pytest.raises(ValidationError, match="Telefone inválido"):
        validate_phone(value)


@pytest.mark.parametrize("value", ["ana@empresa.com.br", "a.b+c@sub.example.org"])
def test_an_email_with_a_domain_is_accepted(value):
    validate_email(value)


@pytest.mark.parametrize(
    "value", ["user@[127.0.0.1]", "user@[IPv6:::1]", "user@localhost", "no-at", "a@b"]
)
def test_an_email_without_a_real_domain_is_refused(value):
    with pytest.raises(ValidationError, match="Informe um e-mail válido"):
        validate_email(value)


def errors_of(instance) -> set[str]:
    try:
        instance.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        return set(exc.message_dict)
    return set()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model, values, field",
    [
        (SubscriptionPlan, {"max_users": -1}, "max_users"),
        (SubscriptionPlan, {"max_agents": -1}, "max_agents"),
        (SubscriptionPlan, {"max_subnucleos": -3}, "max_subnucleos"),
        (SubscriptionPlan, {"price_monthly": Decimal("-0.01")}, "price_monthly"),
        (TenantSubscription, {"amount": Decimal("-10")}, "amount"),
        (Trial, {"usage_count": -1}, "usage_count"),
        (Trial, {"max_usage": -5}, "max_usage"),
        (Agendamento, {"duracao": -30}, "duracao"),
        (Agendamento, {"duracao": 0}, "duracao"),
        (ApprovalRequest, {"required_approvals": -1}, "required_approvals"),
        (ApprovalRequest, {"required_approvals": 0}, "required_approvals"),
        (ApprovalRequest, {"required_approvals": 3}, "required_approvals"),
        (Tenant, {"cnpj": "11a222b333c0001d81"}, "cnpj"),
        (CommercialRequest, {"whatsapp": "call me"}, "whatsapp"),
        (CommercialRequest, {"email": "user@[127.0.0.1]"}, "email"),
        (BlocklistEntry, {"telefone": "call me"}, "telefone"),
        (BlocklistEntry, {"email": "user@[127.0.0.1]"}, "email"),
        (PlatformUser, {"email": "user@[127.0.0.1]"}, "email"),
    ],
)
def test_the_model_field_refuses_it(model, values, field):
    assert field in errors_of(model(**values))


@pytest.mark.django_db
def test_the_unlimited_plan_is_999999_and_accepted():
    assert "max_users" not in errors_of(SubscriptionPlan(max_users=999999))


@pytest.mark.django_db
def test_a_row_loaded_with_an_old_value_can_still_be_saved_with_another_change():
    tenant = TenantFactory()
    Tenant.objects.filter(pk=tenant.pk).update(cnpj="11a222b333c0001d81")
    loaded = Tenant.objects.get(pk=tenant.pk)
    loaded.company_name = "Outra Ltda"

    assert "cnpj" not in errors_of(loaded)
    loaded.cnpj = "22b333c444d0001e99"
    assert "cnpj" in errors_of(loaded)


@pytest.mark.django_db
def test_the_admin_refuses_them_with_field_errors(client):
    client.force_login(User.objects.create_superuser("root", "root@exemplo.com.br", "x"))
    user = PlatformUserFactory()
    url = reverse("admin:platform_app_platformuser_change", args=[user.pk])

    response = client.post(url, {"email": "user@[127.0.0.1]", "full_name": user.full_name})
    blocked = client.post(
        reverse("admin:nigredo_blocklistentry_add"),
        {"email": "", "telefone": "call me", "reason": "Pedido do titular", "lead": ""},
    )

    assert response.status_code == 200
    assert "Informe um e-mail válido" in response.content.decode()
    user.refresh_from_db()
    assert user.email != "user@[127.0.0.1]"
    assert blocked.status_code == 200
    assert "Telefone inválido" in blocked.content.decode()
    assert not BlocklistEntry.objects.exists()
