"""What the demo holds, declared: tenants and their users, campaigns, approvals, trials,
commercial requests, and the staff accounts of the internal tenant. Every status, role,
tier and decision is a member of its model's TextChoices."""

from dataclasses import dataclass, field
from typing import Any

from billing.models import CommercialRequest, TenantSubscription, Trial
from nigredo.models import Campanha
from platform_app.models import ApprovalDecision, ApprovalRequest, PlatformUser, Tenant
from staff.roles import APPROVERS, LGPD_OFFICERS, SUPPORT, TENANT_MANAGERS

Role = PlatformUser.Role
UserStatus = PlatformUser.Status
Cycle = TenantSubscription.BillingCycle
SubscriptionStatus = TenantSubscription.Status


@dataclass(frozen=True)
class UserSpec:
    name: str
    role: PlatformUser.Role
    status: PlatformUser.Status = UserStatus.ACTIVE
    signed_up: bool = True  # has a Cognito account and has logged in
    key: str | None = None  # stable name for the id; the position in the tenant otherwise


@dataclass(frozen=True)
class CampanhaSpec:
    nome: str
    segmento: str
    canal: str
    status: Campanha.Status


@dataclass(frozen=True)
class TenantSpec:
    slug: str
    company_name: str
    domain: str
    tier: Tenant.Tier
    status: Tenant.Status
    plan: str
    cycle: TenantSubscription.BillingCycle
    subscription_status: TenantSubscription.Status
    period_start_days_ago: int
    subnucleos: tuple[str, ...]
    users: tuple[UserSpec, ...]
    age_days: int
    lead_count: int = 0
    dropped_subnucleos: tuple[str, ...] = ()
    campanhas: tuple[CampanhaSpec, ...] = ()
    retired_agents: tuple[str, ...] = ()  # agents of an active SubNúcleo switched off
    billed: bool = True  # pays through the payment provider
    fixed_id: Any = None  # the tenant's id when it is not derived from the slug


@dataclass(frozen=True)
class StaffSpec:
    """A demo staff account, in one role group, acting as a user of the internal tenant."""

    username: str
    group: str
    user: UserSpec


STAFF: tuple[StaffSpec, ...] = (
    StaffSpec(
        username="gestor",
        group=TENANT_MANAGERS,
        user=UserSpec(name="Marina Couto", role=Role.ADMIN, key="gestor"),
    ),
    StaffSpec(
        username="aprovador1",
        group=APPROVERS,
        user=UserSpec(name="Rogério Lins", role=Role.MANAGER, key="aprovador1"),
    ),
    StaffSpec(
        username="aprovador2",
        group=APPROVERS,
        user=UserSpec(name="Cecília Prates", role=Role.MANAGER, key="aprovador2"),
    ),
    StaffSpec(
        username="suporte",
        group=SUPPORT,
        user=UserSpec(name="Danilo Freire", role=Role.MANAGER, key="suporte"),
    ),
    StaffSpec(
        username="lgpd",
        group=LGPD_OFFICERS,
        user=UserSpec(name="Helena Quintela", role=Role.MANAGER, key="lgpd"),
    ),
    # The right to be forgotten is approved by another LGPD officer than the one asking.
    StaffSpec(
        username="lgpd2",
        group=LGPD_OFFICERS,
        user=UserSpec(name="Bruno Teles", role=Role.MANAGER, key="lgpd2"),
    ),
)


def staff_spec(username: str) -> StaffSpec:
    """The demo staff account with that username."""
    return next(staff for staff in STAFF if staff.username == username)


INTERNAL_SLUG = "alquimista-interno"

