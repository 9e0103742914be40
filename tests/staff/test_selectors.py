import pytest
from django.contrib.auth.models import Group, User

from staff.roles import APPROVERS
from staff.selectors import staff_platform_user_ids_in_group, staff_superuser_usernames
from staff.services import staff_link_platform_user
from tests.factories import PlatformUserFactory

pytestmark = pytest.mark.django_db


def test_superusers_are_who_links_accounts():
    User.objects.create_superuser("zeca", "z@alquimista.ai", "x")
    User.objects.create_superuser("bia", "b@alquimista.ai", "x")
    User.objects.create_superuser("saiu", "s@alquimista.ai", "x", is_active=False)

    assert staff_superuser_usernames() == ["bia", "zeca"]


def test_platform_users_linked_to_approvers():
    approver, other, boss = (PlatformUserFactory() for _ in range(3))
    for name, user, superuser in [("a", approver, False), ("o", other, False), ("b", boss, True)]:
        account = User.objects.create_user(name, is_staff=True, is_superuser=superuser)
        if name == "a":
            account.groups.add(Group.objects.get(name=APPROVERS))
        staff_link_platform_user(user=account, platform_user_id=user.pk)

    assert staff_platform_user_ids_in_group(APPROVERS) == {approver.pk, boss.pk}
