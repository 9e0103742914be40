"""Linking staff accounts to the platform users they act as."""

import uuid

from django.contrib.auth.models import User
from django.db import transaction

from core.exceptions import ApplicationError, NotFound
from platform_app.actors import Actor
from platform_app.models import PlatformUser
from staff.models import StaffPlatformLink


@transaction.atomic
def staff_link_platform_user(*, user: User, platform_user_id: uuid.UUID) -> StaffPlatformLink:
    """Make `user` act as the platform user `platform_user_id` (replacing any link)."""
    platform_user = PlatformUser.objects.filter(pk=platform_user_id).first()
    if platform_user is None:
        raise NotFound("platform_user_not_found", "Usuário da plataforma não encontrado.")
    taken = StaffPlatformLink.objects.filter(platform_user_id=platform_user_id).exclude(user=user)
    if taken.exists():
        raise ApplicationError(
            "platform_user_already_linked",
            "Esse usuário da plataforma já está vinculado a outra conta da equipe.",
        )
    link, _ = StaffPlatformLink.objects.update_or_create(
        user=user, defaults={"platform_user_id": platform_user_id}
    )
    return link


def actor_for_staff(user: User) -> Actor:
    """The Actor a staff account is: with its linked platform user and tenant, if any."""
    link = StaffPlatformLink.objects.filter(user=user).first()
    tenant_id = None
    if link is not None:
        tenant_id = (
            PlatformUser.objects.filter(pk=link.platform_user_id)
            .values_list("tenant_id", flat=True)
            .first()
        )
    return Actor(
        platform_user_id=link.platform_user_id if link else None,
        tenant_id=tenant_id,
        staff_username=user.get_username(),
    )
