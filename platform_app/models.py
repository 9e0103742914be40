"""Unmanaged models of the alquimista_platform schema (tenants, users, agents, approvals)."""

import uuid

from django.db import models
from django.db.models.functions import Now

from core.fields import (
    CreatedAtField,
    JSONBField,
    JSONListTextField,
    UpdatedAtField,
    UTCDateTimeField,
    UUIDPrimaryKey,
)
from core.models import PlatformModel
from core.privacy import shown
from core.validators import at_least, at_most, validate_cnpj, validate_email

INTERNAL_TENANT_ID = uuid.UUID("00000000-0000-0000-0000-000000000001")
PUBLIC_FORM_TENANT_ID = uuid.UUID("00000000-0000-0000-0000-000000000000")


class Tenant(PlatformModel):
    class Tier(models.TextChoices):
        FREE = "free", "gratuito"
        STARTER = "starter", "Starter"
        PROFESSIONAL = "professional", "Profissional"
        ENTERPRISE = "enterprise", "Enterprise"

    class Status(models.TextChoices):
        ACTIVE = "active", "ativo"
        SUSPENDED = "suspended", "suspenso"
        CANCELLED = "cancelled", "cancelado"

    id = UUIDPrimaryKey()
    company_name = models.CharField("empresa", max_length=255)
    cnpj = models.CharField(
        "CNPJ", max_length=18, null=True, blank=True, validators=[validate_cnpj]
    )
    subscription_tier = models.CharField(
        "nível de assinatura", max_length=50, choices=Tier.choices, db_default=Tier.FREE
    )
    subscription_status = models.CharField(
        "situação da assinatura", max_length=50, choices=Status.choices, db_default=Status.ACTIVE
    )
    settings = JSONBField("configurações", null=True, blank=True, db_default={})
    created_at = CreatedAtField()
    updated_at = UpdatedAtField()

    class Meta(PlatformModel.Meta):
        db_table = 'alquimista_platform"."tenants'
        verbose_name = "tenant"
        verbose_name_plural = "tenants"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.company_name


class PlatformUser(PlatformModel):
    class Role(models.TextChoices):
        ADMIN = "admin", "administrador"
        MANAGER = "manager", "gestor"
        OPERATOR = "operator", "operador"
        VIEWER = "viewer", "leitor"

    class Status(models.TextChoices):
        ACTIVE = "active", "ativo"
        INACTIVE = "inactive", "inativo"
        SUSPENDED = "suspended", "suspenso"

    id = UUIDPrimaryKey()
    tenant = models.ForeignKey(
        Tenant,
        on_delete=models.DO_NOTHING,
        db_column="tenant_id",
        related_name="users",
        verbose_name="tenant",
    )
    email = models.CharField("e-mail", max_length=255, unique=True, validators=[validate_email])
    full_name = models.CharField("nome completo", max_length=255)
    cognito_user_id = models.CharField(
        "id do usuário no Cognito", max_length=255, unique=True, null=True, blank=True
    )
    user_role = models.CharField(
        "papel", max_length=50, choices=Role.choices, db_default=Role.VIEWER
    )
    status = models.CharField(
        "situação", max_length=50, choices=Status.choices, db_default=Status.ACTIVE
    )
    last_login_at = UTCDateTimeField("último acesso em", null=True, blank=True)
    created_at = CreatedAtField()
    updated_at = UpdatedAtField()

    class Meta(PlatformModel.Meta):
        db_table = 'alquimista_platform"."users'
        verbose_name = "usuário da plataforma"
        verbose_name_plural = "usuários da plataforma"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        name = shown(PlatformUser, "full_name", self.full_name, self)
        return f"{name} <{shown(PlatformUser, 'email', self.email, self)}>"


