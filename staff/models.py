"""The back-office's own records about its staff (schema `backoffice`)."""

from django.conf import settings
from django.db import models

from platform_app.models import PlatformUser


class StaffPlatformLink(models.Model):
    """The platform user a staff account acts as when it requests or decides approvals,
    and whose id the audit rows of its changes carry."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="platform_link",
        verbose_name="conta da equipe",
    )
    # An id, not a ForeignKey: Django's migrations cannot point at the unmanaged,
    # migration-less platform models (and the table lives in another schema anyway).
    platform_user_id = models.UUIDField("id do usuário da plataforma", unique=True)
    created_at = models.DateTimeField("vinculado em", auto_now_add=True)

    class Meta:
        verbose_name = "vínculo com usuário da plataforma"
        verbose_name_plural = "vínculos com usuários da plataforma"

    def __str__(self) -> str:
        return f"{self.user} → {self.platform_user_id}"

    @property
    def platform_user(self) -> "PlatformUser | None":
        return PlatformUser.objects.filter(pk=self.platform_user_id).first()