TENANTS: tuple[TenantSpec, ...] = (
    TenantSpec(
        slug=INTERNAL_SLUG,
        company_name="AlquimistaAI (interno)",
        domain="alquimista.ai",
        tier=Tenant.Tier.ENTERPRISE,
        status=Tenant.Status.ACTIVE,
        plan="enterprise",
        cycle=Cycle.YEARLY,
        subscription_status=SubscriptionStatus.ACTIVE,
        period_start_days_ago=100,
        subnucleos=("vendas-sdr",),
        users=tuple(staff.user for staff in STAFF),
        age_days=120,
        billed=False,
        fixed_id="internal",
    ),
    TenantSpec(
        slug="vida-plena",
        company_name="Clínica Vida Plena Telemedicina Ltda",
        domain="vidaplena.med.br",
        tier=Tenant.Tier.PROFESSIONAL,
        status=Tenant.Status.ACTIVE,
        plan="profissional",
        cycle=Cycle.MONTHLY,
        subscription_status=SubscriptionStatus.ACTIVE,
        period_start_days_ago=12,
        subnucleos=("saude-telemedicina", "vendas-sdr"),
        users=(
            UserSpec(name="Mariana Albuquerque", role=Role.ADMIN),
            UserSpec(name="Rafael Tavares", role=Role.MANAGER),
            UserSpec(name="Juliana Menezes", role=Role.OPERATOR),
        ),
        age_days=88,
        lead_count=12,
        campanhas=(
            CampanhaSpec(
                nome="Reativação de pacientes",
                segmento="Pacientes sem consulta há 6 meses",
                canal="whatsapp",
                status=Campanha.Status.ATIVA,
            ),
            CampanhaSpec(
                nome="Check-up empresarial",
                segmento="RH de empresas de médio porte",
                canal="email",
                status=Campanha.Status.RASCUNHO,
            ),
        ),
    ),
    TenantSpec(
        slug="saber-digital",
        company_name="Instituto Saber Digital Educação S.A.",
        domain="saberdigital.edu.br",
        # The Expert plan has no tier of its own among production's four.
        tier=Tenant.Tier.PROFESSIONAL,
        status=Tenant.Status.ACTIVE,
        plan="expert",
        cycle=Cycle.YEARLY,
        subscription_status=SubscriptionStatus.ACTIVE,
        period_start_days_ago=70,
        subnucleos=("educacao-ead", "vendas-sdr", "eventos-relacionamento"),
        dropped_subnucleos=("cobranca-financeiro",),
        users=(
            UserSpec(name="Eduardo Nascimento", role=Role.ADMIN),
            UserSpec(name="Patrícia Gonçalves", role=Role.MANAGER),
            UserSpec(name="Lucas Fernandes", role=Role.OPERATOR),
            UserSpec(name="Camila Rocha", role=Role.VIEWER, status=UserStatus.SUSPENDED),
        ),
        age_days=80,
        lead_count=12,
        campanhas=(
            CampanhaSpec(
                nome="Captação EAD 2º semestre",
                segmento="Empresas com programa de capacitação",
                canal="whatsapp",
                status=Campanha.Status.ATIVA,
            ),
            CampanhaSpec(
                nome="Webinar IA na educação corporativa",
                segmento="Gestores de T&D",
                canal="email",
                status=Campanha.Status.CONCLUIDA,
            ),
        ),
    ),
    TenantSpec(
        slug="recupera-credito",
        company_name="Recupera Crédito Cobranças Ltda",
        domain="recuperacredito.com.br",
        tier=Tenant.Tier.STARTER,
        # behind on its payments: suspended through the tenant_suspend service
        status=Tenant.Status.SUSPENDED,
        plan="starter",
        cycle=Cycle.MONTHLY,
        subscription_status=SubscriptionStatus.PAST_DUE,
        period_start_days_ago=36,
        subnucleos=("cobranca-financeiro",),
        users=(
            UserSpec(name="Sérgio Moura", role=Role.ADMIN),
            UserSpec(name="Aline Cardoso", role=Role.OPERATOR),
        ),
        age_days=75,
        lead_count=11,
        campanhas=(
            CampanhaSpec(
                nome="Régua de cobrança 30 dias",
                segmento="Inadimplentes há mais de 30 dias",
                canal="whatsapp",
                status=Campanha.Status.PAUSADA,
            ),
            CampanhaSpec(
                nome="Acordo Quita Fácil",
                segmento="Dívidas acima de R$ 5 mil",
                canal="sms",
                status=Campanha.Status.RASCUNHO,
            ),
        ),
    ),
    TenantSpec(
        slug="grupo-horizonte",
        company_name="Grupo Horizonte Facilities e Serviços S.A.",
        domain="grupohorizonte.com.br",
        tier=Tenant.Tier.ENTERPRISE,
        status=Tenant.Status.ACTIVE,
        plan="enterprise",
        cycle=Cycle.YEARLY,
        subscription_status=SubscriptionStatus.ACTIVE,
        period_start_days_ago=85,
        subnucleos=(
            "saude-telemedicina",
            "educacao-ead",
            "eventos-relacionamento",
            "vendas-sdr",
            "cobranca-financeiro",
            "servicos-field",
            "organizacoes-juridico",
        ),
        retired_agents=("avaliacao-automatica",),
        users=(
            UserSpec(name="Fernanda Lima", role=Role.ADMIN),
            UserSpec(name="Gustavo Pereira", role=Role.MANAGER),
            UserSpec(name="Renata Souza", role=Role.OPERATOR),
            # invited, never signed up
            UserSpec(
                name="Thiago Barbosa",
                role=Role.VIEWER,
                status=UserStatus.INACTIVE,
                signed_up=False,
            ),
        ),
        age_days=90,
        lead_count=12,
        campanhas=(
            CampanhaSpec(
                nome="Manutenção preventiva em condomínios",
                segmento="Síndicos e administradoras",
                canal="whatsapp",
                status=Campanha.Status.ATIVA,
            ),
            CampanhaSpec(
                nome="Facilities para indústrias",
                segmento="Indústrias com mais de 200 funcionários",
                canal="email",
                status=Campanha.Status.PAUSADA,
            ),
        ),
    ),
    TenantSpec(
        slug="prado-ribeiro",
        company_name="Prado & Ribeiro Sociedade de Advogados",
        domain="pradoribeiro.adv.br",
        tier=Tenant.Tier.FREE,
        status=Tenant.Status.ACTIVE,
        plan="profissional",
        cycle=Cycle.MONTHLY,
        subscription_status=SubscriptionStatus.TRIALING,
        period_start_days_ago=4,
        subnucleos=("organizacoes-juridico",),
        users=(
            UserSpec(name="Beatriz Prado", role=Role.ADMIN),
            UserSpec(name="Henrique Ribeiro", role=Role.MANAGER),
            UserSpec(name="Larissa Campos", role=Role.OPERATOR),
        ),
        age_days=5,
        lead_count=10,
        campanhas=(
            CampanhaSpec(
                nome="LGPD para PMEs",
                segmento="Pequenas e médias empresas",
                canal="email",
                status=Campanha.Status.ATIVA,
            ),
            CampanhaSpec(
                nome="Consultoria trabalhista",
                segmento="Empresas com mais de 50 funcionários",
                canal="whatsapp",
                status=Campanha.Status.RASCUNHO,
            ),
        ),
    ),
    TenantSpec(
        slug="sabor-da-serra",
        company_name="Restaurante Sabor da Serra Ltda",
        domain="sabordaserra.com.br",
        tier=Tenant.Tier.STARTER,
        status=Tenant.Status.CANCELLED,
        plan="starter",
        cycle=Cycle.MONTHLY,
        subscription_status=SubscriptionStatus.CANCELLED,
        period_start_days_ago=40,
        subnucleos=(),
        dropped_subnucleos=("eventos-relacionamento",),
        users=(UserSpec(name="Otávio Brandão", role=Role.ADMIN, status=UserStatus.INACTIVE),),
        age_days=86,
        lead_count=4,
    ),
)