class Agent(PlatformModel):
    class Category(models.TextChoices):
        SAUDE = "saude", "saúde"
        EDUCACAO = "educacao", "educação"
        EVENTOS = "eventos", "eventos"
        VENDAS = "vendas", "vendas"
        FINANCEIRO = "financeiro", "financeiro"
        SERVICOS = "servicos", "serviços"
        ORGANIZACOES = "organizacoes", "organizações"

    class Status(models.TextChoices):
        ACTIVE = "active", "ativo"
        INACTIVE = "inactive", "inativo"

    id = UUIDPrimaryKey()
    name = models.CharField("nome", max_length=255, unique=True)
    display_name = models.CharField("nome de exibição", max_length=255)
    description = models.TextField("descrição")
    category = models.CharField("categoria", max_length=100, choices=Category.choices)
    version = models.CharField("versão", max_length=50, db_default="1.0.0")
    status = models.CharField(
        "situação", max_length=50, choices=Status.choices, db_default=Status.ACTIVE
    )
    config = JSONBField("configuração", null=True, blank=True, db_default={})
    pricing = JSONBField("preços", null=True, blank=True, db_default={})
    created_at = CreatedAtField()
    updated_at = UpdatedAtField()

    class Meta(PlatformModel.Meta):
        db_table = 'alquimista_platform"."agents'
        verbose_name = "agente"
        verbose_name_plural = "agentes"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.display_name


class AgentActivation(PlatformModel):
    class Status(models.TextChoices):
        ACTIVE = "active", "ativa"
        INACTIVE = "inactive", "inativa"

    id = UUIDPrimaryKey()
    tenant = models.ForeignKey(
        Tenant,
        on_delete=models.DO_NOTHING,
        db_column="tenant_id",
        related_name="agent_activations",
        verbose_name="tenant",
    )
    agent = models.ForeignKey(
        Agent,
        on_delete=models.DO_NOTHING,
        db_column="agent_id",
        related_name="activations",
        verbose_name="agente",
    )
    status = models.CharField(
        "situação", max_length=50, choices=Status.choices, db_default=Status.ACTIVE
    )
    tenant_config = JSONBField("configuração do tenant", null=True, blank=True, db_default={})
    usage_metrics = JSONBField(
        "métricas de uso",
        null=True,
        blank=True,
        db_default={"totalCost": 0.0, "executions": 0, "avgDuration": 0, "successRate": 0.0},
    )
    activated_at = UTCDateTimeField("ativado em", null=True, blank=True, db_default=Now())
    deactivated_at = UTCDateTimeField("desativado em", null=True, blank=True)
    updated_at = UpdatedAtField()

    class Meta(PlatformModel.Meta):
        db_table = 'alquimista_platform"."agent_activations'
        verbose_name = "ativação de agente"
        verbose_name_plural = "ativações de agentes"
        ordering = ["-activated_at"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "agent"], name="unique_tenant_agent"),
        ]

    def __str__(self) -> str:
        return f"{self.agent} — {self.tenant}"


class Permission(PlatformModel):
    id = UUIDPrimaryKey()
    resource_type = models.CharField("tipo de recurso", max_length=100)
    resource_id = models.UUIDField("id do recurso", null=True, blank=True)
    action = models.CharField("ação", max_length=100)
    subject_type = models.CharField("tipo de sujeito", max_length=50)
    subject_id = models.CharField("id do sujeito", max_length=255)
    constraints = JSONBField("restrições", null=True, blank=True, db_default={})
    granted_at = CreatedAtField("concedida em")
    expires_at = UTCDateTimeField("expira em", null=True, blank=True)

    class Meta(PlatformModel.Meta):
        db_table = 'alquimista_platform"."permissions'
        verbose_name = "permissão"
        verbose_name_plural = "permissões"
        ordering = ["-granted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["resource_type", "resource_id", "action", "subject_type", "subject_id"],
                name="unique_permission",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject_type}:{self.subject_id} → {self.action} em {self.resource_type}"


