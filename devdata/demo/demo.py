"""Demo data: five tenants and the rows their users, leads, agents and the Lambdas leave.

Every row has a fixed id (uuid5 of a stable name) and is upserted, so running the loader
again refreshes the rows (times follow now) without adding any.
"""

import random
import re
import unicodedata
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import models, transaction
from django.utils import timezone

from billing.models import (
    CommercialRequest,
    LegacySubscription,
    PaymentEvent,
    SubscriptionPlan,
    TenantAgent,
    TenantSubnucleo,
    TenantSubscription,
    TenantSubscriptionSummary,
    Trial,
)
from billing.reference import Reference, load_reference_data
from core.brazil import random_cnpj, random_mobile
from core.models import platform_models, upsert
from fibonacci.models import Event, Metric, Trace
from nigredo.models import (
    Agendamento,
    BlocklistEntry,
    Campanha,
    FormSubmission,
    Interacao,
    Lead,
    MetricaDiaria,
    RateLimit,
    WebhookLog,
)
from platform_app.models import (
    AgentActivation,
    ApprovalDecision,
    ApprovalRequest,
    AuditLog,
    Notification,
    Permission,
    PlatformUser,
    Tenant,
)

NAMESPACE = uuid.UUID("0d5c3f4e-8a57-4b1e-9a3c-6e2f7b1d9c20")


def demo_id(*parts: object) -> uuid.UUID:
    """The fixed id of a demo row, from its stable name."""
    return uuid.uuid5(NAMESPACE, ":".join(str(part) for part in parts))


UNSUBSCRIBED_LEAD_ID = demo_id("lead", "descadastro")
FORGOTTEN_LEAD_ID = demo_id("lead", "direito-esquecimento")
ORPHAN_LEAD_ID = demo_id("lead", "tenant-removido")
DELETED_TENANT_ID = demo_id("tenant", "construtora-alicerce")


@dataclass(frozen=True)
class TenantSpec:
    slug: str
    company_name: str
    domain: str
    tier: str
    tenant_status: str
    plan: str
    cycle: str
    subscription_status: str
    period_start_days_ago: int
    subnucleos: tuple[str, ...]
    users: tuple[tuple[str, str], ...]
    age_days: int
    lead_count: int
    dropped_subnucleos: tuple[str, ...] = ()


TENANTS: tuple[TenantSpec, ...] = (
    TenantSpec(
        slug="vida-plena",
        company_name="Clínica Vida Plena Telemedicina Ltda",
        domain="vidaplena.med.br",
        tier="profissional",
        tenant_status="active",
        plan="profissional",
        cycle="monthly",
        subscription_status="active",
        period_start_days_ago=12,
        subnucleos=("saude-telemedicina", "vendas-sdr"),
        users=(
            ("Mariana Albuquerque", "admin"),
            ("Rafael Tavares", "approver"),
            ("Juliana Menezes", "operator"),
        ),
        age_days=88,
        lead_count=12,
    ),
    TenantSpec(
        slug="saber-digital",
        company_name="Instituto Saber Digital Educação S.A.",
        domain="saberdigital.edu.br",
        tier="expert",
        tenant_status="active",
        plan="expert",
        cycle="yearly",
        subscription_status="active",
        period_start_days_ago=70,
        subnucleos=("educacao-ead", "vendas-sdr", "eventos-relacionamento"),
        dropped_subnucleos=("cobranca-financeiro",),
        users=(
            ("Eduardo Nascimento", "admin"),
            ("Patrícia Gonçalves", "approver"),
            ("Lucas Fernandes", "operator"),
            ("Camila Rocha", "viewer"),
        ),
        age_days=80,
        lead_count=12,
    ),
    TenantSpec(
        slug="recupera-credito",
        company_name="Recupera Crédito Cobranças Ltda",
        domain="recuperacredito.com.br",
        tier="starter",
        tenant_status="past_due",
        plan="starter",
        cycle="monthly",
        subscription_status="past_due",
        period_start_days_ago=36,
        subnucleos=("cobranca-financeiro",),
        users=(("Sérgio Moura", "admin"), ("Aline Cardoso", "operator")),
        age_days=75,
        lead_count=11,
    ),
    TenantSpec(
        slug="grupo-horizonte",
        company_name="Grupo Horizonte Facilities e Serviços S.A.",
        domain="grupohorizonte.com.br",
        tier="enterprise",
        tenant_status="active",
        plan="enterprise",
        cycle="yearly",
        subscription_status="active",
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
        users=(
            ("Fernanda Lima", "admin"),
            ("Gustavo Pereira", "approver"),
            ("Renata Souza", "operator"),
            ("Thiago Barbosa", "viewer"),
        ),
        age_days=90,
        lead_count=12,
    ),
    TenantSpec(
        slug="prado-ribeiro",
        company_name="Prado & Ribeiro Sociedade de Advogados",
        domain="pradoribeiro.adv.br",
        tier="free",
        tenant_status="trial",
        plan="profissional",
        cycle="monthly",
        subscription_status="trialing",
        period_start_days_ago=4,
        subnucleos=("organizacoes-juridico",),
        users=(
            ("Beatriz Prado", "admin"),
            ("Henrique Ribeiro", "approver"),
            ("Larissa Campos", "operator"),
        ),
        age_days=5,
        lead_count=10,
    ),
)

# (prefix of the company name, setor, CNAE of the main activity)
SEGMENTS: tuple[tuple[str, str, str], ...] = (
    (
        "Farmácia",
        "Varejo farmacêutico",
        "47.71-7-01 - Comércio varejista de produtos farmacêuticos",
    ),
    ("Auto Peças", "Autopeças", "45.30-7-03 - Comércio a varejo de peças para veículos"),
    ("Transportadora", "Logística", "49.30-2-02 - Transporte rodoviário de carga intermunicipal"),
    ("Construtora", "Construção civil", "41.20-4-00 - Construção de edifícios"),
    ("Clínica Odontológica", "Saúde", "86.30-5-04 - Atividade odontológica"),
    ("Escola de Idiomas", "Educação", "85.93-7-00 - Ensino de idiomas"),
    ("Academia", "Fitness", "93.13-1-00 - Atividades de condicionamento físico"),
    ("Imobiliária", "Imobiliário", "68.21-8-01 - Corretagem na compra e venda de imóveis"),
    ("Contabilidade", "Serviços contábeis", "69.20-6-01 - Atividades de contabilidade"),
    ("Distribuidora", "Atacado", "46.39-7-01 - Comércio atacadista de produtos alimentícios"),
    ("Restaurante", "Alimentação", "56.11-2-01 - Restaurantes e similares"),
    ("Laboratório", "Saúde", "86.40-2-02 - Laboratórios clínicos"),
    ("Hotel", "Hotelaria", "55.10-8-01 - Hotéis"),
    ("Metalúrgica", "Indústria", "25.99-3-99 - Fabricação de outros produtos de metal"),
    ("Agência de Viagens", "Turismo", "79.11-2-00 - Agências de viagens"),
    ("Pet Shop", "Varejo pet", "47.89-0-04 - Comércio varejista de artigos para animais"),
    ("Gráfica", "Gráfica", "18.13-0-01 - Impressão de material para uso publicitário"),
)
COMPANY_NAMES = (
    "São Jorge",
    "Boa Vista",
    "Estrela do Sul",
    "Nova Era",
    "Primavera",
    "Santa Clara",
    "Aliança",
    "Horizonte Azul",
    "Ipê Amarelo",
    "Bandeirantes",
    "Serra Verde",
    "Pioneira",
    "Sol Nascente",
    "Três Rios",
    "Monte Sião",
    "Bela Vista",
)
FIRST_NAMES = (
    "Ana",
    "Bruno",
    "Carla",
    "Diego",
    "Elaine",
    "Fábio",
    "Gabriela",
    "Hugo",
    "Isabela",
    "João",
    "Karina",
    "Leonardo",
    "Márcia",
    "Nelson",
    "Priscila",
    "Rodrigo",
    "Simone",
    "Vinícius",
    "Tatiane",
    "Otávio",
)
LAST_NAMES = (
    "Silva",
    "Santos",
    "Oliveira",
    "Souza",
    "Costa",
    "Almeida",
    "Ferreira",
    "Ribeiro",
    "Carvalho",
    "Araújo",
    "Martins",
    "Teixeira",
    "Mendes",
    "Barros",
    "Freitas",
    "Castro",
)
CITIES = (
    ("São Paulo", "SP"),
    ("Rio de Janeiro", "RJ"),
    ("Belo Horizonte", "MG"),
    ("Curitiba", "PR"),
    ("Porto Alegre", "RS"),
    ("Brasília", "DF"),
    ("Salvador", "BA"),
    ("Recife", "PE"),
    ("Fortaleza", "CE"),
    ("Goiânia", "GO"),
    ("Florianópolis", "SC"),
    ("Campinas", "SP"),
)
FORM_MESSAGES = (
    "Gostaria de entender como os agentes de WhatsApp podem atender meus clientes à noite.",
    "Temos uma equipe comercial de 5 pessoas e perdemos muitos leads. Vocês integram com o RD?",
    "Quero uma demonstração do agendamento automático para a nossa unidade.",
    "Qual o prazo de implantação e se há fidelidade no plano Profissional?",
    "Preciso automatizar a cobrança de mensalidades. Como funciona o teste grátis?",
)
UTM = (
    ("google", "cpc", "busca-agentes-ia"),
    ("instagram", "social", "reels-atendimento-24h"),
    ("linkedin", "social", "webinar-vendas-b2b"),
    ("facebook", "cpc", "remarketing-demo"),
    ("newsletter", "email", "novidades-fibonacci"),
)
USER_AGENTS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/125.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Safari/605.1.15",
)
OPENERS = (
    "Olá, {contato}! Aqui é da {tenant}. Vi que a {empresa} atua com {setor} e queria mostrar "
    "como nossos agentes de IA respondem clientes pelo WhatsApp em segundos. Posso enviar um "
    "vídeo de 2 minutos?",
    "Bom dia, {contato}, tudo bem? Ajudamos empresas de {setor} a não perder nenhum contato "
    "fora do horário comercial. Faz sentido conversarmos 15 minutos esta semana?",
    "{contato}, boa tarde! Recebemos seu contato pelo site e separei casos de clientes "
    "parecidos com a {empresa}. Prefere falar por aqui ou por telefone?",
)
REPLIES = {
    "positivo": (
        "Oi! Tenho interesse sim, pode mandar mais detalhes.",
        "Legal, estamos justamente procurando algo assim. Quanto custa?",
        "Pode ser, me chama na quinta depois das 14h.",
    ),
    "neutro": (
        "Agora estou sem tempo, me procura semana que vem.",
        "Quem cuida disso aqui é o financeiro, vou repassar.",
        "Recebi, vou dar uma olhada e te retorno.",
    ),
    "negativo": (
        "No momento não temos interesse, obrigado.",
        "Já usamos outra ferramenta e estamos satisfeitos.",
    ),
}
FOLLOW_UPS = (
    "Passando para saber se conseguiu ver o material que enviei. Posso ajudar em algo?",
    "{contato}, consegui uma condição especial para este mês. Quer que eu explique?",
)
SCHEDULING = "Perfeito! Tenho horários na quinta às 10h ou às 15h. Qual fica melhor para você?"
LEAD_STATUSES = ("novo", "qualificado", "em_contato", "agendado")
TRACE_ERRORS = (
    "WhatsApp Cloud API respondeu 429: limite de mensagens por segundo excedido",
    "Tempo esgotado (10s) ao chamar o provedor de e-mail",
    "Número sem WhatsApp: contato não pode receber mensagens",
)


