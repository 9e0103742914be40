"""Unmanaged models of the public schema (plans, SubNúcleos, subscriptions, trials, ledger)."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Now

from core.fields import CreatedAtField, JSONBField, UpdatedAtField, UTCDateTimeField, UUIDPrimaryKey
from core.models import PlatformModel
from core.privacy import shown
from core.validators import non_negative, validate_cnpj, validate_email, validate_phone
from platform_app.models import Agent


class SubscriptionPlan(PlatformModel):
    id = UUIDPrimaryKey()
    name = models.CharField("nome", max_length=50, unique=True)
    display_name = models.CharField("nome de exibição", max_length=100)
    description = models.TextField("descrição", null=True, blank=True)
    price_monthly = models.DecimalField(
        "preço mensal", max_digits=10, decimal_places=2, validators=[non_negative(False)]
    )
    price_yearly = models.DecimalField(
        "preço anual", max_digits=10, decimal_places=2, validators=[non_negative(False)]
    )
    max_subnucleos = models.IntegerField(
        "máximo de SubNúcleos", db_default=0, validators=[non_negative()]
    )
    max_agents = models.IntegerField("máximo de agentes", db_default=0, validators=[non_negative()])
    max_users = models.IntegerField(
        "máximo de usuários",
        db_default=1,
        validators=[non_negative()],
        help_text="Sem limite: 999999.",
    )
    includes_fibonacci = models.BooleanField(
        "inclui Fibonacci", null=True, blank=True, db_default=False
    )
    features = JSONBField("recursos", null=True, blank=True, db_default=[])
    is_active = models.BooleanField("ativo", null=True, blank=True, db_default=True)
    sort_order = models.IntegerField("ordem", null=True, blank=True, db_default=0)
    created_at = CreatedAtField()
    updated_at = UpdatedAtField()

    class Meta(PlatformModel.Meta):
        db_table = 'public"."subscription_plans'
        verbose_name = "plano de assinatura"
        verbose_name_plural = "planos de assinatura"
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.display_name


class Subnucleo(PlatformModel):
    id = UUIDPrimaryKey()
    name = models.CharField("nome", max_length=100, unique=True)
    display_name = models.CharField("nome de exibição", max_length=255)
    description = models.TextField("descrição")
    # The agents' categories: each SubNúcleo groups the agents of one.
    category = models.CharField("categoria", max_length=50, choices=Agent.Category.choices)
    icon = models.CharField("ícone", max_length=50, null=True, blank=True)
    is_active = models.BooleanField("ativo", null=True, blank=True, db_default=True)
    sort_order = models.IntegerField("ordem", null=True, blank=True, db_default=0)
    created_at = CreatedAtField()
    updated_at = UpdatedAtField()

    class Meta(PlatformModel.Meta):
        db_table = 'public"."subnucleos'
        verbose_name = "SubNúcleo"
        verbose_name_plural = "SubNúcleos"
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.display_name


class SubnucleoAgent(PlatformModel):
    id = UUIDPrimaryKey()
    subnucleo = models.ForeignKey(
        Subnucleo,
        on_delete=models.DO_NOTHING,
        db_column="subnucleo_id",
        related_name="agents_links",
        verbose_name="SubNúcleo",
    )
    agent = models.ForeignKey(
        "platform_app.Agent",
        on_delete=models.DO_NOTHING,
        db_column="agent_id",
        related_name="subnucleo_links",
        verbose_name="agente",
    )
    is_required = models.BooleanField("obrigatório", null=True, blank=True, db_default=True)
    sort_order = models.IntegerField("ordem", null=True, blank=True, db_default=0)
    created_at = CreatedAtField()

    class Meta(PlatformModel.Meta):
        db_table = 'public"."subnucleo_agents'
        verbose_name = "agente do SubNúcleo"
        verbose_name_plural = "agentes dos SubNúcleos"
        ordering = ["subnucleo", "sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["subnucleo", "agent"], name="subnucleo_agents_subnucleo_id_agent_id_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subnucleo} — {self.agent}"


class TenantSubscription(PlatformModel):
    class BillingCycle(models.TextChoices):
        MONTHLY = "monthly", "mensal"
        YEARLY = "yearly", "anual"

    class Status(models.TextChoices):
        ACTIVE = "active", "ativa"
        CANCELLED = "cancelled", "cancelada"
        PAST_DUE = "past_due", "em atraso"
        TRIALING = "trialing", "em período de teste"

    id = UUIDPrimaryKey()
    tenant = models.OneToOneField(
        "platform_app.Tenant",
        on_delete=models.DO_NOTHING,
        db_column="tenant_id",
        related_name="subscription",
        verbose_name="tenant",
    )
    plan = models.ForeignKey(
        SubscriptionPlan,
        on_delete=models.PROTECT,
        db_column="plan_id",
        related_name="tenant_subscriptions",
        verbose_name="plano",
    )
    billing_cycle = models.CharField(
        "ciclo de cobrança", max_length=20, choices=BillingCycle.choices
    )
    status = models.CharField(
        "situação",
        max_length=20,
        choices=Status.choices,
        null=True,
        blank=True,
        db_default="active",
    )
    provider_customer_id = models.CharField(
        "id do cliente no provedor", max_length=255, null=True, blank=True
    )
    provider_subscription_id = models.CharField(
        "id da assinatura no provedor", max_length=255, unique=True, null=True, blank=True
    )
    current_period_start = UTCDateTimeField("início do período atual", null=True, blank=True)
    current_period_end = UTCDateTimeField("fim do período atual", null=True, blank=True)
    cancel_at_period_end = models.BooleanField(
        "cancelar ao fim do período", null=True, blank=True, db_default=False
    )
    cancelled_at = UTCDateTimeField("cancelada em", null=True, blank=True)
    amount = models.DecimalField(
        "valor", max_digits=10, decimal_places=2, validators=[non_negative(False)]
    )
    currency = models.CharField("moeda", max_length=3, null=True, blank=True, db_default="BRL")
    created_at = CreatedAtField()
    updated_at = UpdatedAtField()

    class Meta(PlatformModel.Meta):
        db_table = 'public"."tenant_subscriptions'
        verbose_name = "assinatura do tenant"
        verbose_name_plural = "assinaturas dos tenants"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(billing_cycle__in=["monthly", "yearly"]),
                name="tenant_subscriptions_billing_cycle_check",
                violation_error_message="O ciclo de cobrança deve ser mensal ou anual.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["active", "cancelled", "past_due", "trialing"]),
                name="tenant_subscriptions_status_check",
                violation_error_message="Situação de assinatura inválida.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tenant} — {self.plan} ({self.get_billing_cycle_display()})"


class TenantSubnucleo(PlatformModel):
    id = UUIDPrimaryKey()
    tenant = models.ForeignKey(
        "platform_app.Tenant",
        on_delete=models.DO_NOTHING,
        db_column="tenant_id",
        related_name="tenant_subnucleos",
        verbose_name="tenant",
    )
    subnucleo = models.ForeignKey(
        Subnucleo,
        on_delete=models.DO_NOTHING,
        db_column="subnucleo_id",
        related_name="tenant_subnucleos",
        verbose_name="SubNúcleo",
    )
    is_active = models.BooleanField("ativo", null=True, blank=True, db_default=True)
    activated_at = UTCDateTimeField("ativado em", null=True, blank=True, db_default=Now())
    deactivated_at = UTCDateTimeField("desativado em", null=True, blank=True)
    created_at = CreatedAtField()
    updated_at = UpdatedAtField()

    class Meta(PlatformModel.Meta):
        db_table = 'public"."tenant_subnucleos'
        verbose_name = "SubNúcleo do tenant"
        verbose_name_plural = "SubNúcleos dos tenants"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "subnucleo"],
                name="tenant_subnucleos_tenant_id_subnucleo_id_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tenant} — {self.subnucleo}"


class TenantAgent(PlatformModel):
    id = UUIDPrimaryKey()
    tenant = models.ForeignKey(
        "platform_app.Tenant",
        on_delete=models.DO_NOTHING,
        db_column="tenant_id",
        related_name="tenant_agents",
        verbose_name="tenant",
    )
    agent = models.ForeignKey(
        "platform_app.Agent",
        on_delete=models.DO_NOTHING,
        db_column="agent_id",
        related_name="tenant_agents",
        verbose_name="agente",
    )
    subnucleo = models.ForeignKey(
        Subnucleo,
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        db_column="subnucleo_id",
        related_name="tenant_agents",
        verbose_name="SubNúcleo",
    )
    is_active = models.BooleanField("ativo", null=True, blank=True, db_default=True)
    activated_at = UTCDateTimeField("ativado em", null=True, blank=True, db_default=Now())
    deactivated_at = UTCDateTimeField("desativado em", null=True, blank=True)
    created_at = CreatedAtField()
    updated_at = UpdatedAtField()

    class Meta(PlatformModel.Meta):
        db_table = 'public"."tenant_agents'
        verbose_name = "agente do tenant"
        verbose_name_plural = "agentes dos tenants"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "agent"], name="tenant_agents_tenant_id_agent_id_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tenant} — {self.agent}"


class Trial(PlatformModel):
    class TargetType(models.TextChoices):
        AGENT = "agent", "agente"
        SUBNUCLEO = "subnucleo", "SubNúcleo"

    class Status(models.TextChoices):
        ACTIVE = "active", "ativo"
        EXPIRED = "expired", "expirado"
        COMPLETED = "completed", "concluído"

    id = UUIDPrimaryKey()
    user_id = models.UUIDField("id do usuário")
    target_type = models.CharField("tipo de alvo", max_length=20, choices=TargetType.choices)
    target_id = models.UUIDField("id do alvo")
    started_at = UTCDateTimeField("iniciado em", null=True, blank=True, db_default=Now())
    expires_at = UTCDateTimeField("expira em")
    usage_count = models.IntegerField(
        "usos", null=True, blank=True, db_default=0, validators=[non_negative()]
    )
    max_usage = models.IntegerField(
        "máximo de usos", null=True, blank=True, db_default=5, validators=[non_negative()]
    )
    status = models.CharField(
        "situação",
        max_length=20,
        choices=Status.choices,
        null=True,
        blank=True,
        db_default="active",
    )
    created_at = CreatedAtField()
    updated_at = UpdatedAtField()

    class Meta(PlatformModel.Meta):
        db_table = 'public"."trials'
        verbose_name = "período de teste"
        verbose_name_plural = "períodos de teste"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user_id", "target_type", "target_id"],
                name="trials_user_id_target_type_target_id_key",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["active", "expired", "completed"]),
                name="trials_status_check",
                violation_error_message="Situação de período de teste inválida.",
            ),
            models.CheckConstraint(
                condition=Q(target_type__in=["agent", "subnucleo"]),
                name="trials_target_type_check",
                violation_error_message="O alvo deve ser um agente ou um SubNúcleo.",
            ),
        ]

    def __str__(self) -> str:
        return f"teste de {self.get_target_type_display()} {self.target_id}"


class PaymentEvent(PlatformModel):
    class EventType(models.TextChoices):
        """What production's Stripe webhook writes (not deployed yet)."""

        CHECKOUT_COMPLETED = "checkout_completed", "checkout concluído"
        SUBSCRIPTION_CREATED = "subscription_created", "assinatura criada"
        SUBSCRIPTION_UPDATED = "subscription_updated", "assinatura atualizada"
        SUBSCRIPTION_DELETED = "subscription_deleted", "assinatura encerrada"
        PAYMENT_SUCCEEDED = "payment_succeeded", "pagamento aprovado"
        PAYMENT_FAILED = "payment_failed", "pagamento recusado"

    class Status(models.TextChoices):
        """The webhook's own words, and Stripe's subscription statuses it copies."""

        COMPLETED = "completed", "concluído"
        SUCCEEDED = "succeeded", "aprovado"
        FAILED = "failed", "recusado"
        CANCELLED = "cancelled", "cancelado"
        ACTIVE = "active", "ativa"
        TRIALING = "trialing", "em teste"
        PAST_DUE = "past_due", "em atraso"
        UNPAID = "unpaid", "não paga"
        CANCELED = "canceled", "cancelada"
        INCOMPLETE = "incomplete", "incompleta"
        INCOMPLETE_EXPIRED = "incomplete_expired", "incompleta e expirada"
        PAUSED = "paused", "pausada"

    id = UUIDPrimaryKey()
    tenant = models.ForeignKey(
        "platform_app.Tenant",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_column="tenant_id",
        related_name="payment_events",
        verbose_name="tenant",
    )
    event_type = models.CharField("tipo de evento", max_length=50, choices=EventType.choices)
    provider_customer_id = models.CharField(
        "id do cliente no provedor", max_length=255, null=True, blank=True
    )
    provider_subscription_id = models.CharField(
        "id da assinatura no provedor", max_length=255, null=True, blank=True
    )
    provider_session_id = models.CharField(
        "id da sessão no provedor", max_length=255, null=True, blank=True
    )
    amount = models.DecimalField("valor", max_digits=10, decimal_places=2, null=True, blank=True)
    currency = models.CharField("moeda", max_length=3, null=True, blank=True, db_default="BRL")
    status = models.CharField(
        "situação", max_length=50, null=True, blank=True, choices=Status.choices
    )
    metadata = JSONBField("metadados", null=True, blank=True, db_default={})
    created_at = CreatedAtField()

    class Meta(PlatformModel.Meta):
        db_table = 'public"."payment_events'
        verbose_name = "evento de pagamento"
        verbose_name_plural = "eventos de pagamento"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.event_type} ({self.id})"