class AuditAction(models.TextChoices):
    """The audit `action_type` values: production's spellings, and the back-office's own
    named in the same style. The Lambdas write others too; those are kept as they are."""

    AGENT_ACTIVATED = "agent.activated", "agente ativado"
    AGENT_DEACTIVATED = "agent.deactivated", "agente desativado"
    SUBNUCLEO_ACTIVATED = "subnucleo.activated", "SubNúcleo ativado"
    SUBNUCLEO_DEACTIVATED = "subnucleo.deactivated", "SubNúcleo desativado"
    SUBSCRIPTION_CREATED = "subscription.created", "assinatura criada"
    SUBSCRIPTION_PLAN_CHANGED = "subscription.plan_changed", "plano alterado"
    SUBSCRIPTION_CANCELLED = "subscription.cancelled", "assinatura cancelada"
    SUBSCRIPTION_REACTIVATED = "subscription.reactivated", "assinatura reativada"
    TENANT_CREATED = "tenant.created", "tenant criado"
    TENANT_UPDATED = "tenant.updated", "dados do tenant alterados"
    TENANT_SUSPENDED = "tenant.suspended", "tenant suspenso"
    TENANT_REACTIVATED = "tenant.reactivated", "tenant reativado"
    USER_CREATED = "user.created", "usuário criado"
    USER_SUSPENDED = "user.suspended", "usuário suspenso"
    USER_REACTIVATED = "user.reactivated", "usuário reativado"
    USER_ROLE_CHANGED = "user.role_changed", "papel do usuário alterado"
    USER_LOGIN = "user.login", "login"
    STAFF_LOCKED_OUT = "staff.locked_out", "login da equipe bloqueado"
    STAFF_TWO_FACTOR_ENROLLED = "staff.two_factor_enrolled", "segundo fator cadastrado"
    STAFF_RECOVERY_CODE_USED = "staff.recovery_code_used", "código de recuperação usado"
    PLAN_DELETED = "plan.deleted", "plano excluído"
    SUBNUCLEO_DELETED = "subnucleo.deleted", "SubNúcleo excluído do catálogo"
    TRIALS_EXPIRED = "trials.expired", "períodos de teste expirados"
    COMMERCIAL_REQUEST_STATUS_CHANGED = (
        "commercial_request.status_changed",
        "solicitação comercial avançou",
    )
    APPROVAL_CREATED = "approval.created", "aprovação solicitada"
    APPROVAL_APPROVE = "approval.approve", "aprovação concedida"
    APPROVAL_REJECT = "approval.reject", "aprovação rejeitada"
    APPROVAL_CANCELLED = "approval.cancelled", "aprovação cancelada"
    APPROVAL_EXPIRED = "approval.expired", "aprovação expirada"
    APPROVAL_EXECUTED = "approval.executed", "ação aprovada executada"
    PLAN_PRICES_CHANGED = "plan.prices_changed", "preços do plano alterados"
    CONSENT_VALIDATION = "consent_validation", "validação de consentimento"
    CONSENT_RECORDED = "consent.recorded", "consentimento registrado"
    CONSENT_WITHDRAWN = "consent.withdrawn", "consentimento retirado"
    DESCADASTRO = "descadastro", "descadastro"
    DIREITO_ESQUECIMENTO = "direito_esquecimento", "direito ao esquecimento"
    LEAD_CREATE = "lead.create", "lead criado"
    LEAD_UPDATE = "lead.update", "lead atualizado"
    AGENT_EXECUTE = "agent.execute", "agente executado"
    DATA_EXPORTED = "data.exported", "dados exportados"
    BLOCKLIST_ADDED = "blocklist.added", "contato bloqueado"
    BLOCKLIST_REMOVED = "blocklist.removed", "contato desbloqueado"
    SUBJECT_REPORT = "lgpd.subject_report", "relatório do titular gerado"
    PERSONAL_DATA_REVEALED = "personal_data.revealed", "dados pessoais revelados"


class AuditLog(PlatformModel):
    class Result(models.TextChoices):
        SUCCESS = "success", "sucesso"
        FAILURE = "failure", "falha"
        PARTIAL = "partial", "parcial"

    id = UUIDPrimaryKey()
    trace_id = models.UUIDField("id do trace")
    tenant = models.ForeignKey(
        Tenant,
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        db_column="tenant_id",
        related_name="audit_logs",
        verbose_name="tenant",
    )
    user = models.ForeignKey(
        PlatformUser,
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        db_column="user_id",
        related_name="audit_logs",
        verbose_name="usuário",
    )
    agent = models.ForeignKey(
        Agent,
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        db_column="agent_id",
        related_name="audit_logs",
        verbose_name="agente",
    )
    action_type = models.CharField("tipo de ação", max_length=100, choices=AuditAction.choices)
    result = models.CharField("resultado", max_length=50, choices=Result.choices)
    context = JSONBField("contexto", null=True, blank=True, db_default={})
    error_message = models.TextField("mensagem de erro", null=True, blank=True)
    created_at = CreatedAtField()

    class Meta(PlatformModel.Meta):
        db_table = 'alquimista_platform"."audit_logs'
        verbose_name = "registro de auditoria"
        verbose_name_plural = "registros de auditoria"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_action_type_display()} ({self.get_result_display()})"


