"""Staff API keys: creation and revocation."""

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from api.models import ApiToken
from core.exceptions import ApplicationError, NotFound

PREFIX_LENGTH = 8


def api_token_hash(key: str) -> str:
    """The stored form of a key."""
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, expires_days: int | None = None) -> tuple[ApiToken, str]:
    """Create a key for the staff account `user`; returns the row and the key, which is
    never retrievable afterwards."""
    if not (user.is_active and user.is_staff):
        raise ApplicationError(
            "not_a_staff_account", "Chaves de API são só para contas ativas da equipe."
        )
    if expires_days is not None and expires_days < 1:
        raise ApplicationError("invalid_expiry", "A validade deve ser de pelo menos um dia.")
    while True:
        key = secrets.token_urlsafe(32)
        prefix = key[:PREFIX_LENGTH]
        # A prefix starting with "-" would read as an option to `revoke_api_token`.
        if not prefix.startswith("-") and not ApiToken.objects.filter(prefix=prefix).exists():
            break
    expires_at = timezone.now() + timedelta(days=expires_days) if expires_days else None
    token = ApiToken.objects.create(
        user=user, prefix=prefix, key_hash=api_token_hash(key), expires_at=expires_at
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, username_or_prefix: str) -> list[ApiToken]:
    """Revoke the key with this prefix, or every usable key of the account with this
    username; returns the keys revoked."""
    tokens = list(
        ApiToken.objects.select_for_update()
        .filter(revoked_at__isnull=True)
        .filter(prefix=username_or_prefix)
    )
    if not tokens:
        if not User.objects.filter(username=username_or_prefix).exists():
            raise NotFound(
                "api_token_not_found",
                "Nenhuma chave ativa com esse prefixo e nenhuma conta com esse nome.",
            )
        tokens = list(
            ApiToken.objects.select_for_update().filter(
                user__username=username_or_prefix, revoked_at__isnull=True
            )
        )
    now = timezone.now()
    for token in tokens:
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
    return tokens


def api_tokens_revoke_rows(*, tokens: list[ApiToken]) -> int:
    """Revoke the given keys (the admin's action); returns how many were still usable."""
    ids = [token.pk for token in tokens]
    return ApiToken.objects.filter(pk__in=ids, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