def approval_id(tenant: str, key: str) -> str:
    """The 'approval-<uuid>' id the Lambdas give an approval request."""
    return f"approval-{demo_id('approval', tenant, key)}"


@dataclass(frozen=True)
class ApprovalSpec:
    tenant: str
    key: str
    status: str
    required: int
    action_type: str
    resource_type: str
    title: str
    details: dict[str, Any]
    hours_ago: float
    expires_in_hours: float
    decisions: tuple[tuple[str, str], ...] = ()
    resource: str | None = None


APPROVALS: tuple[ApprovalSpec, ...] = (
    ApprovalSpec(
        "vida-plena",
        "campanha-checkup",
        "pending",
        1,
        "campanha.ativar",
        "campanha",
        "Ativar campanha Check-up empresarial",
        {"canal": "email", "leads_alvo": 340},
        20,
        72,
        resource="1",
    ),
    ApprovalSpec(
        "vida-plena",
        "exportar-leads",
        "approved",
        1,
        "lead.exportar",
        "export",
        "Exportar leads qualificados",
        {"formato": "csv", "quantidade": 58},
        24 * 30,
        72,
        (("approve", "Liberado para a reunião de pipeline."),),
    ),
    ApprovalSpec(
        "saber-digital",
        "disparo-em-massa",
        "pending",
        2,
        "campanha.disparo_em_massa",
        "campanha",
        "Disparo em massa Captação EAD",
        {"canal": "whatsapp", "leads_alvo": 1200},
        10,
        48,
        (("approve", "Ok da coordenação."),),
        "0",
    ),
    ApprovalSpec(
        "saber-digital",
        "esquecimento",
        "approved",
        2,
        "lgpd.direito_esquecimento",
        "lead",
        "Anonimizar lead a pedido do titular",
        {"solicitante": "titular, por e-mail", "prazo_legal_dias": 15},
        24 * 7,
        72,
        (("approve", "Pedido do titular confirmado."), ("approve", "De acordo.")),
        "esquecimento",
    ),
    ApprovalSpec(
        "saber-digital",
        "reativar-cobranca",
        "rejected",
        1,
        "subnucleo.ativar",
        "subnucleo",
        "Reativar SubNúcleo Cobrança e Financeiro",
        {"subnucleo": "cobranca-financeiro"},
        24 * 15,
        72,
        (("reject", "Sem orçamento neste semestre."),),
        "cobranca-financeiro",
    ),
    ApprovalSpec(
        "saber-digital",
        "exportar-base",
        "expired",
        1,
        "lead.exportar",
        "export",
        "Exportar base completa de alunos",
        {"formato": "xlsx", "quantidade": 4200},
        24 * 20,
        72,
    ),
    ApprovalSpec(
        "recupera-credito",
        "regua-cobranca",
        "cancelled",
        1,
        "campanha.ativar",
        "campanha",
        "Retomar régua de cobrança 30 dias",
        {"canal": "whatsapp"},
        24 * 9,
        72,
        resource="0",
    ),
    ApprovalSpec(
        "grupo-horizonte",
        "facilities-industria",
        "rejected",
        2,
        "campanha.ativar",
        "campanha",
        "Ativar campanha Facilities para indústrias",
        {"canal": "email", "leads_alvo": 800},
        24 * 25,
        72,
        (("approve", "Texto aprovado."), ("reject", "Lista sem consentimento.")),
        "1",
    ),
    ApprovalSpec(
        "grupo-horizonte",
        "exportar-contratos",
        "approved",
        2,
        "lead.exportar",
        "export",
        "Exportar contratos ativos para auditoria",
        {"formato": "pdf"},
        24 * 40,
        72,
        (("approve", "Ok."), ("approve", "Aprovado pela diretoria.")),
    ),
    ApprovalSpec(
        "grupo-horizonte",
        "desativar-agente",
        "pending",
        1,
        "agent.deactivate",
        "agent",
        "Desativar agente Relacionamento em Datas Especiais",
        {"agente": "relacionamento-datas"},
        2,
        8,
        resource="relacionamento-datas",
    ),
    ApprovalSpec(
        "grupo-horizonte",
        "ampliar-limite",
        "expired",
        2,
        "agent.config",
        "agent",
        "Ampliar limite diário do Disparo WhatsApp",
        {"agente": "disparo-whatsapp", "limite_diario": 2000},
        24 * 12,
        48,
        (("approve", "Pode ampliar."),),
        "disparo-whatsapp",
    ),
    ApprovalSpec(
        "prado-ribeiro",
        "assinar-plano",
        "pending",
        1,
        "subscription.upgrade",
        "subscription",
        "Contratar o plano Profissional após o teste",
        {"plano": "profissional", "valor_mensal": 697.0},
        30,
        24 * 5,
        resource="assinatura",
    ),
    ApprovalSpec(
        "prado-ribeiro",
        "importar-clientes",
        "cancelled",
        1,
        "lead.importar",
        "import",
        "Importar planilha de clientes antigos",
        {"linhas": 950},
        50,
        72,
    ),
)

CAMPANHAS: dict[str, tuple[tuple[str, str, str, str], ...]] = {
    "vida-plena": (
        ("Reativação de pacientes", "Pacientes sem consulta há 6 meses", "whatsapp", "ativa"),
        ("Check-up empresarial", "RH de empresas de médio porte", "email", "rascunho"),
    ),
    "saber-digital": (
        ("Captação EAD 2º semestre", "Empresas com programa de capacitação", "whatsapp", "ativa"),
        ("Webinar IA na educação corporativa", "Gestores de T&D", "email", "concluida"),
    ),
    "recupera-credito": (
        ("Régua de cobrança 30 dias", "Inadimplentes há mais de 30 dias", "whatsapp", "pausada"),
        ("Acordo Quita Fácil", "Dívidas acima de R$ 5 mil", "sms", "rascunho"),
    ),
    "grupo-horizonte": (
        ("Manutenção preventiva em condomínios", "Síndicos e administradoras", "whatsapp", "ativa"),
        (
            "Facilities para indústrias",
            "Indústrias com mais de 200 funcionários",
            "email",
            "pausada",
        ),
    ),
    "prado-ribeiro": (
        ("LGPD para PMEs", "Pequenas e médias empresas", "email", "ativa"),
        ("Consultoria trabalhista", "Empresas com mais de 50 funcionários", "whatsapp", "rascunho"),
    ),
}


class TrialSpec(NamedTuple):
    key: str
    tenant: str
    role: str
    target_type: str
    target: str
    status: str
    started_days_ago: float
    length_days: int
    usage_count: int
    max_usage: int


TRIALS: tuple[TrialSpec, ...] = (
    TrialSpec(
        "prado-juridico",
        "prado-ribeiro",
        "admin",
        "subnucleo",
        "organizacoes-juridico",
        "active",
        4,
        14,
        2,
        50,
    ),
    TrialSpec(
        "recupera-qualificacao",
        "recupera-credito",
        "admin",
        "agent",
        "qualificacao-leads",
        "active",
        2,
        7,
        3,
        5,
    ),
    TrialSpec(
        "vida-cobranca",
        "vida-plena",
        "approver",
        "agent",
        "cobranca-amigavel",
        "expired",
        30,
        7,
        5,
        5,
    ),
    TrialSpec(
        "vida-eventos",
        "vida-plena",
        "admin",
        "subnucleo",
        "eventos-relacionamento",
        "expired",
        45,
        14,
        1,
        20,
    ),
    TrialSpec(
        "saber-conciliacao",
        "saber-digital",
        "admin",
        "agent",
        "conciliacao-pagamentos",
        "completed",
        50,
        7,
        4,
        5,
    ),
)