class ApprovalRequest(PlatformModel):
    class Status(models.TextChoices):
        PENDING = "pending", "pendente"
        APPROVED = "approved", "aprovada"
        REJECTED = "rejected", "rejeitada"
        EXPIRED = "expired", "expirada"
        CANCELLED = "cancelled", "cancelada"

    class ActionType(models.TextChoices):
        """The back-office's approval-gated actions, each with an executor registered in
        `platform_app.services.approval_actions`. The Lambdas request other action types
        (`campanha.ativar`, …): those are decided here too, and kept as they are."""

        TENANT_SUSPEND = "tenant.suspend", "suspender tenant"
        PLAN_PRICE_CHANGE = "plan.price_change", "alterar preços de plano"
        LGPD_ERASURE = "lgpd.direito_esquecimento", "direito ao esquecimento (LGPD)"

    id = models.CharField("id", max_length=255, primary_key=True)
    tenant = models.ForeignKey(
        Tenant,
        on_delete=models.DO_NOTHING,
        db_column="tenant_id",
        related_name="approval_requests",
        verbose_name="tenant",
    )
    requested_by = models.ForeignKey(
        PlatformUser,
        on_delete=models.PROTECT,
        db_column="requested_by",
        related_name="approval_requests",
        verbose_name="solicitado por",
    )
    action_type = models.CharField("tipo de ação", max_length=100)
    resource_type = models.CharField("tipo de recurso", max_length=50)
    resource_id = models.CharField("id do recurso", max_length=255, null=True, blank=True)
    action_details = JSONBField("detalhes da ação")
    approvers = JSONListTextField("aprovadores")
    required_approvals = models.IntegerField(
        "aprovações necessárias", db_default=1, validators=[at_least(1), at_most(2)]
    )
    status = models.CharField(
        "situação", max_length=20, choices=Status.choices, db_default=Status.PENDING
    )
    expires_at = UTCDateTimeField("expira em")
    created_at = CreatedAtField()
    updated_at = UpdatedAtField()

    class Meta(PlatformModel.Meta):
        db_table = 'alquimista_platform"."approval_requests'
        verbose_name = "solicitação de aprovação"
        verbose_name_plural = "solicitações de aprovação"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.action_type} ({self.id})"


class ApprovalDecision(PlatformModel):
    class Decision(models.TextChoices):
        APPROVE = "approve", "aprovar"
        REJECT = "reject", "rejeitar"

    id = models.AutoField("id", primary_key=True)
    approval = models.ForeignKey(
        ApprovalRequest,
        on_delete=models.DO_NOTHING,
        db_column="approval_id",
        related_name="decisions",
        verbose_name="solicitação de aprovação",
    )
    approver = models.ForeignKey(
        PlatformUser,
        on_delete=models.PROTECT,
        db_column="approver_id",
        related_name="approval_decisions",
        verbose_name="aprovador",
    )
    decision = models.CharField("decisão", max_length=10, choices=Decision.choices)
    comment = models.TextField("comentário", null=True, blank=True)
    created_at = CreatedAtField()

    class Meta(PlatformModel.Meta):
        db_table = 'alquimista_platform"."approval_decisions'
        verbose_name = "decisão de aprovação"
        verbose_name_plural = "decisões de aprovação"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["approval", "approver"],
                name="approval_decisions_approval_id_approver_id_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision} — {self.approval_id}"


class Notification(PlatformModel):
    class Type(models.TextChoices):
        APPROVAL_REQUIRED = "approval_required", "aprovação necessária"
        APPROVAL_APPROVED = "approval_approved", "aprovação concedida"
        APPROVAL_REJECTED = "approval_rejected", "aprovação rejeitada"
        APPROVAL_EXPIRED = "approval_expired", "aprovação expirada"

    id = models.AutoField("id", primary_key=True)
    user = models.ForeignKey(
        PlatformUser,
        on_delete=models.DO_NOTHING,
        db_column="user_id",
        related_name="notifications",
        verbose_name="usuário",
    )
    type = models.CharField("tipo", max_length=50, choices=Type.choices)
    title = models.CharField("título", max_length=255)
    message = models.TextField("mensagem")
    metadata = JSONBField("metadados", null=True, blank=True)
    read = models.BooleanField("lida", null=True, blank=True, db_default=False)
    created_at = CreatedAtField()

    class Meta(PlatformModel.Meta):
        db_table = 'alquimista_platform"."notifications'
        verbose_name = "notificação"
        verbose_name_plural = "notificações"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title