def tenant_spec(slug: str) -> TenantSpec:
    """The demo tenant with that slug."""
    return next(spec for spec in TENANTS if spec.slug == slug)


@dataclass(frozen=True)
class DecisionSpec:
    decision: ApprovalDecision.Decision
    comment: str


APPROVE = ApprovalDecision.Decision.APPROVE
REJECT = ApprovalDecision.Decision.REJECT
Status = ApprovalRequest.Status


@dataclass(frozen=True)
class ApprovalSpec:
    tenant: str
    key: str
    status: ApprovalRequest.Status
    action_type: str
    resource_type: str
    title: str
    details: dict[str, Any]
    hours_ago: float
    expires_in_hours: float
    required: int = 1
    decisions: tuple[DecisionSpec, ...] = ()
    resource: str | None = None  # key of the row it is about, by resource_type


APPROVALS: tuple[ApprovalSpec, ...] = (
    ApprovalSpec(
        tenant="vida-plena",
        key="campanha-checkup",
        status=Status.PENDING,
        action_type="campanha.ativar",
        resource_type="campanha",
        title="Ativar campanha Check-up empresarial",
        details={"canal": "email", "leads_alvo": 340},
        hours_ago=20,
        expires_in_hours=72,
        resource="1",
    ),
    ApprovalSpec(
        tenant="vida-plena",
        key="exportar-leads",
        status=Status.APPROVED,
        action_type="lead.exportar",
        resource_type="export",
        title="Exportar leads qualificados",
        details={"formato": "csv", "quantidade": 58},
        hours_ago=24 * 30,
        expires_in_hours=72,
        decisions=(DecisionSpec(decision=APPROVE, comment="Liberado para a reunião de pipeline."),),
    ),
    ApprovalSpec(
        tenant="saber-digital",
        key="disparo-em-massa",
        status=Status.PENDING,
        action_type="campanha.disparo_em_massa",
        resource_type="campanha",
        title="Disparo em massa Captação EAD",
        details={"canal": "whatsapp", "leads_alvo": 1200},
        hours_ago=10,
        expires_in_hours=48,
        required=2,
        decisions=(DecisionSpec(decision=APPROVE, comment="Ok da coordenação."),),
        resource="0",
    ),
    ApprovalSpec(
        tenant="saber-digital",
        key="esquecimento",
        status=Status.APPROVED,
        action_type="lgpd.direito_esquecimento",
        resource_type="lead",
        title="Anonimizar lead a pedido do titular",
        details={"solicitante": "titular, por e-mail", "prazo_legal_dias": 15},
        hours_ago=24 * 7,
        expires_in_hours=72,
        required=2,
        decisions=(
            DecisionSpec(decision=APPROVE, comment="Pedido do titular confirmado."),
            DecisionSpec(decision=APPROVE, comment="De acordo."),
        ),
        resource="esquecimento",
    ),
    ApprovalSpec(
        tenant="saber-digital",
        key="reativar-cobranca",
        status=Status.REJECTED,
        action_type="subnucleo.ativar",
        resource_type="subnucleo",
        title="Reativar SubNúcleo Cobrança e Financeiro",
        details={"subnucleo": "cobranca-financeiro"},
        hours_ago=24 * 15,
        expires_in_hours=72,
        decisions=(DecisionSpec(decision=REJECT, comment="Sem orçamento neste semestre."),),
        resource="cobranca-financeiro",
    ),
    ApprovalSpec(
        tenant="saber-digital",
        key="exportar-base",
        status=Status.EXPIRED,
        action_type="lead.exportar",
        resource_type="export",
        title="Exportar base completa de alunos",
        details={"formato": "xlsx", "quantidade": 4200},
        hours_ago=24 * 20,
        expires_in_hours=72,
    ),
    ApprovalSpec(
        tenant="recupera-credito",
        key="regua-cobranca",
        status=Status.CANCELLED,
        action_type="campanha.ativar",
        resource_type="campanha",
        title="Retomar régua de cobrança 30 dias",
        details={"canal": "whatsapp"},
        hours_ago=24 * 9,
        expires_in_hours=72,
        resource="0",
    ),
    ApprovalSpec(
        tenant="grupo-horizonte",
        key="facilities-industria",
        status=Status.REJECTED,
        action_type="campanha.ativar",
        resource_type="campanha",
        title="Ativar campanha Facilities para indústrias",
        details={"canal": "email", "leads_alvo": 800},
        hours_ago=24 * 25,
        expires_in_hours=72,
        required=2,
        decisions=(
            DecisionSpec(decision=APPROVE, comment="Texto aprovado."),
            DecisionSpec(decision=REJECT, comment="Lista sem consentimento."),
        ),
        resource="1",
    ),
    ApprovalSpec(
        tenant="grupo-horizonte",
        key="exportar-contratos",
        status=Status.APPROVED,
        action_type="lead.exportar",
        resource_type="export",
        title="Exportar contratos ativos para auditoria",
        details={"formato": "pdf"},
        hours_ago=24 * 40,
        expires_in_hours=72,
        required=2,
        decisions=(
            DecisionSpec(decision=APPROVE, comment="Ok."),
            DecisionSpec(decision=APPROVE, comment="Aprovado pela diretoria."),
        ),
    ),
    ApprovalSpec(
        tenant="grupo-horizonte",
        key="desativar-agente",
        status=Status.PENDING,
        action_type="agent.deactivate",
        resource_type="agent",
        title="Desativar agente Relacionamento em Datas Especiais",
        details={"agente": "relacionamento-datas"},
        hours_ago=2,
        expires_in_hours=8,
        resource="relacionamento-datas",
    ),
    ApprovalSpec(
        tenant="grupo-horizonte",
        key="ampliar-limite",
        status=Status.EXPIRED,
        action_type="agent.config",
        resource_type="agent",
        title="Ampliar limite diário do Disparo WhatsApp",
        details={"agente": "disparo-whatsapp", "limite_diario": 2000},
        hours_ago=24 * 12,
        expires_in_hours=48,
        required=2,
        decisions=(DecisionSpec(decision=APPROVE, comment="Pode ampliar."),),
        resource="disparo-whatsapp",
    ),
    ApprovalSpec(
        tenant="prado-ribeiro",
        key="assinar-plano",
        status=Status.PENDING,
        action_type="subscription.upgrade",
        resource_type="subscription",
        title="Contratar o plano Profissional após o teste",
        details={"plano": "profissional", "valor_mensal": 697.0},
        hours_ago=30,
        expires_in_hours=24 * 5,
        resource="assinatura",
    ),
    ApprovalSpec(
        tenant="prado-ribeiro",
        key="importar-clientes",
        status=Status.CANCELLED,
        action_type="lead.importar",
        resource_type="import",
        title="Importar planilha de clientes antigos",
        details={"linhas": 950},
        hours_ago=50,
        expires_in_hours=72,
    ),
)


