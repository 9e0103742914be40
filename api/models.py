"""The API's own records (schema `backoffice`): staff API keys."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ApiToken(models.Model):
    """A staff API key, sent as `Authorization: Token <key>`.

    Only the key's SHA-256 is stored (keys are 256-bit random strings, so a fast hash is
    enough); the key itself is shown once, by `create_api_token`. `prefix` (the key's
    first characters) names a key in the admin and in `revoke_api_token`.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name="conta da equipe",
    )
    prefix = models.CharField("prefixo", max_length=16, unique=True)
    key_hash = models.CharField("hash da chave", max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("criada em", auto_now_add=True)
    expires_at = models.DateTimeField("expira em", null=True, blank=True)
    revoked_at = models.DateTimeField("revogada em", null=True, blank=True)

    class Meta:
        verbose_name = "chave de API"
        verbose_name_plural = "chaves de API"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return not self.is_revoked and not self.is_expired