class CommercialRequestSpec(NamedTuple):
    key: str
    tenant: str | None
    company: str
    contact: str
    subnucleos: tuple[str, ...]
    agents: tuple[str, ...]
    message: str
    status: str
    days_ago: float


COMMERCIAL_REQUESTS: tuple[CommercialRequestSpec, ...] = (
    CommercialRequestSpec(
        "hospital-sao-lucas",
        None,
        "Hospital São Lucas do Cerrado",
        "Cláudia Mendonça",
        ("saude-telemedicina",),
        ("agendamento-consultas", "triagem-sintomas"),
        "Temos 3 unidades e queremos agendamento pelo WhatsApp.",
        "pending",
        2,
    ),
    CommercialRequestSpec(
        "faculdade-vale",
        None,
        "Faculdade Integrada do Vale",
        "Marcos Vieira",
        ("educacao-ead", "vendas-sdr"),
        (),
        "Interesse no plano Expert para captação de alunos.",
        "contacted",
        12,
    ),
    CommercialRequestSpec(
        "rota-certa",
        None,
        "Logística Rota Certa Ltda",
        "Paula Antunes",
        ("servicos-field",),
        ("roteirizacao-tecnicos",),
        "Precisamos roteirizar 40 técnicos por dia.",
        "pending",
        0.5,
    ),
    CommercialRequestSpec(
        "vida-plena-upgrade",
        "vida-plena",
        "Clínica Vida Plena Telemedicina Ltda",
        "Mariana Albuquerque",
        ("saude-telemedicina", "vendas-sdr", "eventos-relacionamento"),
        (),
        "Queremos migrar para o Expert e incluir eventos.",
        "converted",
        25,
    ),
)

# (HTTP status, response body, error) of each delivery attempt of a lead webhook
WEBHOOK_OUTCOMES: dict[str, list[tuple[int | None, str | None, str | None]]] = {
    "entregue": [(200, '{"ok": true}', None)],
    "reenviado": [(500, "Internal Server Error", "HTTP 500"), (200, '{"ok": true}', None)],
    "falhou": [(None, None, "Tempo esgotado após 10s")] * 3,
}
SPECIAL_LEADS: dict[uuid.UUID, tuple[str, str, str, float]] = {
    UNSUBSCRIBED_LEAD_ID: ("Ótica Visão Clara Ltda", "Varejo óptico", "descadastrado", 12),
    ORPHAN_LEAD_ID: ("Madeireira Pinheiro Alto Ltda", "Madeira e construção", "qualificado", 70),
}
ANONYMISED_COLUMNS = (
    "cnpj",
    "setor",
    "porte",
    "atividade_principal",
    "contato",
    "telefone",
    "name",
    "phone",
    "company",
    "message",
    "ip_address",
    "user_agent",
    "consent_ip_address",
)
RATE_LIMITED_IPS = ("177.92.14.33", "189.6.201.17", "200.150.33.9", "2804:14c:5b8f:8a0d::1")


@dataclass(frozen=True)
class UserRow:
    id: uuid.UUID
    tenant: str
    full_name: str
    role: str
    email: str


@dataclass(frozen=True)
class LeadRow:
    id: uuid.UUID
    tenant: TenantSpec | None
    empresa: str
    contato: str
    setor: str
    email: str | None
    telefone: str | None
    status: str
    created_at: datetime
    from_form: bool
    ip_address: str | None = None


def ascii_slug(text: str) -> str:
    """The lower-case ASCII letters and digits of text, for e-mail addresses and domains."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(re.findall(r"[a-z0-9]+", plain.lower()))


def load_demo_data(now: datetime | None = None) -> Counter[str]:
    """Write the reference and demo rows in one transaction; return the rows inserted per table."""
    with transaction.atomic():
        writer = DemoWriter(load_reference_data(), now or timezone.now())
        writer.write()
    return writer.inserted


def table_name(model: type[models.Model]) -> str:
    """schema.table of a platform model."""
    return model._meta.db_table.replace('"."', ".")


def platform_tables() -> list[type[models.Model]]:
    """The models of the platform's tables, leaving out its view."""
    return [model for model in platform_models() if model is not TenantSubscriptionSummary]


def table_counts() -> dict[str, int]:
    """The number of rows in each platform table."""
    return {table_name(model): model.objects.count() for model in platform_tables()}


