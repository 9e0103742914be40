"""Who is calling the API: a staff account (django User) or a platform user."""

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from rest_framework.request import Request

from platform_app.actors import Actor


@dataclass(frozen=True)
class PlatformCaller:
    """A platform user authenticated by a Cognito token (DRF's `request.user`)."""

    platform_user_id: uuid.UUID
    tenant_id: uuid.UUID
    role: str
    claims: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    is_authenticated = True
    is_active = True
    is_staff = False
    is_superuser = False
    is_anonymous = False

    @property
    def pk(self) -> uuid.UUID:
        return self.platform_user_id

    def get_username(self) -> str:
        return str(self.platform_user_id)

    def __str__(self) -> str:
        return f"usuário {self.platform_user_id} (tenant {self.tenant_id})"


def is_platform_caller(request: Request) -> bool:
    return isinstance(request.user, PlatformCaller)


def is_staff_caller(request: Request) -> bool:
    user = request.user
    return isinstance(user, User) and user.is_authenticated and user.is_active and user.is_staff


def actor_for_request(request: Request) -> Actor:
    """The Actor a service receives for this API request: the staff member (with its
    linked platform user, if any) or the platform user and its tenant."""
    from staff.services import actor_for_staff

    user = request.user
    if isinstance(user, PlatformCaller):
        return Actor(platform_user_id=user.platform_user_id, tenant_id=user.tenant_id)
    if isinstance(user, User) and user.is_authenticated:
        return actor_for_staff(user)
    raise ValueError("actor_for_request needs an authenticated caller")
