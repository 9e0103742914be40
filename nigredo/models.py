"""Unmanaged models of the nigredo_leads schema (leads, campaigns, meetings, public form)."""

from datetime import timedelta

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length, Now
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone

from core.fields import CreatedAtField, JSONBField, UpdatedAtField, UTCDateTimeField, UUIDPrimaryKey
from core.models import PlatformModel
from core.privacy import shown
from core.validators import (
    at_least,
    at_most,
    non_negative,
    validate_cnpj,
    validate_email,
    validate_phone,
)


class Lead(PlatformModel):
    class Status(models.TextChoices):
        NOVO = "novo", "novo"
        EM_CONTATO = "em_contato", "em contato"
        QUALIFICADO = "qualificado", "qualificado"
        AGENDADO = "agendado", "agendado"
        CONVERTIDO = "convertido", "convertido"
        PERDIDO = "perdido", "perdido"
        DESCADASTRADO = "descadastrado", "descadastrado"
        ANONIMIZADO = "anonimizado", "anonimizado"

    id = UUIDPrimaryKey()
    tenant = models.ForeignKey(
        "platform_app.Tenant",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_column="tenant_id",
        related_name="leads",
        verbose_name="tenant",
    )
    empresa = models.CharField("empresa", max_length=255)
    cnpj = models.CharField(
        "CNPJ", max_length=18, null=True, blank=True, validators=[validate_cnpj]
    )
    setor = models.CharField("setor", max_length=100, null=True, blank=True)
    porte = models.CharField("porte", max_length=50, null=True, blank=True)
    atividade_principal = models.TextField("atividade principal", null=True, blank=True)
    contato = models.CharField("contato", max_length=255, null=True, blank=True)
    telefone = models.CharField(
        "telefone", max_length=20, null=True, blank=True, validators=[validate_phone]
    )
    email = models.CharField(
        "e-mail", max_length=255, null=True, blank=True, validators=[validate_email]
    )
    status = models.CharField(
        "situação", max_length=50, choices=Status.choices, db_default=Status.NOVO
    )
    priority_score = models.IntegerField(
        "pontuação de prioridade", null=True, blank=True, db_default=0
    )
    metadata = JSONBField("metadados", null=True, blank=True, db_default={})
    created_at = CreatedAtField()
    updated_at = UpdatedAtField()
    consent_given = models.BooleanField("consentimento dado", db_default=False)
    consent_date = UTCDateTimeField("data do consentimento", null=True, blank=True)
    consent_source = models.CharField(
        "origem do consentimento", max_length=100, null=True, blank=True
    )
    consent_ip_address = models.CharField(
        "IP do consentimento", max_length=45, null=True, blank=True
    )
    name = models.CharField("nome", max_length=100, null=True, blank=True)
    phone = models.CharField("telefone (formulário)", max_length=20, null=True, blank=True)
    company = models.CharField("empresa (formulário)", max_length=100, null=True, blank=True)
    message = models.TextField("mensagem", null=True, blank=True)
    utm_source = models.CharField("origem (UTM)", max_length=100, null=True, blank=True)
    utm_medium = models.CharField("mídia (UTM)", max_length=100, null=True, blank=True)
    utm_campaign = models.CharField("campanha (UTM)", max_length=100, null=True, blank=True)
    ip_address = models.GenericIPAddressField("endereço IP", null=True, blank=True)
    user_agent = models.TextField("navegador", null=True, blank=True)

    class Meta(PlatformModel.Meta):
        db_table = 'nigredo_leads"."leads'
        verbose_name = "lead"
        verbose_name_plural = "leads"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(email__isnull=True)
                | Q(email__iregex=r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Z|a-z]{2,}$"),
                name="leads_email_format",
                violation_error_message="Informe um e-mail válido.",
            ),
            models.CheckConstraint(
                condition=Q(email__isnull=False) | Q(telefone__isnull=False),
                name="leads_email_or_phone_required",
                violation_error_message="Informe o e-mail ou o telefone do lead.",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("message"), 1000),
                name="leads_message_length",
                violation_error_message="A mensagem pode ter no máximo 1000 caracteres.",
            ),
            models.CheckConstraint(
                condition=Q(phone__isnull=True) | Q(phone__regex=r"^\+[1-9]\d{1,14}$"),
                name="leads_phone_format",
                violation_error_message=(
                    "Informe o telefone no formato internacional (E.164), ex.: +5511999999999."
                ),
            ),
            models.CheckConstraint(
                condition=Q(priority_score__gte=0, priority_score__lte=100),
                name="leads_priority_score_check",
                violation_error_message="A pontuação de prioridade deve estar entre 0 e 100.",
            ),
        ]

    def __str__(self) -> str:
        contact = shown(Lead, "email", self.email, self) or shown(
            Lead, "telefone", self.telefone, self
        )
        return f"{self.empresa} ({contact})"


