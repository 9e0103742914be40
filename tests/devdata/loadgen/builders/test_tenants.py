"""New tenants and their users, in production's vocabulary."""

import re
from collections import Counter

import pytest

from core.brazil import is_valid_cnpj
from platform_app.models import PlatformUser, Tenant

pytestmark = pytest.mark.django_db
EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")


def test_tenants_are_plausible_and_speak_production_s_vocabulary(small_run):
    tenants = small_run.added["tenants"]

    assert len(tenants) == 3
    assert all(is_valid_cnpj(t.cnpj) for t in tenants)
    assert all(re.fullmatch(r"\d\d\.\d{3}\.\d{3}/\d{4}-\d\d", t.cnpj) for t in tenants)
    assert {t.subscription_tier for t in tenants} <= set(Tenant.Tier.values)
    assert {t.subscription_status for t in tenants} <= set(Tenant.Status.values)


def test_each_tenant_has_two_to_five_users_the_first_an_active_admin(small_run):
    tenants, users = small_run.added["tenants"], small_run.added["users"]
    per_tenant = Counter(u.tenant_id for u in users)

    assert set(per_tenant) == {t.pk for t in tenants}
    assert all(2 <= n <= 5 for n in per_tenant.values())
    assert all(EMAIL.match(u.email) for u in users)
    assert {u.user_role for u in users} <= set(PlatformUser.Role.values)
    assert {u.status for u in users} <= set(PlatformUser.Status.values)
    admins = [u for u in users if u.user_role == PlatformUser.Role.ADMIN]
    assert {u.tenant_id for u in admins} == {t.pk for t in tenants}
    assert {u.status for u in admins} == {PlatformUser.Status.ACTIVE}
    assert all(u.last_login_at is None for u in users if u.cognito_user_id is None)