@dataclass(frozen=True)
class TrialSpec:
    key: str
    tenant: str
    role: PlatformUser.Role  # the tenant's first user with this role runs the trial
    target_type: Trial.TargetType
    target: str
    status: Trial.Status
    started_days_ago: float
    length_days: int
    usage_count: int
    max_usage: int


TRIALS: tuple[TrialSpec, ...] = (
    TrialSpec(
        key="prado-juridico",
        tenant="prado-ribeiro",
        role=Role.ADMIN,
        target_type=Trial.TargetType.SUBNUCLEO,
        target="organizacoes-juridico",
        status=Trial.Status.ACTIVE,
        started_days_ago=4,
        length_days=14,
        usage_count=2,
        max_usage=50,
    ),
    TrialSpec(
        key="recupera-qualificacao",
        tenant="recupera-credito",
        role=Role.ADMIN,
        target_type=Trial.TargetType.AGENT,
        target="qualificacao-leads",
        status=Trial.Status.ACTIVE,
        started_days_ago=2,
        length_days=7,
        usage_count=3,
        max_usage=5,
    ),
    TrialSpec(
        key="vida-cobranca",
        tenant="vida-plena",
        role=Role.MANAGER,
        target_type=Trial.TargetType.AGENT,
        target="cobranca-amigavel",
        status=Trial.Status.EXPIRED,
        started_days_ago=30,
        length_days=7,
        usage_count=5,
        max_usage=5,
    ),
    TrialSpec(
        key="vida-eventos",
        tenant="vida-plena",
        role=Role.ADMIN,
        target_type=Trial.TargetType.SUBNUCLEO,
        target="eventos-relacionamento",
        status=Trial.Status.EXPIRED,
        started_days_ago=45,
        length_days=14,
        usage_count=1,
        max_usage=20,
    ),
    TrialSpec(
        key="saber-conciliacao",
        tenant="saber-digital",
        role=Role.ADMIN,
        target_type=Trial.TargetType.AGENT,
        target="conciliacao-pagamentos",
        status=Trial.Status.COMPLETED,
        started_days_ago=50,
        length_days=7,
        usage_count=4,
        max_usage=5,
    ),
)