class Campanha(PlatformModel):
    class Status(models.TextChoices):
        RASCUNHO = "rascunho", "rascunho"
        ATIVA = "ativa", "ativa"
        PAUSADA = "pausada", "pausada"
        CONCLUIDA = "concluida", "concluída"

    id = UUIDPrimaryKey()
    tenant = models.ForeignKey(
        "platform_app.Tenant",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_column="tenant_id",
        related_name="campanhas",
        verbose_name="tenant",
    )
    nome = models.CharField("nome", max_length=255)
    segmento = models.CharField("segmento", max_length=100, null=True, blank=True)
    canal = models.CharField("canal", max_length=50)
    mensagens = JSONBField("mensagens", db_default={})
    status = models.CharField(
        "situação", max_length=50, choices=Status.choices, db_default=Status.RASCUNHO
    )
    metricas = JSONBField(
        "métricas",
        null=True,
        blank=True,
        db_default={
            "lidos": 0,
            "enviados": 0,
            "entregues": 0,
            "respondidos": 0,
            "interessados": 0,
        },
    )
    created_at = CreatedAtField()
    updated_at = UpdatedAtField()

    class Meta(PlatformModel.Meta):
        db_table = 'nigredo_leads"."campanhas'
        verbose_name = "campanha"
        verbose_name_plural = "campanhas"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.nome


class Interacao(PlatformModel):
    id = UUIDPrimaryKey()
    lead = models.ForeignKey(
        Lead,
        on_delete=models.DO_NOTHING,
        db_column="lead_id",
        related_name="interacoes",
        verbose_name="lead",
    )
    tipo = models.CharField("tipo", max_length=50)
    canal = models.CharField("canal", max_length=50)
    mensagem = models.TextField("mensagem")
    sentimento = models.CharField("sentimento", max_length=50, null=True, blank=True)
    intensidade = models.IntegerField(
        "intensidade", null=True, blank=True, validators=[non_negative(), at_most(100)]
    )
    trace_id = models.UUIDField("id do trace")
    created_at = CreatedAtField()

    class Meta(PlatformModel.Meta):
        db_table = 'nigredo_leads"."interacoes'
        verbose_name = "interação"
        verbose_name_plural = "interações"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(intensidade__gte=0, intensidade__lte=100),
                name="interacoes_intensidade_check",
                violation_error_message="A intensidade deve estar entre 0 e 100.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tipo} via {self.canal} — {self.lead}"


class Agendamento(PlatformModel):
    class Status(models.TextChoices):
        PROPOSTO = "proposto", "proposto"
        CONFIRMADO = "confirmado", "confirmado"
        REALIZADO = "realizado", "realizado"
        CANCELADO = "cancelado", "cancelado"

    id = UUIDPrimaryKey()
    lead = models.ForeignKey(
        Lead,
        on_delete=models.DO_NOTHING,
        db_column="lead_id",
        related_name="agendamentos",
        verbose_name="lead",
    )
    tenant = models.ForeignKey(
        "platform_app.Tenant",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_column="tenant_id",
        related_name="agendamentos",
        verbose_name="tenant",
    )
    data_hora = UTCDateTimeField("data e hora")
    duracao = models.IntegerField(
        "duração (minutos)", null=True, blank=True, db_default=60, validators=[at_least(1)]
    )
    status = models.CharField(
        "situação", max_length=50, choices=Status.choices, db_default=Status.PROPOSTO
    )
    calendar_event_id = models.CharField(
        "id do evento na agenda", max_length=255, null=True, blank=True
    )
    briefing = models.TextField("briefing", null=True, blank=True)
    created_at = CreatedAtField()
    updated_at = UpdatedAtField()

    class Meta(PlatformModel.Meta):
        db_table = 'nigredo_leads"."agendamentos'
        verbose_name = "agendamento"
        verbose_name_plural = "agendamentos"
        ordering = ["-data_hora"]

    def __str__(self) -> str:
        return f"{self.lead} — {timezone.localtime(self.data_hora):%d/%m/%Y %H:%M}"


class MetricaDiaria(PlatformModel):
    id = UUIDPrimaryKey()
    tenant = models.ForeignKey(
        "platform_app.Tenant",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_column="tenant_id",
        related_name="metricas_diarias",
        verbose_name="tenant",
    )
    data = models.DateField("data")
    metricas = JSONBField("métricas")
    created_at = CreatedAtField()

    class Meta(PlatformModel.Meta):
        db_table = 'nigredo_leads"."metricas_diarias'
        verbose_name = "métrica diária"
        verbose_name_plural = "métricas diárias"
        ordering = ["-data"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "data"], name="unique_tenant_date"),
        ]

    def __str__(self) -> str:
        return f"{self.data} — tenant {self.tenant_id}"


