"""Unmanaged models of the fibonacci_core schema (orchestration events, traces, metrics)."""

from django.db import models

from core.fields import (
    CreatedAtField,
    JSONBField,
    NumericField,
    TriggerIntegerField,
    UTCDateTimeField,
    UUIDPrimaryKey,
)
from core.models import PlatformModel
from core.validators import non_negative


class Event(PlatformModel):
    class Status(models.TextChoices):
        PUBLISHED = "published", "publicado"
        PROCESSED = "processed", "processado"
        FAILED = "failed", "falhou"

    id = UUIDPrimaryKey()
    event_id = models.CharField("id do evento", max_length=255, unique=True)
    trace_id = models.UUIDField("id do trace")
    source = models.CharField("origem", max_length=255)
    event_type = models.CharField("tipo de evento", max_length=255)
    detail = JSONBField("detalhe")
    metadata = JSONBField("metadados", null=True, blank=True, db_default={})
    status = models.CharField(
        "situação", max_length=50, choices=Status.choices, db_default=Status.PUBLISHED
    )
    processed_at = UTCDateTimeField("processado em", null=True, blank=True)
    retry_count = models.IntegerField(
        "tentativas", null=True, blank=True, db_default=0, validators=[non_negative()]
    )
    error_message = models.TextField("mensagem de erro", null=True, blank=True)
    created_at = CreatedAtField()

    class Meta(PlatformModel.Meta):
        db_table = 'fibonacci_core"."events'
        verbose_name = "evento"
        verbose_name_plural = "eventos"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.event_type} {self.event_id}"


class Trace(PlatformModel):
    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "em andamento"
        COMPLETED = "completed", "concluído"
        FAILED = "failed", "falhou"

    id = UUIDPrimaryKey()
    trace_id = models.UUIDField("id do trace", unique=True)
    parent_trace_id = models.UUIDField("id do trace pai", null=True, blank=True)
    tenant = models.ForeignKey(
        "platform_app.Tenant",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        db_column="tenant_id",
        related_name="traces",
        verbose_name="tenant",
    )
    lead = models.ForeignKey(
        "nigredo.Lead",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        db_column="lead_id",
        related_name="traces",
        verbose_name="lead",
    )
    span_name = models.CharField("nome do span", max_length=255)
    span_type = models.CharField("tipo do span", max_length=100)
    service_name = models.CharField("serviço", max_length=255)
    start_time = UTCDateTimeField("início")
    end_time = UTCDateTimeField("fim", null=True, blank=True)
    duration_ms = TriggerIntegerField("duração (ms)", blank=True)
    status = models.CharField(
        "situação", max_length=50, choices=Status.choices, db_default=Status.IN_PROGRESS
    )
    annotations = JSONBField("anotações", null=True, blank=True, db_default={})
    metadata = JSONBField("metadados", null=True, blank=True, db_default={})
    error_message = models.TextField("mensagem de erro", null=True, blank=True)
    error_stack = models.TextField("pilha do erro", null=True, blank=True)
    created_at = CreatedAtField()

    class Meta(PlatformModel.Meta):
        db_table = 'fibonacci_core"."traces'
        verbose_name = "trace"
        verbose_name_plural = "traces"
        ordering = ["-start_time"]

    def __str__(self) -> str:
        return f"{self.span_name} ({self.trace_id})"


class Metric(PlatformModel):
    id = UUIDPrimaryKey()
    metric_name = models.CharField("nome da métrica", max_length=255)
    dimensions = JSONBField("dimensões")
    value = NumericField("valor")
    unit = models.CharField("unidade", max_length=50)
    period_start = UTCDateTimeField("início do período")
    period_end = UTCDateTimeField("fim do período")
    aggregation_type = models.CharField("tipo de agregação", max_length=50)
    created_at = CreatedAtField()

    class Meta(PlatformModel.Meta):
        db_table = 'fibonacci_core"."metrics'
        verbose_name = "métrica"
        verbose_name_plural = "métricas"
        ordering = ["-period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["metric_name", "dimensions", "period_start", "aggregation_type"],
                name="unique_metric_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.metric_name} = {self.value} {self.unit}"
