"""The back-office's own records of the support tools (schema `backoffice`)."""

from django.conf import settings
from django.db import models


class SavedFilter(models.Model):
    """A changelist's filter (its query string) that a staff member saved under a name."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_filters",
        verbose_name="conta da equipe",
    )
    model_label = models.CharField("lista", max_length=100)  # app_label.model_name
    name = models.CharField("nome", max_length=100)
    query_string = models.TextField("filtro")
    created_at = models.DateTimeField("salvo em", auto_now_add=True)

    class Meta:
        verbose_name = "filtro salvo"
        verbose_name_plural = "filtros salvos"
        ordering = ["model_label", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "model_label", "name"], name="helpdesk_savedfilter_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name
