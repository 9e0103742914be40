from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group, User

from platform_app.actors import Actor
from platform_app.models import PlatformUser, Tenant
from platform_app.services import internal_tenant_ensure
from staff.roles import LGPD_OFFICERS
from staff.services import staff_link_platform_user
from tests.factories import PlatformUserFactory
from tests.nigredo.builders import Person, build_person


@dataclass
class Officers:
    """Two Encarregados LGPD, each a staff account linked to an internal platform user."""

    internal: Tenant
    ana: PlatformUser
    bruno: PlatformUser

    @property
    def ana_actor(self) -> Actor:
        return Actor(platform_user_id=self.ana.pk, tenant_id=self.internal.pk, staff_username="ana")

    @property
    def bruno_actor(self) -> Actor:
        return Actor(
            platform_user_id=self.bruno.pk, tenant_id=self.internal.pk, staff_username="bruno"
        )


def build_officers():
    internal, _ = internal_tenant_ensure()
    group, _ = Group.objects.get_or_create(name=LGPD_OFFICERS)
    users = {}
    for name in ("ana", "bruno"):
        platform_user = PlatformUserFactory(tenant=internal, full_name=f"{name.title()} DPO")
        account = User.objects.create_user(username=name, password="x", is_staff=True)
        account.groups.add(group)
        staff_link_platform_user(user=account, platform_user_id=platform_user.pk)
        users[name] = platform_user
    return Officers(internal=internal, ana=users["ana"], bruno=users["bruno"])


@pytest.fixture
def officers(db) -> Officers:
    return build_officers()


@pytest.fixture
def person(db) -> Person:
    return build_person()


@pytest.fixture
def staff_actor() -> Actor:
    """An unlinked staff account (sees every tenant, is nobody on the platform)."""
    return Actor(staff_username="suporte")