class DemoWriter:
    """Writes the demo rows, table after table, keeping what later tables refer to."""

    def __init__(self, reference: Reference, now: datetime) -> None:
        self.ref = reference
        self.now = now.astimezone(UTC)
        self.rng = random.Random("alquimista-demo")
        self.inserted: Counter[str] = Counter()
        self.users: dict[str, list[UserRow]] = {}
        self.tenant_agents: dict[str, list[str]] = {}
        self.leads: list[LeadRow] = []
        self.campanhas: dict[str, list[uuid.UUID]] = {}
        self.last_contact: dict[uuid.UUID, datetime] = {}

    def write(self) -> None:
        """Write every demo table."""
        for spec in TENANTS:
            self.write_tenant(spec)
            self.write_subscription(spec)
            self.write_catalogue(spec)
            self.write_campanhas(spec)
            self.write_permissions(spec)
        self.write_billing_extras()
        self.write_leads()
        for lead in self.leads:
            self.write_lead_activity(lead)
        self.write_lgpd()
        self.write_form_traffic()
        self.write_daily_metrics()
        self.write_approvals()
        self.write_platform_audit()
        self.write_notifications()

    def put(self, model: type[models.Model], pk: Any, **values: Any) -> Any:
        """Upsert the row with primary key pk; return pk."""
        kept = ("duration_ms",) if model is Trace else ()
        if upsert(model, {"pk": pk}, values, database_kept=kept):
            self.inserted[table_name(model)] += 1
        return pk

    def put_by(self, model: type[models.Model], lookup: dict[str, Any], **values: Any) -> None:
        """Upsert a row without a fixed id (serial keys) through its natural key."""
        if upsert(model, lookup, values):
            self.inserted[table_name(model)] += 1

    def ago(self, days: float = 0, hours: float = 0, minutes: float = 0) -> datetime:
        """A moment before now."""
        return self.now - timedelta(days=days, hours=hours, minutes=minutes)

    def after(self, start: datetime, hours: float) -> datetime:
        """hours after start, but never later than a few minutes ago."""
        return min(start + timedelta(hours=hours), self.now - timedelta(minutes=3))

    def person(self) -> str:
        """A Brazilian full name."""
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def public_ip(self) -> str:
        """An IPv4 address from a Brazilian ISP block."""
        first = self.rng.choice((177, 179, 186, 187, 189, 191, 200, 201))
        rest = (self.rng.randrange(256), self.rng.randrange(256), self.rng.randrange(1, 255))
        return ".".join(str(part) for part in (first, *rest))

    def tenant_id(self, spec: TenantSpec) -> uuid.UUID:
        """The id of a demo tenant."""
        return demo_id("tenant", spec.slug)

    def plan(self, spec: TenantSpec) -> SubscriptionPlan:
        """The plan a tenant subscribes to."""
        return self.ref.plans[spec.plan]

    def agent_id(self, name: str) -> uuid.UUID:
        """The id of a catalogue agent."""
        return self.ref.agents[name].id

    def user(self, tenant: str, role: str) -> UserRow:
        """The first user of a tenant with that role."""
        return next(u for u in self.users[tenant] if u.role == role)

    # Tenants, subscriptions and what they contracted

    def write_tenant(self, spec: TenantSpec) -> None:
        """The tenant and its users."""
        created = self.ago(days=spec.age_days)
        self.put(
            Tenant,
            self.tenant_id(spec),
            company_name=spec.company_name,
            cnpj=random_cnpj(random.Random(f"cnpj:{spec.slug}")),
            subscription_tier=spec.tier,
            subscription_status=spec.tenant_status,
            settings={
                "fuso_horario": "America/Sao_Paulo",
                "idioma": "pt-BR",
                "whatsapp_remetente": random_mobile(random.Random(f"whatsapp:{spec.slug}")),
                "webhook_leads": f"https://hooks.{spec.domain}/alquimista/leads",
                "horario_comercial": {"inicio": "08:00", "fim": "18:00"},
            },
            created_at=created,
        )
        self.users[spec.slug] = [
            self.write_user(spec, index, name, role, created)
            for index, (name, role) in enumerate(spec.users)
        ]

    def write_user(
        self, spec: TenantSpec, index: int, name: str, role: str, tenant_created: datetime
    ) -> UserRow:
        """One user of a tenant; Horizonte's viewer has not accepted the invitation yet."""
        first, *_, last = name.split()
        row = UserRow(
            demo_id("user", spec.slug, index),
            spec.slug,
            name,
            role,
            f"{ascii_slug(first)}.{ascii_slug(last)}@{spec.domain}",
        )
        invited = role == "viewer" and spec.slug == "grupo-horizonte"
        self.put(
            PlatformUser,
            row.id,
            tenant_id=self.tenant_id(spec),
            email=row.email,
            full_name=name,
            cognito_user_id=None if invited else str(demo_id("cognito", row.id)),
            user_role=role,
            status="invited" if invited else "active",
            last_login_at=None if invited else self.ago(hours=self.rng.uniform(1, 24 * 6)),
            created_at=tenant_created + timedelta(hours=2 + 20 * index),
        )
        return row

    def signed_up(self, spec: TenantSpec) -> datetime:
        """When the tenant subscribed, a couple of hours after it was created."""
        return self.ago(days=spec.age_days - 0.1)

    def period(self, spec: TenantSpec) -> tuple[datetime, datetime]:
        """Start and end of the tenant's current billing period."""
        start = self.ago(days=spec.period_start_days_ago)
        if spec.subscription_status == "trialing":
            return start, start + timedelta(days=14)
        return start, start + timedelta(days=30 if spec.cycle == "monthly" else 365)

    def provider_ids(self, spec: TenantSpec) -> tuple[str, str]:
        """The payment provider's customer and subscription ids of a tenant."""
        return (
            f"cus_{demo_id('customer', spec.slug).hex[:14]}",
            f"sub_{demo_id('subscription', spec.slug).hex[:14]}",
        )

    def amount(self, spec: TenantSpec) -> Decimal:
        """What the tenant pays per billing cycle."""
        plan = self.plan(spec)
        return plan.price_monthly if spec.cycle == "monthly" else plan.price_yearly

    def write_subscription(self, spec: TenantSpec) -> None:
        """The tenant's plan subscription and the payment events it produced."""
        start, end = self.period(spec)
        customer, subscription = self.provider_ids(spec)
        self.put(
            TenantSubscription,
            demo_id("tenant-subscription", spec.slug),
            tenant_id=self.tenant_id(spec),
            plan=self.plan(spec),
            billing_cycle=spec.cycle,
            status=spec.subscription_status,
            provider_customer_id=customer,
            provider_subscription_id=subscription,
            current_period_start=start,
            current_period_end=end,
            amount=self.amount(spec),
            created_at=self.signed_up(spec),
        )
        for key, event_type, status, when, amount in self.payment_history(spec):
            self.put(
                PaymentEvent,
                demo_id("payment-event", spec.slug, key),
                tenant_id=self.tenant_id(spec),
                event_type=event_type,
                provider_customer_id=customer,
                provider_subscription_id=subscription,
                provider_session_id=f"cs_{demo_id('session', spec.slug).hex[:16]}"
                if event_type == "checkout.session.completed"
                else None,
                amount=amount,
                status=status,
                metadata={
                    "plano": spec.plan,
                    "ciclo": spec.cycle,
                    "fatura": f"in_{demo_id('invoice', spec.slug, key).hex[:14]}",
                },
                created_at=when,
            )

    def payment_history(
        self, spec: TenantSpec
    ) -> list[tuple[str, str, str, datetime, Decimal | None]]:
        """(key, event type, status, time, amount) of the gateway webhooks for a tenant."""
        start, end = self.period(spec)
        signed_up = self.signed_up(spec)
        if spec.subscription_status == "trialing":
            return [
                ("checkout", "checkout.session.completed", "complete", signed_up, Decimal(0)),
                ("created", "customer.subscription.created", "trialing", start, Decimal(0)),
            ]
        events = [("checkout", "checkout.session.completed", "complete", signed_up, None)]
        step = 30 if spec.cycle == "monthly" else 365
        renewals = [start - timedelta(days=step * k) for k in range(4)]
        for k, when in enumerate(sorted(w for w in renewals if w >= signed_up)):
            events.append((f"invoice-{k}", "invoice.paid", "paid", when, self.amount(spec)))
        if spec.subscription_status == "past_due":
            for k, delay in enumerate((0, 3)):
                when = end + timedelta(days=delay, hours=2)
                events.append(
                    (f"failed-{k}", "invoice.payment_failed", "failed", when, self.amount(spec))
                )
        return events

    def write_catalogue(self, spec: TenantSpec) -> None:
        """The tenant's SubNúcleos, agents and agent activations, within its plan's limits."""
        start = self.signed_up(spec)
        dropped_at = self.ago(days=20)
        for subnucleo in spec.subnucleos + spec.dropped_subnucleos:
            active = subnucleo in spec.subnucleos
            self.put(
                TenantSubnucleo,
                demo_id("tenant-subnucleo", spec.slug, subnucleo),
                tenant_id=self.tenant_id(spec),
                subnucleo=self.ref.subnucleos[subnucleo],
                is_active=active,
                activated_at=start,
                deactivated_at=None if active else dropped_at,
                created_at=start,
            )
        agents = self.contracted_agents(spec)
        self.tenant_agents[spec.slug] = [name for name, _sub, active in agents if active]
        for index, (name, subnucleo, active) in enumerate(agents):
            self.write_tenant_agent(spec, index, name, subnucleo, active)

    def contracted_agents(self, spec: TenantSpec) -> list[tuple[str, str, bool]]:
        """(agent, SubNúcleo, active) for each agent the tenant has; one retired at Horizonte."""
        seen: dict[str, tuple[str, str, bool]] = {}
        for subnucleo in spec.subnucleos + spec.dropped_subnucleos:
            for name in self.ref.subnucleo_agents[subnucleo]:
                active = subnucleo in spec.subnucleos and not (
                    spec.slug == "grupo-horizonte" and name == "avaliacao-automatica"
                )
                seen.setdefault(name, (name, subnucleo, active))
        return list(seen.values())[: self.plan(spec).max_agents]

    def write_tenant_agent(
        self, spec: TenantSpec, index: int, name: str, subnucleo: str, active: bool
    ) -> None:
        """One agent of a tenant, in tenant_agents and in agent_activations."""
        activated = self.signed_up(spec) + timedelta(minutes=5 * index)
        deactivated = None if active else self.ago(days=20)
        self.put(
            TenantAgent,
            demo_id("tenant-agent", spec.slug, name),
            tenant_id=self.tenant_id(spec),
            agent_id=self.agent_id(name),
            subnucleo=self.ref.subnucleos[subnucleo],
            is_active=active,
            activated_at=activated,
            deactivated_at=deactivated,
            created_at=activated,
        )
        executions = self.rng.randrange(40, 2400)
        self.put(
            AgentActivation,
            demo_id("agent-activation", spec.slug, name),
            tenant_id=self.tenant_id(spec),
            agent_id=self.agent_id(name),
            status="active" if active else "inactive",
            tenant_config={
                "canal_preferido": self.rng.choice(("whatsapp", "email")),
                "limite_diario": self.rng.choice((100, 200, 500)),
                "assinatura": spec.company_name,
            },
            usage_metrics={
                "executions": executions,
                "successRate": round(self.rng.uniform(0.9, 0.995), 3),
                "avgDuration": self.rng.randrange(600, 4800),
                "totalCost": round(executions * 0.05, 2),
            },
            activated_at=activated,
            deactivated_at=deactivated,
        )

    def write_campanhas(self, spec: TenantSpec) -> None:
        """Two campaigns per tenant, from draft to finished."""
        self.campanhas[spec.slug] = []
        for index, (nome, segmento, canal, status) in enumerate(CAMPANHAS[spec.slug]):
            values: dict[str, Any] = {
                "tenant_id": self.tenant_id(spec),
                "nome": nome,
                "segmento": segmento,
                "canal": canal,
                "status": status,
                "mensagens": {
                    "abertura": f"Olá, {{contato}}! Aqui é da {spec.company_name}. {nome}: "
                    "posso te contar em dois minutos?",
                    "follow_ups": list(FOLLOW_UPS),
                    "encerramento": "Se preferir não receber mensagens, responda SAIR.",
                },
                "created_at": self.ago(days=spec.age_days * (0.9 - 0.4 * index)),
            }
            if status != "rascunho":
                values["metricas"] = self.campanha_metricas()
            pk = self.put(Campanha, demo_id("campanha", spec.slug, index), **values)
            if status != "rascunho":
                self.campanhas[spec.slug].append(pk)

    def write_permissions(self, spec: TenantSpec) -> None:
        """Grants to each user by role, and a tenant-wide export grant to its admins.

        The trial tenant's operator holds a grant until its trial ends; the export grant
        of the tenant behind on its payments has lapsed.
        """
        scope = {"tenant_id": str(self.tenant_id(spec))}
        for user in self.users[spec.slug]:
            resource_type, resource_id, action = self.role_grant(spec, user.role)
            temporary = user.role == "operator" and spec.subscription_status == "trialing"
            self.put(
                Permission,
                demo_id("permission", user.id),
                resource_type=resource_type,
                resource_id=resource_id,
                action=action,
                subject_type="user",
                subject_id=str(user.id),
                constraints=scope,
                granted_at=self.signed_up(spec) + timedelta(days=1),
                expires_at=self.period(spec)[1] if temporary else None,
            )
        self.put(
            Permission,
            demo_id("permission", spec.slug, "exportacao"),
            resource_type="lead",
            resource_id=None,
            action="export",
            subject_type="role",
            subject_id=f"{spec.slug}:admin",
            constraints={**scope, "formatos": ["csv", "xlsx"]},
            granted_at=self.signed_up(spec),
            expires_at=self.ago(days=2) if spec.subscription_status == "past_due" else None,
        )

    def role_grant(self, spec: TenantSpec, role: str) -> tuple[str, uuid.UUID | None, str]:
        """(resource type, resource id, action) a user of that role is granted."""
        match role:
            case "admin":
                return "subscription", demo_id("tenant-subscription", spec.slug), "manage"
            case "approver":
                return "approval_request", None, "approve"
            case "operator":
                return "agent", self.agent_id(self.tenant_agents[spec.slug][0]), "execute"
            case _:
                return "lead", None, "read"

    def campanha_metricas(self) -> dict[str, int]:
        """Funnel counts of a campaign that has been sent."""
        enviados = self.rng.randrange(120, 900)
        entregues = int(enviados * self.rng.uniform(0.9, 0.98))
        lidos = int(entregues * self.rng.uniform(0.55, 0.8))
        respondidos = int(lidos * self.rng.uniform(0.1, 0.3))
        interessados = int(respondidos * self.rng.uniform(0.2, 0.5))
        return {
            "enviados": enviados,
            "entregues": entregues,
            "lidos": lidos,
            "respondidos": respondidos,
            "interessados": interessados,
        }

    def write_billing_extras(self) -> None:
        """Trials, the legacy subscription, commercial requests and an unmatched webhook."""
        for trial in TRIALS:
            self.write_trial(trial)
        self.write_legacy_subscription()
        self.write_commercial_requests()
        self.put(
            PaymentEvent,
            demo_id("payment-event", "cliente-desconhecido"),
            tenant_id=None,
            event_type="customer.subscription.deleted",
            provider_customer_id="cus_9XkT2mQ4vB7nLp",
            provider_subscription_id="sub_3HsW8yR1cE6uJd",
            status="ignored",
            metadata={"motivo": "cliente sem tenant correspondente"},
            created_at=self.ago(days=9, hours=3),
        )

    def write_trial(self, trial: TrialSpec) -> None:
        """A user's trial of an agent or of a SubNúcleo."""
        started = self.ago(days=trial.started_days_ago)
        targets = self.ref.agents if trial.target_type == "agent" else self.ref.subnucleos
        self.put(
            Trial,
            demo_id("trial", trial.key),
            user_id=self.user(trial.tenant, trial.role).id,
            target_type=trial.target_type,
            target_id=targets[trial.target].id,
            started_at=started,
            expires_at=started + timedelta(days=trial.length_days),
            usage_count=trial.usage_count,
            max_usage=trial.max_usage,
            status=trial.status,
            created_at=started,
        )

    def write_legacy_subscription(self) -> None:
        """Grupo Horizonte's per-agent subscription, cancelled when it moved to a plan."""
        spec = TENANTS[3]
        start = self.ago(days=spec.age_days)
        self.put(
            LegacySubscription,
            demo_id("legacy-subscription", spec.slug),
            tenant_id=self.tenant_id(spec),
            provider_customer_id=self.provider_ids(spec)[0],
            provider_subscription_id=f"sub_{demo_id('legacy', spec.slug).hex[:14]}",
            status="canceled",
            selected_agents=["recebimento-leads", "disparo-whatsapp", "agendamento-reunioes"],
            total_monthly=Decimal("447.00"),
            current_period_start=start,
            current_period_end=start + timedelta(days=30),
            cancel_at_period_end=True,
            created_at=start,
        )

    def write_commercial_requests(self) -> None:
        """Requests for a commercial contact, from prospects and from a customer upgrading."""
        for request in COMMERCIAL_REQUESTS:
            first, *_, last = request.contact.split()
            domain = f"{ascii_slug(request.company)[:18]}.com.br"
            self.put(
                CommercialRequest,
                demo_id("commercial-request", request.key),
                tenant_id=demo_id("tenant", request.tenant) if request.tenant else None,
                company_name=request.company,
                cnpj=random_cnpj(random.Random(f"cnpj:{request.key}")),
                contact_name=request.contact,
                email=f"{ascii_slug(first)}.{ascii_slug(last)}@{domain}",
                whatsapp=random_mobile(random.Random(f"whatsapp:{request.key}")),
                selected_agents=list(request.agents),
                selected_subnucleos=list(request.subnucleos),
                message=request.message,
                status=request.status,
                created_at=self.ago(days=request.days_ago),
            )

    # Leads and what happens to them

    def write_leads(self) -> None:
        """About sixty leads across the tenants, plus the LGPD and orphan cases."""
        companies = [(segment, name) for segment in SEGMENTS for name in COMPANY_NAMES]
        self.rng.shuffle(companies)
        for spec in TENANTS:
            for index in range(spec.lead_count):
                self.leads.append(self.write_lead(spec, index, *companies.pop()))
        self.leads.append(self.write_special_lead(UNSUBSCRIBED_LEAD_ID, TENANTS[0]))
        self.leads.append(self.write_special_lead(ORPHAN_LEAD_ID, None))
        self.leads.append(self.write_forgotten_lead(TENANTS[1]))

    def lead_status_and_age(self, spec: TenantSpec, index: int) -> tuple[str, float]:
        """A status and an age in days; each tenant's first lead arrived just now."""
        if index == 0:
            return "novo", 0.015 if spec is TENANTS[0] else 0.3
        status = self.rng.choices(LEAD_STATUSES, weights=(30, 25, 25, 20))[0]
        oldest = spec.age_days - 1
        if status == "novo":
            return status, self.rng.uniform(0.5, min(20, oldest))
        return status, self.rng.uniform(min(6, oldest / 2), oldest)

    def write_lead(
        self, spec: TenantSpec, index: int, segment: tuple[str, str, str], name: str
    ) -> LeadRow:
        """One lead, from the public form or from the enrichment pipeline."""
        prefix, setor, atividade = segment
        suffix = self.rng.choice(("Ltda", "Ltda", "ME", "S.A."))
        contato = self.person()
        status, age = self.lead_status_and_age(spec, index)
        from_form = index % 5 in (0, 3)
        row = LeadRow(
            id=demo_id("lead", spec.slug, index),
            tenant=spec,
            empresa=f"{prefix} {name} {suffix}",
            contato=contato,
            setor=setor,
            email=f"{ascii_slug(contato.split()[0])}@{ascii_slug(prefix + name)}.com.br",
            telefone=None if from_form else random_mobile(self.rng),
            status=status,
            created_at=self.ago(days=age),
            from_form=from_form,
            ip_address=self.form_ip(spec, index) if from_form else None,
        )
        values = self.lead_values(row, atividade, suffix)
        values |= self.form_columns(row, index) if from_form else self.enrichment_columns(row)
        self.put(Lead, row.id, **values)
        return row

    def form_ip(self, spec: TenantSpec, index: int) -> str:
        """The submitter's IP; the newest lead of the first tenant comes from a busy IP."""
        return RATE_LIMITED_IPS[0] if (spec is TENANTS[0] and index == 0) else self.public_ip()

    def lead_tenant_id(self, lead: LeadRow) -> uuid.UUID:
        """The lead's tenant_id, which may name a tenant deleted since."""
        return self.tenant_id(lead.tenant) if lead.tenant else DELETED_TENANT_ID

    def lead_values(self, row: LeadRow, atividade: str, suffix: str) -> dict[str, Any]:
        """Columns both lead generations fill."""
        assert row.tenant is not None
        cidade, uf = self.rng.choice(CITIES)
        campanhas = self.campanhas[row.tenant.slug]
        metadata: dict[str, Any] = {"cidade": cidade, "uf": uf, "origem": self.origin(row)}
        if row.status in {"em_contato", "agendado"} and campanhas:
            metadata["campanha_id"] = str(self.rng.choice(campanhas))
        scores = {"novo": (5, 40), "qualificado": (50, 80), "em_contato": (45, 85)}
        return {
            "tenant_id": self.tenant_id(row.tenant),
            "empresa": row.empresa,
            "cnpj": random_cnpj(self.rng),
            "setor": row.setor,
            "porte": "Grande" if suffix == "S.A." else self.rng.choice(("ME", "EPP", "Médio")),
            "atividade_principal": atividade,
            "status": row.status,
            "priority_score": self.rng.randint(*scores.get(row.status, (70, 98))),
            "metadata": metadata,
            "created_at": row.created_at,
        }

    def form_columns(self, row: LeadRow, index: int) -> dict[str, Any]:
        """The public form's columns, with the consent it records."""
        source, medium, campaign = self.rng.choice(UTM)
        return {
            "email": row.email,
            "name": row.contato,
            "phone": random_mobile(self.rng),
            "company": row.empresa[:100],
            "message": self.rng.choice(FORM_MESSAGES),
            "utm_source": source,
            "utm_medium": medium,
            "utm_campaign": campaign,
            "ip_address": row.ip_address,
            "user_agent": USER_AGENTS[index % len(USER_AGENTS)],
            "consent_given": True,
            "consent_date": row.created_at,
            "consent_source": "formulario_site",
            "consent_ip_address": row.ip_address,
        }

    def enrichment_columns(self, row: LeadRow) -> dict[str, Any]:
        """The enrichment pipeline's contact columns; a third opted in on WhatsApp."""
        values: dict[str, Any] = {
            "contato": row.contato,
            "telefone": row.telefone,
            "email": row.email,
        }
        if self.rng.random() < 0.35:
            values |= {
                "consent_given": True,
                "consent_date": self.after(row.created_at, 30),
                "consent_source": "whatsapp_opt_in",
            }
        return values

    def write_special_lead(self, pk: uuid.UUID, spec: TenantSpec | None) -> LeadRow:
        """The lead that unsubscribes, or the one whose tenant was deleted."""
        empresa, setor, status, age = SPECIAL_LEADS[pk]
        row = LeadRow(
            id=pk,
            tenant=spec,
            empresa=empresa,
            contato=self.person(),
            setor=setor,
            email=f"contato@{ascii_slug(empresa.removesuffix(' Ltda'))}.com.br",
            telefone=random_mobile(self.rng),
            status=status,
            created_at=self.ago(days=age),
            from_form=False,
        )
        self.put(
            Lead,
            pk,
            tenant_id=self.lead_tenant_id(row),
            empresa=empresa,
            cnpj=random_cnpj(self.rng),
            setor=setor,
            porte="EPP",
            contato=row.contato,
            telefone=row.telefone,
            email=row.email,
            status=status,
            priority_score=0 if status == "descadastrado" else 64,
            metadata={"cidade": "Curitiba", "uf": "PR", "origem": self.origin(row)},
            created_at=row.created_at,
        )
        return row

    def write_forgotten_lead(self, spec: TenantSpec) -> LeadRow:
        """A lead anonymised in place by the right-to-be-forgotten flow."""
        pk = FORGOTTEN_LEAD_ID
        row = LeadRow(
            id=pk,
            tenant=spec,
            empresa="ANONIMIZADO",
            contato="",
            setor="",
            email=f"anonimizado-{pk.hex[:8]}@anonimizado.invalid",
            telefone=None,
            status="anonimizado",
            created_at=self.ago(days=55),
            from_form=False,
        )
        anonymised = dict.fromkeys(ANONYMISED_COLUMNS)
        self.put(
            Lead,
            pk,
            **anonymised,
            tenant_id=self.tenant_id(spec),
            empresa=row.empresa,
            email=row.email,
            status=row.status,
            priority_score=0,
            metadata={"anonimizado_em": self.ago(days=6).isoformat(), "base_legal": "LGPD art. 18"},
            created_at=row.created_at,
        )
        return row

    def write_lead_activity(self, lead: LeadRow) -> None:
        """The lead's pipeline trace and events, its interactions and its meetings."""
        root = self.write_trace_pair(lead)
        moment = lead.created_at
        proposed: datetime | None = None
        for index, (tipo, canal, mensagem, sentimento) in enumerate(self.conversation(lead)):
            moment = self.after(moment, self.rng.uniform(2, 40))
            self.write_interacao(lead, root, index, tipo, canal, mensagem, sentimento, moment)
            if tipo == "agendamento":
                proposed = moment
        self.last_contact[lead.id] = moment
        for index, (status, when) in enumerate(self.meetings(lead)):
            booked = self.after(proposed or max(lead.created_at, when - timedelta(days=1)), 0.2)
            self.write_agendamento(lead, root, index, status, when, booked)

    def write_trace_pair(self, lead: LeadRow) -> uuid.UUID:
        """The lead's intake trace and its 'lead.created' event; returns the trace id."""
        trace_id = demo_id("trace", lead.id)
        running = self.now - lead.created_at < timedelta(hours=1)
        self.write_trace(
            trace_id,
            None,
            lead,
            "nigredo.lead.intake",
            "workflow",
            "nigredo-formulario" if lead.from_form else "nigredo-recebimento",
            lead.created_at,
            None if running else lead.created_at + timedelta(seconds=self.rng.uniform(1.5, 9)),
        )
        self.write_event(
            f"lead-{lead.id}",
            trace_id,
            "nigredo.formulario" if lead.from_form else "nigredo.recebimento",
            "lead.created",
            {"lead_id": str(lead.id), "empresa": lead.empresa, "origem": self.origin(lead)},
            lead.created_at,
            "published" if running else "processed",
        )
        return trace_id

    def origin(self, lead: LeadRow) -> str:
        """Where the lead came from."""
        return "formulario_site" if lead.from_form else "enriquecimento"

    def write_trace(
        self,
        trace_id: uuid.UUID,
        parent: uuid.UUID | None,
        lead: LeadRow | None,
        span_name: str,
        span_type: str,
        service: str,
        start: datetime,
        end: datetime | None,
        error: str | None = None,
        tenant_id: uuid.UUID | None = None,
    ) -> None:
        """One span; duration_ms is the trigger's to compute."""
        status = "in_progress" if end is None else ("error" if error else "completed")
        if lead is not None:
            tenant_id = self.lead_tenant_id(lead)
        self.put(
            Trace,
            demo_id("trace-row", trace_id),
            trace_id=trace_id,
            parent_trace_id=parent,
            tenant_id=tenant_id,
            lead_id=lead.id if lead else None,
            span_name=span_name,
            span_type=span_type,
            service_name=service,
            start_time=start,
            end_time=end,
            status=status,
            annotations={"ambiente": "demo", "regiao": "us-east-1"},
            metadata={"lambda_request_id": str(demo_id("request", trace_id))},
            error_message=error,
            error_stack=f"Error: {error}\n    at send (/var/task/src/agents/disparo.js:88:15)\n"
            "    at async handler (/var/task/src/index.js:41:5)"
            if error
            else None,
            created_at=start,
        )

    def write_event(
        self,
        key: str,
        trace_id: uuid.UUID,
        source: str,
        event_type: str,
        detail: dict[str, Any],
        when: datetime,
        status: str = "processed",
        error: str | None = None,
    ) -> None:
        """One event on the platform bus."""
        failure = {"retry_count": 3, "error_message": error} if status == "failed" else {}
        self.put(
            Event,
            demo_id("event", key),
            event_id=f"evt-{demo_id('event-id', key)}",
            trace_id=trace_id,
            source=source,
            event_type=event_type,
            detail=detail,
            metadata={"versao": "1.0", "barramento": "fibonacci-core"},
            status=status,
            processed_at=when + timedelta(milliseconds=self.rng.randrange(80, 900))
            if status == "processed"
            else None,
            created_at=when,
            **failure,
        )

    def conversation(self, lead: LeadRow) -> list[tuple[str, str, str, str | None]]:
        """(tipo, canal, mensagem, sentimento) of the messages exchanged with the lead."""
        canal = "email" if lead.from_form and self.rng.random() < 0.4 else "whatsapp"
        opener = self.rng.choice(OPENERS)
        follow_up = self.rng.choice(FOLLOW_UPS)
        script: list[tuple[str, str | None]] = {
            "novo": [],
            "qualificado": [("abordagem", opener), ("follow_up", follow_up)][
                : self.rng.randint(1, 2)
            ],
            "em_contato": [
                ("abordagem", opener),
                ("resposta", "neutro"),
                ("follow_up", follow_up),
                ("resposta", "positivo"),
            ][: self.rng.randint(3, 4)],
            "agendado": [
                ("abordagem", opener),
                ("resposta", "positivo"),
                ("agendamento", SCHEDULING),
                ("resposta", "Pode ser às 15h. Manda o convite para o meu e-mail."),
            ],
            "descadastrado": [
                ("abordagem", opener),
                ("resposta", "positivo"),
                ("agendamento", SCHEDULING),
                ("resposta", "SAIR"),
            ],
            "anonimizado": [("abordagem", ""), ("resposta", "")],
        }[lead.status]
        return [self.message(lead, canal, tipo, text) for tipo, text in script]

    def message(
        self, lead: LeadRow, canal: str, tipo: str, text: str | None
    ) -> tuple[str, str, str, str | None]:
        """One message of a conversation; replies carry their sentiment."""
        tenant = lead.tenant.company_name if lead.tenant else "Alquimista"
        if tipo != "resposta":
            content = (text or "").format(
                contato=lead.contato.split(" ")[0] if lead.contato else "",
                tenant=tenant,
                empresa=lead.empresa,
                setor=lead.setor.lower(),
            )
            return tipo, canal, content, None
        if text in REPLIES:
            return tipo, canal, self.rng.choice(REPLIES[text]), text
        if text == "SAIR":
            return tipo, canal, "SAIR. Por favor, não me enviem mais mensagens.", "negativo"
        return tipo, canal, text or "", "positivo" if text else None

    def write_interacao(
        self,
        lead: LeadRow,
        root: uuid.UUID,
        index: int,
        tipo: str,
        canal: str,
        mensagem: str,
        sentimento: str | None,
        when: datetime,
    ) -> None:
        """One message, its agent span (after a failed try, now and then) and its event."""
        trace_id = demo_id("trace", lead.id, "interacao", index)
        inbound = tipo == "resposta"
        agent = "atendimento-respostas" if inbound else f"disparo-{canal}"
        if not inbound and self.rng.random() < 0.1:
            self.write_failed_send(lead, root, index, canal, when)
        self.write_trace(
            trace_id,
            root,
            lead,
            f"agente.{agent}",
            "agent",
            f"nigredo-{agent}",
            when,
            when + timedelta(seconds=self.rng.uniform(0.4, 6)),
        )
        self.put(
            Interacao,
            demo_id("interacao", lead.id, index),
            lead_id=lead.id,
            tipo=tipo,
            canal=canal,
            mensagem=mensagem,
            sentimento=sentimento,
            intensidade=self.intensity(sentimento),
            trace_id=trace_id,
            created_at=when,
        )
        self.write_event(
            f"interacao-{lead.id}-{index}",
            trace_id,
            f"nigredo.{'atendimento' if inbound else 'disparo'}",
            "message.received" if inbound else "message.sent",
            {"lead_id": str(lead.id), "canal": canal, "tipo": tipo},
            when,
        )

    def intensity(self, sentimento: str | None) -> int | None:
        """How strongly a reply expresses its sentiment (0-100)."""
        ranges = {"positivo": (55, 95), "neutro": (20, 55), "negativo": (60, 100)}
        return self.rng.randint(*ranges[sentimento]) if sentimento else None

    def write_failed_send(
        self, lead: LeadRow, root: uuid.UUID, index: int, canal: str, when: datetime
    ) -> None:
        """A send that failed before the retry that went through."""
        trace_id = demo_id("trace", lead.id, "falha", index)
        error = self.rng.choice(TRACE_ERRORS)
        start = when - timedelta(minutes=self.rng.uniform(2, 30))
        self.write_trace(
            trace_id,
            root,
            lead,
            f"agente.disparo-{canal}",
            "agent",
            f"nigredo-disparo-{canal}",
            start,
            start + timedelta(seconds=self.rng.uniform(1, 10)),
            error,
        )
        self.write_event(
            f"falha-{lead.id}-{index}",
            trace_id,
            "nigredo.disparo",
            "message.failed",
            {"lead_id": str(lead.id), "canal": canal},
            start,
            "failed",
            error,
        )

    def meetings(self, lead: LeadRow) -> list[tuple[str, datetime]]:
        """(status, time) of the meetings booked with the lead, in São Paulo office hours."""
        soon = self.office_hour(self.now + timedelta(days=self.rng.randint(1, 10)))
        if lead.status == "agendado":
            return [(self.rng.choice(("proposto", "confirmado")), soon)]
        if lead.status == "descadastrado":
            return [("cancelado", soon)]
        if lead.status == "em_contato" and self.rng.random() < 0.4:
            past = self.office_hour(self.after(lead.created_at, self.rng.uniform(48, 200)))
            if past > self.now:
                past -= timedelta(days=1)
            return [(self.rng.choice(("cancelado", "confirmado")), past)]
        return []

    def office_hour(self, day: datetime) -> datetime:
        """A whole hour between 9:00 and 17:00 in São Paulo (UTC-3) on that day."""
        return day.replace(hour=self.rng.randint(12, 20), minute=0, second=0, microsecond=0)

    def write_agendamento(
        self,
        lead: LeadRow,
        root: uuid.UUID,
        index: int,
        status: str,
        when: datetime,
        booked: datetime,
    ) -> None:
        """A meeting with the lead, booked at booked, and the event that booked it."""
        self.put(
            Agendamento,
            demo_id("agendamento", lead.id, index),
            lead_id=lead.id,
            tenant_id=self.lead_tenant_id(lead),
            data_hora=when,
            duracao=self.rng.choice((30, 45, 60)),
            status=status,
            calendar_event_id=f"gcal-{demo_id('gcal', lead.id, index).hex[:20]}"
            if status == "confirmado"
            else None,
            briefing=f"{lead.empresa} ({lead.setor}). Interesse em automatizar o atendimento "
            "pelo WhatsApp; quer entender preço e prazo de implantação.",
            created_at=booked,
        )
        self.write_event(
            f"agendamento-{lead.id}-{index}",
            root,
            "nigredo.agendamento",
            "meeting.scheduled",
            {"lead_id": str(lead.id), "data_hora": when.isoformat()},
            booked,
        )

    # LGPD

    def write_lgpd(self) -> None:
        """What the unsubscribe and right-to-be-forgotten flows leave behind."""
        lead = next(row for row in self.leads if row.id == UNSUBSCRIBED_LEAD_ID)
        unsubscribed = self.last_contact[lead.id] + timedelta(seconds=40)
        blocked = self.put(
            BlocklistEntry,
            demo_id("blocklist", lead.id),
            lead_id=lead.id,
            telefone=lead.telefone,
            email=lead.email,
            reason="Descadastro solicitado pelo lead via WhatsApp (respondeu SAIR)",
            created_at=unsubscribed,
        )
        self.put(
            BlocklistEntry,
            demo_id("blocklist", "reclamacao-spam"),
            lead_id=None,
            telefone=None,
            email="compras@distribuidoraaurora.com.br",
            reason="Reclamação de spam recebida pelo provedor de e-mail",
            created_at=self.ago(days=27),
        )
        self.write_audit(
            "descadastro",
            "descadastro",
            "success",
            unsubscribed,
            tenant=lead.tenant,
            agent="atendimento-respostas",
            context={
                "lead_id": str(lead.id),
                "canal": "whatsapp",
                "mensagem_recebida": "SAIR",
                "agendamentos_cancelados": [str(demo_id("agendamento", lead.id, 0))],
                "blocklist_id": str(blocked),
            },
        )
        self.write_event(
            f"descadastro-{lead.id}",
            demo_id("trace", "audit", "descadastro"),
            "nigredo.lgpd",
            "lead.unsubscribed",
            {"lead_id": str(lead.id), "agendamentos_cancelados": 1},
            unsubscribed,
        )
        forgotten = next(row for row in self.leads if row.id == FORGOTTEN_LEAD_ID)
        self.write_audit(
            "direito-esquecimento",
            "direito_esquecimento",
            "success",
            self.ago(days=6),
            tenant=forgotten.tenant,
            user=self.user(TENANTS[1].slug, "admin"),
            agent="conformidade-lgpd",
            context={
                "lead_id": str(forgotten.id),
                "approval_id": approval_id(TENANTS[1].slug, "esquecimento"),
                "campos_anonimizados": ["empresa", "cnpj", "contato", "telefone", "email"],
                "interacoes_apagadas": 2,
            },
        )

    def write_form_traffic(self) -> None:
        """Form submissions and webhook deliveries of form leads, and per-IP rate limits."""
        for lead in self.leads:
            if lead.from_form:
                self.write_submission(lead)
        ip, blocked_ip, closed_ip, ipv6 = RATE_LIMITED_IPS
        for minutes in (12, 25):
            self.put(
                FormSubmission,
                demo_id("form-submission", "bloqueado", minutes),
                lead_id=None,
                ip_address=blocked_ip,
                user_agent="python-requests/2.32.3",
                referer=None,
                source="direto",
                form_type="contato",
                submitted_at=self.ago(minutes=minutes),
            )
        for key, address, started, count, blocked_until in (
            ("aberta", ip, self.ago(minutes=35), 3, None),
            ("bloqueada", blocked_ip, self.ago(minutes=50), 10, self.now + timedelta(minutes=45)),
            ("encerrada", closed_ip, self.ago(hours=3), 1, None),
            ("ipv6", ipv6, self.ago(hours=10), 2, None),
        ):
            self.put(
                RateLimit,
                demo_id("rate-limit", key),
                ip_address=address,
                submission_count=count,
                window_start=started,
                last_submission_at=started + timedelta(minutes=min(count * 5, 45)),
                blocked_until=blocked_until,
            )

    def write_submission(self, lead: LeadRow) -> None:
        """The form submission that created the lead and the webhooks that announced it."""
        source = self.rng.choice(UTM)[0]
        self.put(
            FormSubmission,
            demo_id("form-submission", lead.id),
            lead_id=lead.id,
            ip_address=lead.ip_address,
            user_agent=self.rng.choice(USER_AGENTS),
            referer=f"https://{source}.com/" if source != "newsletter" else None,
            source=source,
            form_type=self.rng.choice(("contato", "demonstracao", "teste_gratis")),
            submitted_at=lead.created_at,
        )
        outcome = self.rng.choices(list(WEBHOOK_OUTCOMES), weights=(70, 20, 10))[0]
        for number, attempt in enumerate(WEBHOOK_OUTCOMES[outcome], 1):
            self.write_webhook(lead, number, *attempt)

    def write_webhook(
        self,
        lead: LeadRow,
        number: int,
        status_code: int | None,
        body: str | None,
        error: str | None,
    ) -> None:
        """One delivery attempt of the lead webhook to the tenant's endpoint."""
        assert lead.tenant is not None
        self.put(
            WebhookLog,
            demo_id("webhook", lead.id, number),
            lead_id=lead.id,
            webhook_url=f"https://hooks.{lead.tenant.domain}/alquimista/leads",
            payload={
                "evento": "lead.criado",
                "lead": {
                    "id": str(lead.id),
                    "nome": lead.contato,
                    "email": lead.email,
                    "empresa": lead.empresa,
                },
            },
            status_code=status_code,
            response_body=body,
            attempt_number=number,
            success=error is None,
            error_message=error,
            sent_at=lead.created_at + timedelta(seconds=2 + 60 * (number - 1) ** 2),
        )

    # Metrics

    def write_daily_metrics(self) -> None:
        """Fourteen days of lead metrics and seven of agent metrics per tenant, newest first.

        Newest first, so that on a later day each row moves onto a date the previous row
        has just left and the unique (tenant, date) keys never collide.
        """
        today = self.now.replace(hour=0, minute=0, second=0, microsecond=0)
        for offset in range(1, 15):
            day = today - timedelta(days=offset)
            for spec in TENANTS:
                if offset <= spec.age_days:
                    self.write_metrica_diaria(spec, offset, day)
                if offset <= min(7, spec.age_days):
                    self.write_agent_metrics(spec, offset, day)

    def write_metrica_diaria(self, spec: TenantSpec, offset: int, day: datetime) -> None:
        """A tenant's lead funnel for one day."""
        enviadas = self.rng.randrange(20, 160)
        respostas = int(enviadas * self.rng.uniform(0.08, 0.3))
        self.put(
            MetricaDiaria,
            demo_id("metrica-diaria", spec.slug, offset),
            tenant_id=self.tenant_id(spec),
            data=day.date(),
            metricas={
                "leads_novos": self.rng.randrange(0, 12),
                "mensagens_enviadas": enviadas,
                "respostas": respostas,
                "agendamentos": self.rng.randrange(0, max(1, respostas // 3) + 1),
                "descadastros": self.rng.choice((0, 0, 0, 1)),
                "taxa_resposta": round(respostas / enviadas, 3),
            },
            created_at=day + timedelta(days=1, minutes=5),
        )

    def write_agent_metrics(self, spec: TenantSpec, offset: int, day: datetime) -> None:
        """A tenant's agent executions and mean latency for one day."""
        dimensions = {"tenant_id": str(self.tenant_id(spec)), "ambiente": "demo"}
        for name, unit, aggregation, value in (
            ("agentes.execucoes", "count", "sum", self.rng.randrange(50, 900)),
            ("agentes.latencia", "ms", "avg", round(self.rng.uniform(700, 3800), 1)),
        ):
            self.put(
                Metric,
                demo_id("metric", spec.slug, name, offset),
                metric_name=name,
                dimensions=dimensions,
                value=Decimal(str(value)),
                unit=unit,
                period_start=day,
                period_end=day + timedelta(days=1),
                aggregation_type=aggregation,
                created_at=day + timedelta(days=1, minutes=10),
            )

    # Approvals, audit and notifications

    def write_approvals(self) -> None:
        """Approval requests in every status, with decisions that match them."""
        for spec in APPROVALS:
            self.write_approval(spec)

    def write_approval(self, spec: ApprovalSpec) -> None:
        """One approval request, its decisions and their audit rows."""
        tenant = next(t for t in TENANTS if t.slug == spec.tenant)
        requester = self.requester(spec.tenant)
        approvers = [u for u in self.users[spec.tenant] if u.role in {"admin", "approver"}]
        created = self.ago(hours=spec.hours_ago)
        pk = approval_id(spec.tenant, spec.key)
        self.put(
            ApprovalRequest,
            pk,
            tenant_id=self.tenant_id(tenant),
            requested_by_id=requester.id,
            action_type=spec.action_type,
            resource_type=spec.resource_type,
            resource_id=self.approval_resource(spec),
            action_details={"titulo": spec.title, **spec.details},
            approvers=[str(u.id) for u in approvers],
            required_approvals=spec.required,
            status=spec.status,
            expires_at=created + timedelta(hours=spec.expires_in_hours),
            created_at=created,
        )
        for index, (approver, (decision, comment)) in enumerate(
            zip(approvers, spec.decisions, strict=False)
        ):
            when = created + timedelta(hours=1 + 3 * index)
            self.put_by(
                ApprovalDecision,
                {"approval_id": pk, "approver_id": approver.id},
                decision=decision,
                comment=comment,
                created_at=when,
            )
            self.write_audit(
                f"decisao-{pk}-{index}",
                f"approval.{decision}",
                "success",
                when,
                tenant=tenant,
                user=approver,
                context={"approval_id": pk, "decisao": decision, "comentario": comment},
            )
        self.notify_approval(spec, pk, requester, approvers, created)

    def approval_resource(self, spec: ApprovalSpec) -> str | None:
        """The id of the row an approval request is about, if it is about one."""
        if spec.resource is None:
            return None
        match spec.resource_type:
            case "campanha":
                resource = demo_id("campanha", spec.tenant, spec.resource)
            case "agent":
                resource = self.agent_id(spec.resource)
            case "subnucleo":
                resource = self.ref.subnucleos[spec.resource].id
            case "lead":
                resource = FORGOTTEN_LEAD_ID
            case _:
                resource = demo_id("tenant-subscription", spec.tenant)
        return str(resource)

    def requester(self, tenant: str) -> UserRow:
        """Who asks for approvals in a tenant: its operator."""
        return self.user(tenant, "operator")

    def notify_approval(
        self,
        spec: ApprovalSpec,
        pk: str,
        requester: UserRow,
        approvers: list[UserRow],
        created: datetime,
    ) -> None:
        """In-app notifications an approval request produced."""
        metadata = {"approval_id": pk}
        if spec.status == "pending":
            for approver in approvers[len(spec.decisions) :]:
                self.notify(
                    approver,
                    "approval_request",
                    f"Aprovação pendente: {spec.title}",
                    f"{requester.full_name} pediu sua aprovação.",
                    metadata,
                    read=False,
                    when=created,
                )
            return
        labels = {
            "approved": "aprovada",
            "rejected": "rejeitada",
            "expired": "expirou sem decisão",
            "cancelled": "cancelada",
        }
        self.notify(
            requester,
            f"approval_{spec.status}",
            f"Solicitação {labels[spec.status]}: {spec.title}",
            f"Sua solicitação «{spec.title}» foi {labels[spec.status]}.",
            metadata,
            read=spec.hours_ago > 72,
            when=created + timedelta(hours=5),
        )

    def notify(
        self,
        user: UserRow,
        kind: str,
        title: str,
        message: str,
        metadata: dict[str, Any],
        *,
        read: bool,
        when: datetime,
    ) -> None:
        """One in-app notification, found again by user, type and title; unread by default."""
        self.put_by(
            Notification,
            {"user_id": user.id, "type": kind, "title": title},
            message=message,
            metadata=metadata,
            created_at=min(when, self.now),
            **({"read": True} if read else {}),
        )

    def write_audit(
        self,
        key: str,
        action_type: str,
        result: str,
        when: datetime,
        *,
        tenant: TenantSpec | None = None,
        user: UserRow | None = None,
        agent: str | None = None,
        context: dict[str, Any] | None = None,
        error: str | None = None,
        trace_id: uuid.UUID | None = None,
    ) -> None:
        """One audit row; without a trace of its own it gets one from the platform API."""
        if trace_id is None:
            trace_id = demo_id("trace", "audit", key)
            self.write_trace(
                trace_id,
                None,
                None,
                action_type,
                "api",
                "alquimista-platform-api",
                when,
                when + timedelta(milliseconds=self.rng.randrange(40, 900)),
                error,
                tenant_id=self.tenant_id(tenant) if tenant else None,
            )
        self.put(
            AuditLog,
            demo_id("audit", key),
            trace_id=trace_id,
            tenant_id=self.tenant_id(tenant) if tenant else None,
            user_id=user.id if user else None,
            agent_id=self.agent_id(agent) if agent else None,
            action_type=action_type,
            result=result,
            context=context or {},
            error_message=error,
            created_at=when,
        )

    def write_platform_audit(self) -> None:
        """Audit rows of lead intake, agent activations and consent checks."""
        for lead in self.leads:
            if lead.tenant is not None and lead.status != "anonimizado":
                self.write_audit(
                    f"lead-create-{lead.id}",
                    "lead.create",
                    "success",
                    lead.created_at,
                    tenant=lead.tenant,
                    agent="recebimento-leads",
                    context={"lead_id": str(lead.id), "origem": self.origin(lead)},
                    trace_id=demo_id("trace", lead.id),
                )
            if lead.from_form:
                self.write_audit(
                    f"consent-{lead.id}",
                    "consent_validation",
                    "success",
                    lead.created_at,
                    tenant=lead.tenant,
                    trace_id=demo_id("trace", lead.id),
                    context={"lead_id": str(lead.id), "consent_source": "formulario_site"},
                )
        for spec in TENANTS:
            start = self.signed_up(spec)
            admin = self.user(spec.slug, "admin")
            for name in self.tenant_agents[spec.slug][:3]:
                self.write_audit(
                    f"agent-activate-{spec.slug}-{name}",
                    "agent.activate",
                    "success",
                    start,
                    tenant=spec,
                    user=admin,
                    agent=name,
                    context={"plano": spec.plan},
                )
        self.write_audit_failures()

    def write_audit_failures(self) -> None:
        """Actions the platform refused."""
        starter = TENANTS[2]
        self.write_audit(
            "agent-activate-fora-do-plano",
            "agent.activate",
            "failure",
            self.ago(days=18),
            tenant=starter,
            user=self.user(starter.slug, "admin"),
            agent="qualificacao-leads",
            context={"plano": starter.plan, "subnucleo": "vendas-sdr"},
            error="O plano Starter permite 1 SubNúcleo e vendas-sdr não está contratado",
        )
        self.write_audit(
            "consent-sem-ip",
            "consent_validation",
            "failure",
            self.ago(days=11, hours=4),
            tenant=TENANTS[0],
            context={"origem": "importacao_planilha", "linhas_rejeitadas": 14},
            error="Consentimento sem data nem IP de origem: linhas rejeitadas",
        )

    def write_notifications(self) -> None:
        """Notifications about billing, trials and meetings."""
        billing, trial = TENANTS[2], TENANTS[4]
        self.notify(
            self.user(billing.slug, "admin"),
            "payment_failed",
            "Pagamento recusado",
            "Não conseguimos cobrar a fatura do plano Starter. Atualize o cartão para evitar "
            "a suspensão.",
            {"tentativas": 2},
            read=False,
            when=self.period(billing)[1],
        )
        self.notify(
            self.user(trial.slug, "admin"),
            "trial_expiring",
            "Seu teste termina em 10 dias",
            "Escolha um plano para continuar usando o SubNúcleo Organizações e Jurídico.",
            {"plano_sugerido": "profissional"},
            read=False,
            when=self.ago(hours=20),
        )
        for lead in self.leads:
            if lead.status == "agendado" and lead.tenant is not None:
                self.notify(
                    self.requester(lead.tenant.slug),
                    "meeting_scheduled",
                    f"Reunião com {lead.empresa}",
                    f"{lead.contato} aceitou uma reunião.",
                    {"lead_id": str(lead.id)},
                    read=self.rng.random() < 0.5,
                    when=self.after(lead.created_at, 30),
                )