class BlocklistEntry(PlatformModel):
    id = UUIDPrimaryKey()
    lead = models.ForeignKey(
        Lead,
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        db_column="lead_id",
        related_name="blocklist_entries",
        verbose_name="lead",
    )
    telefone = models.CharField(
        "telefone", max_length=20, null=True, blank=True, validators=[validate_phone]
    )
    email = models.CharField(
        "e-mail", max_length=255, null=True, blank=True, validators=[validate_email]
    )
    reason = models.TextField("motivo", null=True, blank=True)
    created_at = CreatedAtField()

    class Meta(PlatformModel.Meta):
        db_table = 'nigredo_leads"."blocklist'
        verbose_name = "entrada da blocklist"
        verbose_name_plural = "entradas da blocklist"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(telefone__isnull=False) | Q(email__isnull=False),
                name="blocklist_contact_required",
                violation_error_message="Informe o telefone ou o e-mail a bloquear.",
            ),
        ]

    def __str__(self) -> str:
        model = type(self)
        return (
            shown(model, "email", self.email, self)
            or shown(model, "telefone", self.telefone, self)
            or ""
        )


class FormSubmission(PlatformModel):
    id = UUIDPrimaryKey()
    lead = models.ForeignKey(
        Lead,
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        db_column="lead_id",
        related_name="form_submissions",
        verbose_name="lead",
    )
    ip_address = models.GenericIPAddressField("endereço IP")
    user_agent = models.TextField("navegador", null=True, blank=True)
    referer = models.TextField("página de origem", null=True, blank=True)
    source = models.CharField("origem", max_length=100, null=True, blank=True)
    form_type = models.CharField("tipo de formulário", max_length=100, null=True, blank=True)
    submitted_at = CreatedAtField("enviado em")

    class Meta(PlatformModel.Meta):
        db_table = 'nigredo_leads"."form_submissions'
        verbose_name = "envio de formulário"
        verbose_name_plural = "envios de formulário"
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.form_type or 'formulário'} de {self.ip_address}"


class WebhookLog(PlatformModel):
    id = UUIDPrimaryKey()
    lead = models.ForeignKey(
        Lead,
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        db_column="lead_id",
        related_name="webhook_logs",
        verbose_name="lead",
    )
    webhook_url = models.TextField("URL do webhook")
    payload = JSONBField("conteúdo enviado")
    status_code = models.IntegerField("código de status HTTP", null=True, blank=True)
    response_body = models.TextField("corpo da resposta", null=True, blank=True)
    attempt_number = models.IntegerField("tentativa", null=True, blank=True, db_default=1)
    success = models.BooleanField("sucesso", null=True, blank=True, db_default=False)
    error_message = models.TextField("mensagem de erro", null=True, blank=True)
    sent_at = CreatedAtField("enviado em")

    class Meta(PlatformModel.Meta):
        db_table = 'nigredo_leads"."webhook_logs'
        verbose_name = "log de webhook"
        verbose_name_plural = "logs de webhook"
        ordering = ["-sent_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(attempt_number__gte=1, attempt_number__lte=3),
                name="webhook_logs_attempt_number_check",
                violation_error_message="A tentativa deve estar entre 1 e 3.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.webhook_url} (tentativa {self.attempt_number})"


class RateLimit(PlatformModel):
    id = UUIDPrimaryKey()
    ip_address = models.GenericIPAddressField("endereço IP")
    submission_count = models.IntegerField(
        "quantidade de envios", null=True, blank=True, db_default=1
    )
    window_start = UTCDateTimeField("início da janela", null=True, blank=True, db_default=Now())
    window_end = models.GeneratedField(
        expression=F("window_start") + timedelta(hours=1),
        output_field=UTCDateTimeField(null=True, blank=True),
        db_persist=True,
        verbose_name="fim da janela",
        null=True,
    )
    last_submission_at = UTCDateTimeField(
        "último envio em", null=True, blank=True, db_default=Now()
    )
    blocked_until = UTCDateTimeField("bloqueado até", null=True, blank=True)

    class Meta(PlatformModel.Meta):
        db_table = 'nigredo_leads"."rate_limits'
        verbose_name = "limite de envios por IP"
        verbose_name_plural = "limites de envios por IP"
        ordering = ["-window_start"]
        constraints = [
            models.UniqueConstraint(fields=["ip_address", "window_start"], name="unique_ip_window"),
            models.CheckConstraint(
                condition=Q(submission_count__gte=0),
                name="rate_limits_submission_count_check",
                violation_error_message="A quantidade de envios não pode ser negativa.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ip_address} ({self.submission_count} envios)"