class CommercialRequest(PlatformModel):
    class Status(models.TextChoices):
        PENDING = "pending", "pendente"
        CONTACTED = "contacted", "contatado"
        PROPOSAL_SENT = "proposal_sent", "proposta enviada"
        CLOSED = "closed", "fechado"
        CANCELLED = "cancelled", "cancelado"

    id = UUIDPrimaryKey()
    tenant = models.ForeignKey(
        "platform_app.Tenant",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_column="tenant_id",
        related_name="commercial_requests",
        verbose_name="tenant",
    )
    company_name = models.CharField("empresa", max_length=255)
    cnpj = models.CharField(
        "CNPJ", max_length=18, null=True, blank=True, validators=[validate_cnpj]
    )
    contact_name = models.CharField("nome do contato", max_length=255)
    email = models.CharField("e-mail", max_length=255, validators=[validate_email])
    whatsapp = models.CharField("WhatsApp", max_length=20, validators=[validate_phone])
    selected_agents = JSONBField("agentes selecionados", null=True, blank=True, db_default=[])
    selected_subnucleos = JSONBField(
        "SubNúcleos selecionados", null=True, blank=True, db_default=[]
    )
    message = models.TextField("mensagem", null=True, blank=True)
    status = models.CharField(
        "situação",
        max_length=50,
        choices=Status.choices,
        null=True,
        blank=True,
        db_default=Status.PENDING,
    )
    created_at = CreatedAtField()
    updated_at = UpdatedAtField()

    class Meta(PlatformModel.Meta):
        db_table = 'public"."commercial_requests'
        verbose_name = "solicitação comercial"
        verbose_name_plural = "solicitações comerciais"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.company_name} — {shown(type(self), 'contact_name', self.contact_name, self)}"