RequestStatus = CommercialRequest.Status


@dataclass(frozen=True)
class CommercialRequestSpec:
    key: str
    company: str
    contact: str
    message: str
    status: CommercialRequest.Status
    days_ago: float
    tenant: str | None = None  # a customer asking for more; None: a prospect
    subnucleos: tuple[str, ...] = ()
    agents: tuple[str, ...] = field(default=())


COMMERCIAL_REQUESTS: tuple[CommercialRequestSpec, ...] = (
    CommercialRequestSpec(
        key="hospital-sao-lucas",
        company="Hospital São Lucas do Cerrado",
        contact="Cláudia Mendonça",
        subnucleos=("saude-telemedicina",),
        agents=("agendamento-consultas", "triagem-sintomas"),
        message="Temos 3 unidades e queremos agendamento pelo WhatsApp.",
        status=RequestStatus.PENDING,
        days_ago=2,
    ),
    CommercialRequestSpec(
        key="faculdade-vale",
        company="Faculdade Integrada do Vale",
        contact="Marcos Vieira",
        subnucleos=("educacao-ead", "vendas-sdr"),
        message="Interesse no plano Expert para captação de alunos.",
        status=RequestStatus.CONTACTED,
        days_ago=12,
    ),
    CommercialRequestSpec(
        key="rota-certa",
        company="Logística Rota Certa Ltda",
        contact="Paula Antunes",
        subnucleos=("servicos-field",),
        agents=("roteirizacao-tecnicos",),
        message="Precisamos roteirizar 40 técnicos por dia.",
        status=RequestStatus.PROPOSAL_SENT,
        days_ago=6,
    ),
    CommercialRequestSpec(
        key="vida-plena-upgrade",
        tenant="vida-plena",
        company="Clínica Vida Plena Telemedicina Ltda",
        contact="Mariana Albuquerque",
        subnucleos=("saude-telemedicina", "vendas-sdr", "eventos-relacionamento"),
        message="Queremos migrar para o Expert e incluir eventos.",
        status=RequestStatus.CLOSED,
        days_ago=25,
    ),
    CommercialRequestSpec(
        key="auto-pecas-irmaos",
        company="Auto Peças Irmãos Tavares ME",
        contact="Jorge Tavares",
        subnucleos=("vendas-sdr",),
        message="Só queria saber o preço; por enquanto não vamos contratar.",
        status=RequestStatus.CANCELLED,
        days_ago=40,
    ),
)
