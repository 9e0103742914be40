"""Reads about the staff accounts that more than one screen needs."""

import uuid

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User

from staff.models import StaffPlatformLink
from staff.roles import LGPD_OFFICERS


def staff_superuser_usernames() -> list[str]:
    """The active superusers: who can link a staff account to a platform user."""
    return list(
        User.objects.filter(is_superuser=True, is_active=True)
        .order_by("username")
        .values_list("username", flat=True)
    )


def staff_platform_user_ids_in_group(group: str) -> set[uuid.UUID]:
    """Platform users linked to active staff accounts of `group` (or to superusers)."""
    links = StaffPlatformLink.objects.filter(user__is_active=True, user__is_staff=True)
    return set(
        links.filter(user__groups__name=group).values_list("platform_user_id", flat=True)
    ) | set(links.filter(user__is_superuser=True).values_list("platform_user_id", flat=True))


def staff_sees_personal_data(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether a staff account sees people's data in full (exports' personal columns, the
    data subject's report): the Encarregado LGPD and superusers."""
    if not user.is_authenticated:
        return False
    if getattr(user, "is_superuser", False):
        return True
    groups = getattr(user, "groups", None)
    return bool(groups is not None and groups.filter(name=LGPD_OFFICERS).exists())