class LegacySubscription(PlatformModel):
    class Status(models.TextChoices):
        ACTIVE = "active", "ativa"
        CANCELED = "canceled", "cancelada"
        PAST_DUE = "past_due", "em atraso"
        TRIALING = "trialing", "em período de teste"

    id = UUIDPrimaryKey()
    tenant = models.ForeignKey(
        "platform_app.Tenant",
        on_delete=models.PROTECT,
        db_column="tenant_id",
        related_name="legacy_subscriptions",
        verbose_name="tenant",
    )
    provider_customer_id = models.CharField(
        "id do cliente no provedor", max_length=255, null=True, blank=True
    )
    provider_subscription_id = models.CharField(
        "id da assinatura no provedor", max_length=255, unique=True, null=True, blank=True
    )
    status = models.CharField(
        "situação",
        max_length=50,
        choices=Status.choices,
        null=True,
        blank=True,
        db_default="active",
    )
    selected_agents = JSONBField("agentes selecionados", null=True, blank=True, db_default=[])
    total_monthly = models.DecimalField(
        "total mensal", max_digits=10, decimal_places=2, validators=[non_negative(False)]
    )
    currency = models.CharField("moeda", max_length=3, null=True, blank=True, db_default="BRL")
    current_period_start = UTCDateTimeField("início do período atual", null=True, blank=True)
    current_period_end = UTCDateTimeField("fim do período atual", null=True, blank=True)
    cancel_at_period_end = models.BooleanField(
        "cancelar ao fim do período", null=True, blank=True, db_default=False
    )
    created_at = CreatedAtField()
    updated_at = UpdatedAtField()

    class Meta(PlatformModel.Meta):
        db_table = 'public"."subscriptions'
        verbose_name = "assinatura legada"
        verbose_name_plural = "assinaturas legadas"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["active", "canceled", "past_due", "trialing"]),
                name="subscriptions_status_check",
                violation_error_message="Situação de assinatura inválida.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tenant} ({self.status})"


class TenantSubscriptionSummary(PlatformModel):
    tenant = models.OneToOneField(
        "platform_app.Tenant",
        primary_key=True,
        db_column="tenant_id",
        db_constraint=False,
        on_delete=models.DO_NOTHING,
        related_name="subscription_summary",
        verbose_name="tenant",
    )
    company_name = models.CharField("empresa", max_length=255, null=True, blank=True)
    subscription_id = models.UUIDField("id da assinatura", null=True, blank=True)
    plan_name = models.CharField("plano", max_length=50, null=True, blank=True)
    plan_display_name = models.CharField(
        "nome de exibição do plano", max_length=100, null=True, blank=True
    )
    billing_cycle = models.CharField(
        "ciclo de cobrança",
        max_length=20,
        choices=TenantSubscription.BillingCycle.choices,
        null=True,
        blank=True,
    )
    status = models.CharField(
        "situação",
        max_length=20,
        choices=TenantSubscription.Status.choices,
        null=True,
        blank=True,
    )
    amount = models.DecimalField("valor", max_digits=10, decimal_places=2, null=True, blank=True)
    current_period_end = UTCDateTimeField("fim do período atual", null=True, blank=True)
    active_subnucleos = models.BigIntegerField("SubNúcleos ativos", null=True, blank=True)
    active_agents = models.BigIntegerField("agentes ativos", null=True, blank=True)
    max_subnucleos = models.IntegerField("máximo de SubNúcleos", null=True, blank=True)
    max_agents = models.IntegerField("máximo de agentes", null=True, blank=True)
    includes_fibonacci = models.BooleanField("inclui Fibonacci", null=True, blank=True)

    class Meta(PlatformModel.Meta):
        db_table = 'public"."v_tenant_subscription_summary'
        verbose_name = "resumo de assinatura do tenant"
        verbose_name_plural = "resumos de assinaturas dos tenants"
        ordering = ["company_name"]

    def __str__(self) -> str:
        return self.company_name or str(self.tenant_id)
