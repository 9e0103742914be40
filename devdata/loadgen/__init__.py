"""Volume data for the platform tables, written with PostgreSQL COPY through Django's connection.

Rows are formatted client-side as COPY text in chunks of a few thousand, so that PostgreSQL
parses one chunk while Python formats the next; timestamps rise monotonically through each
table, and rows point at tenants, leads and traces that existed at their time. Ids come from
an unseeded source (a second run with the same seed adds rows instead of colliding);
everything else comes from a `random.Random` seeded with the plan's seed.

A bulk load (100,000 rows or more, and at least a quarter of what the table holds) drops the
table's plain indexes, unreferenced keys and foreign keys first and rebuilds them after:
sorted index builds and one validating join per foreign key cost far less than maintaining
each index row by row. All of it happens in one transaction, so a failed or interrupted load
leaves the catalogue as it was.
"""

import bisect
import json
import math
import os
import random
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.db import connection as default_connection
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper

from core.brazil import DDDS, random_cnpj

Log = Callable[[str], None]

TENANTS = "alquimista_platform.tenants"
USERS = "alquimista_platform.users"
LEADS = "nigredo_leads.leads"
AUDIT_LOGS = "alquimista_platform.audit_logs"
EVENTS = "fibonacci_core.events"
TRACES = "fibonacci_core.traces"

NULL = "\\N"
DAY = 86400
GROWTH = 0.65
DEFER_MIN_ROWS = 100_000
DEFER_SHARE = 4
PROGRESS_SECONDS = 5.0
LEAD_SAMPLE = 1 << 16
TRACE_SAMPLE = 1 << 18
WINDOW_MARGIN = timedelta(minutes=10)
UUID4_AND = ~((0xF << 76) | (0x3 << 62)) & ((1 << 128) - 1)
UUID4_OR = (0x4 << 76) | (0x2 << 62)


class LoadPlanError(ValueError):
    """An impossible load plan (negative counts, rows needing tenants that do not exist)."""


@dataclass(frozen=True)
class LoadPlan:
    tenants: int = 0
    leads: int = 0
    audit_logs: int = 0
    events: int = 0
    traces: int | None = None
    seed: int = 42
    index_mode: str = "auto"

    @property
    def trace_count(self) -> int:
        """Traces to write: as asked, or one for every four events."""
        return self.events // 4 if self.traces is None else self.traces

    def validate(self) -> None:
        """Raise LoadPlanError unless every count is a non-negative integer."""
        counts = {
            "tenants": self.tenants,
            "leads": self.leads,
            "audit-logs": self.audit_logs,
            "events": self.events,
            "traces": self.trace_count,
        }
        for name, value in counts.items():
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise LoadPlanError(f"--{name} must be a non-negative integer, got {value!r}.")
        if isinstance(self.seed, bool) or not isinstance(self.seed, int):
            raise LoadPlanError(f"--seed must be an integer, got {self.seed!r}.")
        if self.index_mode not in ("auto", "defer", "keep"):
            raise LoadPlanError(f"--indexes must be auto, defer or keep, got {self.index_mode!r}.")


@dataclass
class TableResult:
    table: str
    rows: int
    copy_seconds: float
    index_seconds: float = 0.0

    @property
    def seconds(self) -> float:
        """Wall time spent on the table: COPY plus any deferred index and key rebuild."""
        return self.copy_seconds + self.index_seconds

    @property
    def rows_per_second(self) -> float:
        """Rows written per second of wall time."""
        return self.rows / self.seconds if self.seconds else 0.0


# --- vocabulary ----------------------------------------------------------------------------

FIRST_NAMES = (
    "Ana", "Maria", "João", "José", "Pedro", "Lucas", "Gabriel", "Rafael", "Mariana",
    "Juliana", "Fernanda", "Camila", "Beatriz", "Larissa", "Carlos", "Paulo", "Marcos",
    "Felipe", "Bruno", "Rodrigo", "Thiago", "André", "Ricardo", "Eduardo", "Gustavo",
    "Leonardo", "Mateus", "Vinícius", "Diego", "Luiz", "Antônio", "Francisco", "Patrícia",
    "Aline", "Amanda", "Bruna", "Carolina", "Daniela", "Letícia", "Renata", "Vanessa",
    "Tatiane", "Priscila", "Luana", "Isabela", "Sofia", "Helena", "Alice", "Laura",
    "Valentina", "Cláudia", "Sandra", "Márcia", "Adriana", "Simone", "Roberto", "Sérgio",
    "Fábio", "Marcelo", "Alexandre", "Otávio", "Caio", "Heitor", "Davi", "Enzo", "Raimundo",
    "Sebastião", "Francisca", "Jéssica", "Thaís", "Natália", "Rebeca", "Igor", "Henrique",
)  # fmt: skip
LAST_NAMES = (
    "Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira",
    "Lima", "Gomes", "Costa", "Ribeiro", "Martins", "Carvalho", "Almeida", "Lopes", "Soares",
    "Fernandes", "Vieira", "Barbosa", "Rocha", "Dias", "Nascimento", "Andrade", "Moreira",
    "Nunes", "Marques", "Machado", "Mendes", "Freitas", "Cardoso", "Ramos", "Gonçalves",
    "Santana", "Teixeira", "Araújo", "Pinto", "Correia", "Cavalcanti", "Monteiro", "Moura",
    "Campos", "Castro", "Melo", "Batista", "Farias", "Azevedo", "Barros", "Duarte", "Rezende",
    "Queiroz", "Siqueira", "Borges", "Tavares", "Coelho", "Brandão", "Figueiredo", "Xavier",
)  # fmt: skip
COMPANY_CORES = (
    "Alvorada", "Horizonte", "Nova Era", "Aurora", "Vale Verde", "Pioneira", "Atlântica",
    "Bandeirantes", "Cruzeiro do Sul", "Estrela", "Ipê Amarelo", "Jequitibá", "Araucária",
    "Primavera", "Serra Azul", "Três Rios", "Litoral", "Paulista", "Carioca", "Mineira",
    "Gaúcha", "Nordeste", "Amazônia", "Planalto", "Cerrado", "Pantanal", "Guanabara",
    "Ibirapuera", "Tietê", "Brasilis", "Vitória", "Progresso", "Futura", "Sol Nascente",
    "Boa Vista", "Santa Clara", "São Jorge", "Bom Jesus", "Monte Sião", "Rio Branco",
    "Costa Verde", "Capibaribe", "Itapuã", "Jacarandá", "Mandacaru", "Maré Alta", "Oceano",
    "Pampa", "Paranoá", "Recôncavo", "Sertão", "Tropical", "Vila Rica", "Zênite", "Ágape",
    "Alfa", "Ômega", "Delta", "Prisma", "Vértice", "Ápice", "Conecta", "Integra", "Evolua",
)  # fmt: skip
SECTORS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "Tecnologia",
        ("Tecnologia", "Sistemas", "Software", "Digital", "TI"),
        (
            "Desenvolvimento de programas de computador sob encomenda",
            "Suporte técnico, manutenção e outros serviços em tecnologia da informação",
            "Tratamento de dados, provedores de serviços de aplicação e hospedagem",
        ),
    ),
    (
        "Saúde",
        ("Clínica", "Saúde", "Odontologia", "Laboratório", "Fisioterapia"),
        (
            "Atividade médica ambulatorial restrita a consultas",
            "Atividade odontológica",
            "Laboratórios clínicos",
        ),
    ),
    (
        "Educação",
        ("Escola", "Colégio", "Cursos", "Educação", "Idiomas"),
        (
            "Ensino fundamental",
            "Educação profissional de nível técnico",
            "Ensino de idiomas",
        ),
    ),
    (
        "Varejo",
        ("Comércio", "Magazine", "Atacadista", "Distribuidora", "Utilidades"),
        (
            "Comércio varejista de mercadorias em geral",
            "Comércio varejista de artigos do vestuário e acessórios",
            "Comércio atacadista de produtos alimentícios em geral",
        ),
    ),
    (
        "Indústria",
        ("Indústria", "Metalúrgica", "Plásticos", "Alimentos", "Têxtil"),
        (
            "Fabricação de produtos de metal não especificados anteriormente",
            "Fabricação de embalagens de material plástico",
            "Fabricação de produtos alimentícios não especificados anteriormente",
        ),
    ),
    (
        "Serviços",
        ("Consultoria", "Serviços", "Assessoria", "Soluções", "Gestão"),
        (
            "Atividades de consultoria em gestão empresarial",
            "Serviços combinados de escritório e apoio administrativo",
            "Atividades de cobrança e informações cadastrais",
        ),
    ),
    (
        "Logística",
        ("Transportes", "Logística", "Cargas", "Expresso", "Armazéns"),
        (
            "Transporte rodoviário de carga, exceto produtos perigosos e mudanças",
            "Armazéns gerais - emissão de warrant",
            "Serviços de entrega rápida",
        ),
    ),
    (
        "Construção",
        ("Construtora", "Engenharia", "Incorporadora", "Obras", "Acabamentos"),
        (
            "Construção de edifícios",
            "Incorporação de empreendimentos imobiliários",
            "Obras de acabamento em gesso e estuque",
        ),
    ),
    (
        "Agronegócio",
        ("Agropecuária", "Agro", "Sementes", "Grãos", "Fazendas"),
        (
            "Cultivo de soja",
            "Criação de bovinos para corte",
            "Comércio atacadista de sementes, flores, plantas e gramas",
        ),
    ),
    (
        "Financeiro",
        ("Contabilidade", "Cobrança", "Investimentos", "Seguros", "Crédito"),
        (
            "Atividades de contabilidade",
            "Corretores e agentes de seguros, de planos de previdência complementar e de saúde",
            "Sociedades de crédito, financiamento e investimento - financeiras",
        ),
    ),
    (
        "Jurídico",
        ("Advogados Associados", "Advocacia", "Sociedade de Advogados", "Jurídico"),
        ("Serviços advocatícios",),
    ),
    (
        "Eventos",
        ("Eventos", "Buffet", "Produções", "Cerimonial", "Festas"),
        (
            "Serviços de organização de feiras, congressos, exposições e festas",
            "Fornecimento de alimentos preparados preponderantemente para eventos",
        ),
    ),
    (
        "Alimentação",
        ("Restaurante", "Padaria", "Pizzaria", "Lanchonete", "Café"),
        (
            "Restaurantes e similares",
            "Padaria e confeitaria com predominância de revenda",
            "Lanchonetes, casas de chá, de sucos e similares",
        ),
    ),
)
SECTOR_WEIGHTS = (14, 11, 8, 14, 9, 13, 6, 6, 5, 6, 3, 3, 7)
SUFFIXES = (("Ltda", 55), ("Ltda.", 8), ("S.A.", 4), ("ME", 13), ("EPP", 6), ("", 14))
PORTE_BY_SUFFIX = {
    "ME": ("ME", "MEI"),
    "EPP": ("EPP",),
    "S.A.": ("Grande", "Médio"),
}
PORTES = (("ME", 30), ("EPP", 25), ("Médio", 25), ("Grande", 10), ("MEI", 10))
FREE_MAIL = (
    ("gmail.com", 52),
    ("hotmail.com", 17),
    ("outlook.com", 10),
    ("yahoo.com.br", 8),
    ("uol.com.br", 5),
    ("bol.com.br", 4),
    ("icloud.com", 4),
)
LEAD_STATUSES = (
    "novo",
    "em_contato",
    "qualificado",
    "agendado",
    "convertido",
    "perdido",
    "descadastrado",
)
STATUS_WEIGHTS_OLD = (8, 10, 14, 5, 16, 43, 4)
STATUS_WEIGHTS_NEW = (70, 14, 7, 4, 1.5, 3, 0.5)
STATUS_SCORE_SHIFT = (0, 5, 22, 28, 35, -20, -30)
CONSENT_SOURCES_FORM = ("formulario_site", "landing_page", "formulario_site", "whatsapp_opt_in")
CONSENT_SOURCES_PIPELINE = ("importacao_crm", "whatsapp_opt_in", "evento_presencial")
UTM_SOURCES = (
    ("google", 38),
    ("facebook", 16),
    ("instagram", 18),
    ("linkedin", 12),
    ("newsletter", 6),
    ("indicacao", 5),
    ("youtube", 5),
)
UTM_MEDIUMS = {
    "google": ("cpc", "organic"),
    "facebook": ("cpc", "social"),
    "instagram": ("social", "stories", "cpc"),
    "linkedin": ("social", "inmail"),
    "newsletter": ("email",),
    "indicacao": ("referral",),
    "youtube": ("video", "cpc"),
}
UTM_CAMPAIGNS = (
    "black-friday-b2b",
    "lancamento-sdr-ia",
    "webinar-atendimento-ia",
    "saude-telemedicina-2025",
    "educacao-ead-matriculas",
    "cobranca-inteligente",
    "eventos-relacionamento",
    "remarketing-trial",
    "always-on-institucional",
    "feira-varejo-sp",
)
USER_AGENTS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.4 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/123.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 13; moto g(60)) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/122.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0",
    "Mozilla/5.0 (Linux; Android 12; Redmi Note 11) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/121.0.0.0 Mobile Safari/537.36",
)
BR_IP_PREFIXES = (177, 179, 186, 187, 189, 191, 200, 201, 138, 143, 168, 170)
MESSAGE_SENTENCES = (
    "Olá, gostaria de saber mais sobre a plataforma.",
    "Temos uma equipe comercial de 12 pessoas e queremos automatizar o primeiro contato.",
    "Vocês atendem empresas do interior de São Paulo?",
    "Preciso de uma proposta para o plano Profissional.",
    "Hoje atendemos pelo WhatsApp manualmente e perdemos muitos contatos fora do horário.",
    "Quero entender como funciona a integração com o nosso CRM.",
    "Podem me ligar depois das 14h?",
    "Somos uma clínica com três unidades e queremos reduzir as faltas nas consultas.",
    "Qual é o prazo de implantação?",
    "Gostaria de agendar uma demonstração para a diretoria na próxima semana.",
    "Vi o anúncio no Instagram e fiquei interessado no agente de cobrança.",
    "Temos cerca de 3 mil alunos e a secretaria não dá conta das mensagens.",
    "Os agentes funcionam em português e em espanhol?",
    "Existe período de teste gratuito?",
    "Precisamos de nota fiscal com retenção de ISS.",
    "Nosso volume é de aproximadamente 800 leads por mês vindos de campanhas pagas.",
    "Como vocês tratam os dados pessoais conforme a LGPD?",
    "Já usamos outra ferramenta e queremos migrar o histórico de conversas.",
    "Trabalho com eventos corporativos e preciso confirmar presença dos convidados.",
    "Aguardo retorno, obrigado!",
)
PIPELINE_ORIGINS = (
    "receita_federal",
    "linkedin_sales",
    "lista_feira",
    "base_parceiro",
    "google_maps",
)
FORM_PAGES = (
    "/contato",
    "/planos",
    "/demonstracao",
    "/subnucleos/vendas-sdr",
    "/blog/ia-no-whatsapp",
)
TENANT_TIERS = ("enterprise", "expert", "profissional", "starter", "free")
TIER_SHARE = (0.05, 0.20, 0.50, 0.85, 1.0)
TENANT_STATUSES = (
    ("active", 82),
    ("trial", 6),
    ("past_due", 4),
    ("suspended", 3),
    ("cancelled", 5),
)
USER_ROLES = ("manager", "operator", "operator", "viewer", "viewer")
USER_STATUSES = (("active", 90), ("inactive", 7), ("invited", 3))
AGENT_NAMES = (
    "sdr-qualificador",
    "agendador-reunioes",
    "cobranca-amigavel",
    "triagem-telemedicina",
    "confirmacao-presenca",
    "matricula-ead",
    "enriquecedor-cnpj",
    "atendente-whatsapp",
)

AUDIT_ACTIONS = (
    # action_type, weight, failure rate, error messages
    ("lead.create", 24, 0.01, ("Lead duplicado para o mesmo tenant", "E-mail inválido")),
    ("lead.update", 22, 0.01, ("Lead não encontrado", "Transição de status inválida")),
    ("agent.execute", 20, 0.05, ("Tempo limite do modelo excedido", "Cota de tokens esgotada")),
    ("user.login", 12, 0.08, ("Senha incorreta", "Usuário bloqueado", "MFA inválido")),
    ("consent_validation", 8, 0.03, ("Consentimento ausente", "Origem do consentimento inválida")),
    ("agent.activate", 3, 0.02, ("Limite de agentes do plano atingido",)),
    ("approval.approve", 5, 0.01, ("Solicitação expirada",)),
    ("approval.reject", 2, 0.01, ("Solicitação expirada",)),
    ("descadastro", 2.5, 0.005, ("Contato não encontrado",)),
    ("direito_esquecimento", 0.5, 0.01, ("Lead com agendamento futuro: cancelamento pendente",)),
)
A_LEAD_CREATE, A_LEAD_UPDATE, A_AGENT_EXECUTE, A_LOGIN, A_CONSENT = range(5)
A_AGENT_ACTIVATE, A_APPROVE, A_REJECT, A_UNSUBSCRIBE, A_FORGET = range(5, 10)
USER_ACTIONS = frozenset({A_LEAD_UPDATE, A_LOGIN, A_AGENT_ACTIVATE, A_APPROVE, A_REJECT})
LEAD_ACTIONS = frozenset(
    {A_LEAD_CREATE, A_LEAD_UPDATE, A_AGENT_EXECUTE, A_CONSENT, A_UNSUBSCRIBE, A_FORGET}
)

EVENT_TYPES = (
    # source, event_type, weight, kind
    ("nigredo.prospecting", "lead.created", 14, "lead"),
    ("nigredo.prospecting", "lead.enriched", 8, "lead"),
    ("nigredo.prospecting", "lead.qualified", 5, "lead"),
    ("nigredo.prospecting", "lead.status_changed", 6, "lead"),
    ("nigredo.prospecting", "message.sent", 10, "lead"),
    ("nigredo.prospecting", "message.delivered", 8, "lead"),
    ("nigredo.prospecting", "message.replied", 3, "lead"),
    ("nigredo.scheduling", "meeting.proposed", 2, "lead"),
    ("nigredo.scheduling", "meeting.confirmed", 1, "lead"),
    ("nigredo.lgpd", "consent.validated", 2, "lgpd"),
    ("nigredo.lgpd", "lead.unsubscribed", 0.5, "lgpd"),
    ("nigredo.lgpd", "lead.forgotten", 0.1, "lgpd"),
    ("fibonacci.orchestrator", "workflow.started", 8, "workflow"),
    ("fibonacci.orchestrator", "workflow.completed", 7, "workflow"),
    ("fibonacci.orchestrator", "agent.invoked", 9, "agent"),
    ("fibonacci.orchestrator", "agent.completed", 8, "agent"),
    ("fibonacci.orchestrator", "agent.failed", 0.6, "agent"),
    ("alquimista.platform", "user.login", 3, "platform"),
    ("alquimista.platform", "approval.requested", 0.8, "platform"),
    ("alquimista.platform", "approval.decided", 0.7, "platform"),
    ("alquimista.platform", "agent.activated", 0.5, "platform"),
    ("alquimista.platform", "agent.deactivated", 0.2, "platform"),
    ("alquimista.platform", "tenant.updated", 0.3, "platform"),
    ("alquimista.billing", "payment.succeeded", 0.4, "billing"),
    ("alquimista.billing", "subscription.renewed", 0.2, "billing"),
    ("alquimista.billing", "payment.failed", 0.05, "billing"),
)
EVENT_STATUSES = (("processed", 88), ("published", 8), ("failed", 4))
EVENT_ERRORS = (
    "Task timed out after 30.03 seconds",
    "ThrottlingException: Rate exceeded",
    "Destino indisponível (HTTP 503)",
    "Payload inválido: campo leadId ausente",
)
CHANNELS = ("whatsapp", "email", "whatsapp", "whatsapp", "sms", "linkedin")

SPANS = (
    # service_name, span_name, span_type, weight, median ms, spread
    ("nigredo-prospecting", "enrich-lead", "lambda", 10, 900, 0.8),
    ("nigredo-prospecting", "qualify-lead", "llm", 8, 2800, 0.7),
    ("nigredo-prospecting", "send-message", "http", 12, 350, 0.6),
    ("nigredo-prospecting", "score-lead", "lambda", 6, 120, 0.5),
    ("nigredo-api", "POST /api/leads", "http", 6, 180, 0.6),
    ("nigredo-api", "rate-limit-check", "db", 6, 8, 0.7),
    ("fibonacci-orchestrator", "orchestrate-workflow", "workflow", 9, 6000, 0.9),
    ("fibonacci-orchestrator", "invoke-agent", "llm", 12, 3500, 0.8),
    ("fibonacci-orchestrator", "route-event", "queue", 10, 40, 0.6),
    ("alquimista-platform-api", "GET /api/agents", "http", 4, 90, 0.5),
    ("alquimista-platform-api", "POST /api/approvals", "http", 2, 140, 0.5),
    ("alquimista-platform-api", "query-audit-logs", "db", 3, 60, 0.9),
    ("alquimista-billing", "process-payment-webhook", "lambda", 1, 450, 0.6),
)
TRACE_ERRORS = (
    ("Task timed out after 30.03 seconds", "Error: Task timed out\n    at Runtime.handler"),
    ("ThrottlingException: Rate exceeded", "ThrottlingException\n    at invokeModel"),
    ("connect ETIMEDOUT 10.0.3.12:5432", "Error: connect ETIMEDOUT\n    at TCPConnectWrap"),
)


# --- text helpers --------------------------------------------------------------------------


def copy_text(value: str) -> str:
    """Escape a value for COPY's text format."""
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


def copy_json(value: object) -> str:
    """A JSON document escaped for COPY's text format."""
    return copy_text(json.dumps(value, ensure_ascii=False))


def ascii_slug(value: str, separator: str = "") -> str:
    """Lowercase ASCII letters and digits of value, words joined by separator."""
    plain = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().lower()
    words = ["".join(c for c in word if c.isalnum()) for word in plain.split()]
    return separator.join(word for word in words if word)


def canonical(hex32: str) -> str:
    """The 8-4-4-4-12 form of a 32-digit hex uuid."""
    return f"{hex32[:8]}-{hex32[8:12]}-{hex32[12:16]}-{hex32[16:20]}-{hex32[20:]}"


def weighted_table(pairs: Iterable[tuple[object, float]], size: int = 1024) -> list:
    """A list of `size` items where each item appears in proportion to its weight."""
    pairs = list(pairs)
    total = sum(weight for _, weight in pairs)
    table: list = []
    cumulative = 0.0
    for item, weight in pairs:
        cumulative += weight
        table.extend([item] * (round(cumulative / total * size) - len(table)))
    return table


class IdSource:
    """Version-4 uuids as 32 hex digits, from an unseeded generator."""

    def __init__(self) -> None:
        self.bits = random.Random(int.from_bytes(os.urandom(16), "big")).getrandbits

    def hex(self) -> str:
        """A new uuid4 as 32 hex digits (PostgreSQL's uuid input accepts it)."""
        return f"{(self.bits(128) & UUID4_AND) | UUID4_OR:032x}"

    def uuid(self) -> str:
        """A new uuid4 in canonical form."""
        return canonical(self.hex())


# --- time ----------------------------------------------------------------------------------


def utc_now() -> datetime:
    """The current UTC time as a naive datetime, the way the platform stores it."""
    return datetime.now(UTC).replace(tzinfo=None)


def clock_strings() -> list[str]:
    """'HH:MM:SS' for every second of a day."""
    return [f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(DAY)]


def business_hours_warp() -> list[int]:
    """Second-of-day → second-of-day, monotonic, crowding rows into Brazilian working hours."""
    brt_weights = (
        1, 0.5, 0.3, 0.3, 0.3, 0.5, 1, 2.5, 5, 8, 9, 8, 6, 7, 9, 9, 8, 7, 5, 4, 3.5, 3, 2.5, 1.5,
    )  # fmt: skip
    weights = [brt_weights[(hour - 3) % 24] for hour in range(24)]
    cumulative = [0.0]
    for weight in weights:
        cumulative.append(cumulative[-1] + weight)
    total = cumulative[-1]
    warp = []
    hour = 0
    for second in range(DAY):
        target = second / DAY * total
        while cumulative[hour + 1] < target:
            hour += 1
        within = (target - cumulative[hour]) / weights[hour]
        warp.append(min(DAY - 1, int((hour + within) * 3600)))
    return warp


CLOCK = clock_strings()
WARP = business_hours_warp()
FRACTIONS = [f".{n * 244 + 17:06d}" for n in range(4096)]


class Timeline:
    """Monotonic timestamps for row i of n over a window, denser towards its end."""

    def __init__(self, end: datetime, days: int) -> None:
        start = end - timedelta(days=days)
        midnight = start.replace(hour=0, minute=0, second=0, microsecond=0)
        self.epoch = (midnight - datetime(1970, 1, 1)).total_seconds()
        self.base = int((start - midnight).total_seconds())
        self.span = (end - start).total_seconds()
        self.last = int((end - midnight).total_seconds())
        self.days = [f"{midnight + timedelta(days=d):%Y-%m-%d} " for d in range(days + 2)]

    def seconds(self, first: int, count: int, total: int) -> list[int]:
        """Seconds since the window's first midnight for rows first..first+count of total."""
        base, span, last, warp, inverse = self.base, self.span, self.last, WARP, 1 / total
        out = []
        for i in range(first, first + count):
            day, second = divmod(base + int(span * (i * inverse) ** GROWTH), DAY)
            out.append(min(day * DAY + warp[second], last))
        return out

    def epoch_of(self, second: int) -> float:
        """Unix time of seconds since the window's first midnight."""
        return self.epoch + second


# --- reference data ------------------------------------------------------------------------


@dataclass
class Company:
    empresa: str
    cnpj: str
    setor: str
    porte: str
    atividade: str
    domain: str


@dataclass
class NewTenant:
    id: str
    created: datetime
    domain: str
    row: tuple[str, ...]


@dataclass
class TenantRefs:
    """Tenants rows may point at: ids, users, skewed weights, when each may start appearing."""

    ids: list[str] = field(default_factory=list)
    since: list[float] = field(default_factory=list)
    cumulative: list[float] = field(default_factory=list)
    users: list[tuple[str, ...]] = field(default_factory=list)

    def limit_at(self, epoch: float) -> float:
        """Upper bound of the cumulative weights of the tenants existing at epoch."""
        eligible = max(1, bisect.bisect_right(self.since, epoch))
        return self.cumulative[eligible - 1]


@dataclass
class Sample:
    """A time-ordered sample of rows written (or read), for later rows to point at."""

    ids: list[str] = field(default_factory=list)
    tenants: list[int] = field(default_factory=list)
    epochs: list[float] = field(default_factory=list)

    def position(self, epoch: float) -> int:
        """How many sampled rows existed at epoch."""
        return bisect.bisect_right(self.epochs, epoch)


class Vocabulary:
    """Pools of pre-formatted, COPY-escaped values drawn by index in the row loops."""

    def __init__(self, rng: random.Random, companies: int) -> None:
        self.rng = rng
        self.people = [self.person() for _ in range(1 << 16)]
        self.companies = [self.company() for _ in range(companies)]
        self.free_mail = weighted_table(FREE_MAIL)
        self.ddd = weighted_table([(d, 30 if d == 11 else 6) for d in DDDS])
        self.statuses = [self.status_table(bucket / 7) for bucket in range(8)]
        self.scores = [self.score_table(shift) for shift in STATUS_SCORE_SHIFT]
        self.messages = [copy_text(self.message()) for _ in range(512)]
        self.user_agents = [copy_text(agent) for agent in USER_AGENTS]
        self.utms = [self.utm() for _ in range(256)]
        self.pipeline_metadata = [copy_json(self.pipeline_meta()) for _ in range(128)]
        self.form_metadata = [copy_json(self.form_meta()) for _ in range(128)]

    def person(self) -> tuple[str, str]:
        """A full name and a matching e-mail local part."""
        rng = self.rng
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        middle = rng.choice(LAST_NAMES) if rng.random() < 0.45 else ""
        name = " ".join(part for part in (first, middle, last) if part)
        a, b = ascii_slug(first), ascii_slug(last)
        local = rng.choice(
            (f"{a}.{b}", f"{a}{b}", f"{a[0]}{b}", f"{a}_{b}", f"{a}.{b}{rng.randrange(1, 99)}")
        )
        return copy_text(name), local

    def company(self) -> Company:
        """A company of some sector, with a valid CNPJ and a web domain."""
        rng = self.rng
        setor, terms, activities = rng.choices(SECTORS, weights=SECTOR_WEIGHTS)[0]
        term = rng.choice(terms)
        if rng.random() < 0.3:
            core = rng.choice(LAST_NAMES)
            core = f"{core} & {rng.choice(LAST_NAMES)}" if rng.random() < 0.4 else core
        else:
            core = rng.choice(COMPANY_CORES)
        suffix = rng.choices(*zip(*SUFFIXES, strict=True))[0]
        empresa = " ".join(part for part in (term, core, suffix) if part)
        if rng.random() < 0.5:
            empresa = " ".join(part for part in (core, term, suffix) if part)
        porte = rng.choice(PORTE_BY_SUFFIX.get(suffix) or rng.choices(*zip(*PORTES, strict=True)))
        domain = f"{ascii_slug(core)}{ascii_slug(term)[:12]}.com.br"
        return Company(
            empresa=copy_text(empresa),
            cnpj=random_cnpj(rng, branch=1 if rng.random() < 0.85 else rng.randrange(2, 40)),
            setor=copy_text(setor),
            porte=copy_text(porte),
            atividade=copy_text(rng.choice(activities)),
            domain=domain,
        )

    def status_table(self, age: float) -> list[int]:
        """Status indexes weighted for rows at `age` (0 oldest, 1 newest) of the window."""
        weights = [
            old * (1 - age) + new * age
            for old, new in zip(STATUS_WEIGHTS_OLD, STATUS_WEIGHTS_NEW, strict=True)
        ]
        return weighted_table(enumerate(weights))

    def score_table(self, shift: int) -> list[str]:
        """Priority scores 0-100 around 45 + shift."""
        rng = self.rng
        return [
            str(max(0, min(100, round(rng.triangular(0, 100, 45) + shift)))) for _ in range(256)
        ]

    def message(self) -> str:
        """A form message of one to many sentences, at most 1000 characters."""
        rng = self.rng
        count = min(len(MESSAGE_SENTENCES), int(rng.expovariate(0.5)) + 1)
        text = " ".join(rng.sample(MESSAGE_SENTENCES, count))
        if rng.random() < 0.15:
            text = text.replace(". ", ".\n", 1)
        return text[:1000]

    def utm(self) -> tuple[str, str, str]:
        """utm_source, utm_medium and utm_campaign, COPY-ready."""
        rng = self.rng
        source = rng.choices(*zip(*UTM_SOURCES, strict=True))[0]
        return source, rng.choice(UTM_MEDIUMS[source]), rng.choice(UTM_CAMPAIGNS)

    def pipeline_meta(self) -> dict:
        """Metadata the enrichment pipeline leaves on a lead."""
        rng = self.rng
        return {
            "origem": rng.choice(PIPELINE_ORIGINS),
            "enriquecido": rng.random() < 0.8,
            "funcionarios": rng.choice(("1-9", "10-49", "50-99", "100-499", "500+")),
            "tags": rng.sample(["b2b", "inbound", "outbound", "recorrente", "vip", "frio"], 2),
        }

    def form_meta(self) -> dict:
        """Metadata the public form leaves on a lead."""
        rng = self.rng
        return {
            "formulario": "site-publico",
            "pagina": rng.choice(FORM_PAGES),
            "versao": rng.choice((2, 3)),
            "idioma": "pt-BR",
        }


# --- row generators ------------------------------------------------------------------------


class Generator:
    """Formats COPY text for each table, chunk by chunk."""

    def __init__(self, plan: LoadPlan, agents: list[tuple[str, str]], now: datetime) -> None:
        self.rng = random.Random(plan.seed)
        self.ids = IdSource()
        self.tenants = TenantRefs()
        self.agents = agents
        self.agent_names = [name for _, name in agents] or list(AGENT_NAMES)
        self.leads = Sample()
        self.traces = Sample()
        self.now = now
        end = now - WINDOW_MARGIN
        self.lead_time = Timeline(end, 730)
        self.audit_time = Timeline(end, 730)
        self.event_time = Timeline(end, 365)
        self.trace_time = Timeline(end, 365)
        companies = max(500, min(100_000, plan.leads // 5))
        self.words = Vocabulary(self.rng, companies)
        self.audit_actions = weighted_table((i, a[1]) for i, a in enumerate(AUDIT_ACTIONS))
        self.event_types = weighted_table(
            ((kind, f"{source}\t{etype}"), weight) for source, etype, weight, kind in EVENT_TYPES
        )
        self.event_statuses = weighted_table(EVENT_STATUSES)
        self.spans = weighted_table(((s[0], s[1], s[2], i), s[3]) for i, s in enumerate(SPANS))
        self.durations = [self.duration_table(median, spread) for *_, median, spread in SPANS]

    def duration_table(self, median: float, spread: float) -> list[int]:
        """Span durations in microseconds, log-normally spread around median milliseconds."""
        rng = self.rng
        mu = math.log(median)
        return [max(1, int(rng.lognormvariate(mu, spread) * 1000)) for _ in range(1024)]

    def ip(self) -> str:
        """An IPv4 address from a Brazilian provider's range."""
        bits = self.rng.getrandbits(24)
        prefix = BR_IP_PREFIXES[bits % len(BR_IP_PREFIXES)]
        return f"{prefix}.{bits >> 16 & 255}.{bits >> 8 & 255}.{(bits & 255) or 1}"

    def mobile(self) -> str:
        """A Brazilian mobile number in E.164."""
        rng = self.rng
        return f"+55{self.words.ddd[rng.getrandbits(10)]}9{rng.getrandbits(30) % 100_000_000:08d}"

    def recent_lead(self, position: int) -> int:
        """Index of a sampled lead among the first `position`, biased to the latest; -1: none."""
        if position <= 0:
            return -1
        return position - 1 - int(position * self.rng.random() ** 4)

    def recent_trace(self, position: int) -> str | None:
        """A sampled trace id near `position`, or None when no trace existed yet."""
        if position <= 0:
            return None
        return self.traces.ids[max(0, position - 1 - self.rng.getrandbits(6))]

    # tenants and users are few: clarity over speed.

    def new_tenant(self, created: datetime, tier: str) -> NewTenant:
        """A tenant created at `created` on plan `tier`."""
        rng = self.rng
        company = self.words.company() if rng.random() < 0.5 else rng.choice(self.words.companies)
        settings = {
            "timezone": "America/Sao_Paulo",
            "locale": "pt-BR",
            "notificacoes": {"email": True, "whatsapp": rng.random() < 0.6},
            "setor": company.setor,
        }
        return NewTenant(
            id=self.ids.uuid(),
            created=created,
            domain=company.domain,
            row=(
                company.empresa,
                company.cnpj,
                tier,
                weighted_table(TENANT_STATUSES, 100)[rng.randrange(100)],
                copy_json(settings),
                f"{created:%Y-%m-%d %H:%M:%S.%f}",
            ),
        )

    def user_rows(self, tenant: NewTenant, taken: set[str]) -> list[tuple[str, ...]]:
        """Two to five users for a new tenant, the first one its admin."""
        rng = self.rng
        statuses = weighted_table(USER_STATUSES, 100)
        rows = []
        for n in range(rng.randint(2, 5)):
            name, local = self.words.people[rng.getrandbits(16)]
            email, suffix = f"{local}@{tenant.domain}", 2
            while email in taken:
                email, suffix = f"{local}{suffix}@{tenant.domain}", suffix + 1
            taken.add(email)
            status = "active" if n == 0 else statuses[rng.randrange(100)]
            joined = min(self.now, tenant.created + timedelta(days=rng.random() * 30 * n))
            seen = self.now - timedelta(seconds=rng.random() * DAY * 20)
            rows.append(
                (
                    self.ids.uuid(),
                    tenant.id,
                    email,
                    name,
                    NULL if status == "invited" else self.ids.uuid(),
                    "admin" if n == 0 else rng.choice(USER_ROLES),
                    status,
                    NULL if status == "invited" else f"{seen:%Y-%m-%d %H:%M:%S}",
                    f"{joined:%Y-%m-%d %H:%M:%S}",
                )
            )
        return rows

    def lead_chunk(self, first: int, count: int, total: int) -> str:
        """COPY text for leads first..first+count of total, in time order."""
        rng, words, timeline, tenants, sample = (
            self.rng,
            self.words,
            self.lead_time,
            self.tenants,
            self.leads,
        )
        rnd, bits, new_id = rng.random, rng.getrandbits, self.ids.hex
        seconds = timeline.seconds(first, count, total)
        limit = tenants.limit_at(timeline.epoch_of(seconds[0]))
        cumulative, tenant_ids = tenants.cumulative, tenants.ids
        days, fractions = timeline.days, FRACTIONS
        people, companies, ncompanies = words.people, words.companies, len(words.companies)
        free_mail, messages, agents, utms = (
            words.free_mail,
            words.messages,
            words.user_agents,
            words.utms,
        )
        pipeline_meta, form_meta = words.pipeline_metadata, words.form_metadata
        statuses = words.statuses[min(7, int(first / total * 8))]
        scores, names = words.scores, LEAD_STATUSES
        stride = max(1, total // LEAD_SAMPLE)
        pipeline_tail = "\t".join([NULL] * 9)
        lines = []
        for n, second in enumerate(seconds):
            i = first + n
            lead_id = new_id()
            tenant = bisect.bisect_right(cumulative, rnd() * limit)
            created = days[second // DAY] + CLOCK[second % DAY] + fractions[bits(12)]
            status = statuses[bits(10)]
            score = scores[status][bits(8)]
            person_name, local = people[bits(16)]
            company = companies[int(rnd() * ncompanies)]
            if rnd() < 0.15 + 0.5 * i / total:
                email = (
                    f"{local}@{free_mail[bits(10)]}" if rnd() < 0.6 else f"{local}@{company.domain}"
                )
                phone = self.mobile() if rnd() < 0.8 else NULL
                ip = self.ip()
                if rnd() < 0.95:
                    consent = f"t\t{created}\t{CONSENT_SOURCES_FORM[bits(2)]}\t{ip}"
                else:
                    consent = f"f\t{NULL}\t{NULL}\t{NULL}"
                utm = f"{NULL}\t{NULL}\t{NULL}" if rnd() < 0.4 else "\t".join(utms[bits(8)])
                message = messages[bits(9)] if rnd() < 0.55 else NULL
                lines.append(
                    f"{lead_id}\t{tenant_ids[tenant]}\t{company.empresa}\t{NULL}\t{NULL}\t{NULL}"
                    f"\t{NULL}\t{person_name}\t{NULL}\t{email}\t{names[status]}\t{score}"
                    f"\t{form_meta[bits(7)]}\t{created}\t{consent}\t{person_name}\t{phone}"
                    f"\t{company.empresa}\t{message}\t{utm}\t{ip}\t{agents[bits(3)]}\n"
                )
            else:
                contact = rnd()
                telefone = self.mobile() if contact < 0.8 else NULL
                email = f"{local}@{company.domain}" if contact > 0.55 else NULL
                if rnd() < 0.06:
                    source = CONSENT_SOURCES_PIPELINE[bits(8) % 3]
                    consent = f"t\t{created}\t{source}\t{NULL}"
                else:
                    consent = f"f\t{NULL}\t{NULL}\t{NULL}"
                lines.append(
                    f"{lead_id}\t{tenant_ids[tenant]}\t{company.empresa}"
                    f"\t{company.cnpj if rnd() < 0.7 else NULL}\t{company.setor}"
                    f"\t{company.porte}\t{company.atividade}"
                    f"\t{person_name if rnd() < 0.9 else NULL}\t{telefone}\t{email}"
                    f"\t{names[status]}\t{score}\t{pipeline_meta[bits(7)]}\t{created}\t{consent}"
                    f"\t{pipeline_tail}\n"
                )
            if i % stride == 0 and len(sample.ids) < LEAD_SAMPLE:
                sample.ids.append(canonical(lead_id))
                sample.tenants.append(tenant)
                sample.epochs.append(timeline.epoch_of(second))
        return "".join(lines)

    def trace_chunk(self, first: int, count: int, total: int) -> str:
        """COPY text for traces first..first+count of total, in time order."""
        rng, timeline, tenants, leads, traces = (
            self.rng,
            self.trace_time,
            self.tenants,
            self.leads,
            self.traces,
        )
        rnd, bits, new_id = rng.random, rng.getrandbits, self.ids.hex
        seconds = timeline.seconds(first, count, total)
        epoch = timeline.epoch_of(seconds[0])
        limit = tenants.limit_at(epoch) if tenants.ids else 0.0
        lead_position = leads.position(epoch)
        days, spans, durations = timeline.days, self.spans, self.durations
        stride = max(1, total // TRACE_SAMPLE)
        recent = traces.ids[-64:]
        lines = []
        for n, second in enumerate(seconds):
            i = first + n
            trace_hex = new_id()
            trace_id = canonical(trace_hex)
            service, span, span_type, kind = spans[bits(10)]
            start_us = second * 1_000_000 + bits(20) % 1_000_000
            start = f"{days[second // DAY]}{CLOCK[second % DAY]}.{start_us % 1_000_000:06d}"
            state = rnd()
            if state < 0.01:
                end, status, error = NULL, "in_progress", f"{NULL}\t{NULL}"
            else:
                end_us = start_us + durations[kind][bits(10)]
                end_second = end_us // 1_000_000
                end = f"{days[end_second // DAY]}{CLOCK[end_second % DAY]}.{end_us % 1_000_000:06d}"
                if state < 0.05:
                    message, stack = TRACE_ERRORS[bits(8) % len(TRACE_ERRORS)]
                    status, error = "failed", f"{copy_text(message)}\t{copy_text(stack)}"
                else:
                    status, error = "completed", f"{NULL}\t{NULL}"
            parent = recent[bits(6) % len(recent)] if recent and rnd() < 0.3 else NULL
            tenant_id = lead_id = NULL
            meta = '{"region": "us-east-1"}'
            lead = self.recent_lead(lead_position) if rnd() < 0.35 else -1
            if lead >= 0:
                tenant_id, lead_id = tenants.ids[leads.tenants[lead]], leads.ids[lead]
                meta = f'{{"region": "us-east-1", "leadId": "{lead_id}"}}'
            elif limit and rnd() < 0.6:
                tenant_id = tenants.ids[bisect.bisect_right(tenants.cumulative, rnd() * limit)]
            annotations = (
                f'{{"coldStart": {"true" if rnd() < 0.08 else "false"}, '
                f'"memoryMb": {(256, 512, 1024, 512)[bits(2)]}, "attempt": 1}}'
            )
            lines.append(
                f"{new_id()}\t{trace_hex}\t{parent}\t{tenant_id}\t{lead_id}\t{span}\t{span_type}"
                f"\t{service}\t{start}\t{end}\t{status}\t{annotations}\t{meta}\t{error}\t{start}\n"
            )
            recent.append(trace_id)
            if len(recent) > 128:
                del recent[:64]
            if i % stride == 0 and len(traces.ids) < TRACE_SAMPLE:
                traces.ids.append(trace_id)
                traces.epochs.append(timeline.epoch_of(second))
        return "".join(lines)

    def event_chunk(self, first: int, count: int, total: int) -> str:
        """COPY text for events first..first+count of total, in time order."""
        rng, timeline, tenants, leads = self.rng, self.event_time, self.tenants, self.leads
        rnd, bits, id_bits = rng.random, rng.getrandbits, self.ids.bits
        mask, version = UUID4_AND, UUID4_OR
        seconds = timeline.seconds(first, count, total)
        epoch = timeline.epoch_of(seconds[0])
        limit = tenants.limit_at(epoch) if tenants.ids else 0.0
        lead_position = leads.position(epoch)
        trace_position = self.traces.position(epoch)
        trace_ids, lead_ids, lead_tenants = self.traces.ids, leads.ids, leads.tenants
        days, fractions = timeline.days, FRACTIONS
        types, statuses, agent_names = self.event_types, self.event_statuses, self.agent_names
        lines = []
        for second in seconds:
            kind, source_type = types[bits(10)]
            created = days[second // DAY] + CLOCK[second % DAY] + fractions[bits(12)]
            if trace_position and rnd() < 0.85:
                trace = trace_ids[max(0, trace_position - 1 - bits(6))]
            else:
                trace = f"{(id_bits(128) & mask) | version:032x}"
            tenant_key = lead_key = ""
            if lead_position and (kind == "lead" or kind == "lgpd"):
                lead = lead_position - 1 - int(lead_position * rnd() ** 4)
                tenant_key = f'"tenantId": "{tenants.ids[lead_tenants[lead]]}", '
                lead_key = f'"leadId": "{lead_ids[lead]}", '
            elif limit and rnd() < 0.9:
                tenant = tenants.ids[bisect.bisect_right(tenants.cumulative, rnd() * limit)]
                tenant_key = f'"tenantId": "{tenant}", '
            if kind == "agent":
                body = (
                    f'"agentName": "{agent_names[bits(8) % len(agent_names)]}", '
                    f'"durationMs": {bits(12) + 80}'
                )
            elif kind == "workflow":
                body = f'"workflowId": "{self.ids.uuid()}", "steps": {bits(3) + 1}'
            elif kind == "billing":
                body = f'"amount": {(297, 697, 1497, 2997)[bits(2)]}.0, "currency": "BRL"'
            elif kind == "platform":
                body = f'"actor": "{"user" if rnd() < 0.8 else "system"}"'
            else:
                body = f'"canal": "{CHANNELS[bits(8) % len(CHANNELS)]}"'
            metadata = (
                f'{{{tenant_key}{lead_key}"version": "1.0"}}'
                if rnd() < 0.85
                else '{"version": "1.0", "replayed": false}'
            )
            status = statuses[bits(10)]
            if status == "published":
                processed = f"{NULL}\t0\t{NULL}"
            else:
                done = second + bits(4)
                processed_at = days[done // DAY] + CLOCK[done % DAY] + fractions[bits(12)]
                if status == "failed":
                    error = EVENT_ERRORS[bits(8) % len(EVENT_ERRORS)]
                    processed = f"{processed_at}\t{bits(2) % 3 + 1}\t{error}"
                else:
                    processed = f"{processed_at}\t{1 if rnd() < 0.03 else 0}\t{NULL}"
            event = f"{(id_bits(128) & mask) | version:032x}"
            lines.append(
                f"{(id_bits(128) & mask) | version:032x}\t{event[:8]}-{event[8:12]}-"
                f"{event[12:16]}-{event[16:20]}-{event[20:]}\t{trace}\t{source_type}"
                f"\t{{{tenant_key}{lead_key}{body}}}\t{metadata}\t{status}\t{processed}"
                f"\t{created}\n"
            )
        return "".join(lines)

    def audit_chunk(self, first: int, count: int, total: int) -> str:
        """COPY text for audit logs first..first+count of total, in time order."""
        rng, timeline, tenants, leads = self.rng, self.audit_time, self.tenants, self.leads
        rnd, bits, new_id = rng.random, rng.getrandbits, self.ids.hex
        seconds = timeline.seconds(first, count, total)
        epoch = timeline.epoch_of(seconds[0])
        limit = tenants.limit_at(epoch)
        lead_position = leads.position(epoch)
        trace_position = self.traces.position(epoch)
        days, fractions, actions, table = (
            timeline.days,
            FRACTIONS,
            AUDIT_ACTIONS,
            self.audit_actions,
        )
        agents, agent_names = self.agents, self.agent_names
        user_agents = self.words.user_agents
        lines = []
        for second in seconds:
            action = table[bits(10)]
            action_type, _, failure_rate, errors = actions[action]
            created = days[second // DAY] + CLOCK[second % DAY] + fractions[bits(12)]
            trace = (self.recent_trace(trace_position) if rnd() < 0.4 else None) or new_id()
            lead_index = self.recent_lead(lead_position) if action in LEAD_ACTIONS else -1
            if lead_index >= 0:
                tenant = leads.tenants[lead_index]
                lead = f'"leadId": "{leads.ids[lead_index]}", '
            else:
                tenant = bisect.bisect_right(tenants.cumulative, rnd() * limit)
                lead = ""
            users = tenants.users[tenant]
            user = NULL
            if users and (action in USER_ACTIONS or rnd() < 0.3):
                user = users[int(rnd() * len(users))]
            agent = NULL
            if action in (A_AGENT_EXECUTE, A_AGENT_ACTIVATE):
                pick = bits(16) % len(agent_names)
                agent = agents[pick][0] if agents else NULL
                context = (
                    f'{{{lead}"agentName": "{agent_names[pick]}", '
                    f'"durationMs": {bits(13) + 50}, "tokens": {bits(11) + 200}}}'
                    if action == A_AGENT_EXECUTE
                    else f'{{"agentName": "{agent_names[pick]}", "plano": "profissional"}}'
                )
            elif action == A_LOGIN:
                context = (
                    f'{{"ip": "{self.ip()}", "userAgent": "{user_agents[bits(3)]}", '
                    f'"metodo": "cognito"}}'
                )
            elif action in (A_APPROVE, A_REJECT):
                context = (
                    f'{{"approvalId": "approval-{canonical(new_id())}", '
                    f'"resourceType": "{("campaign", "agent", "lead_export")[bits(8) % 3]}"}}'
                )
            elif action == A_LEAD_UPDATE:
                context = f'{{{lead}"campos": ["status", "priority_score"]}}'
            elif action == A_UNSUBSCRIBE:
                context = (
                    f'{{{lead}"canal": "{CHANNELS[bits(8) % len(CHANNELS)]}", '
                    f'"agendamentosCancelados": {bits(1)}}}'
                )
            elif action == A_FORGET:
                context = f'{{{lead}"solicitante": "titular", "camposAnonimizados": 8}}'
            elif action == A_CONSENT:
                given = "true" if rnd() < 0.9 else "false"
                context = f'{{{lead}"consentGiven": {given}}}'
            else:
                context = f'{{{lead}"origem": "{("formulario", "pipeline")[bits(1)]}"}}'
            if rnd() < failure_rate:
                outcome = f"failure\t{context}\t{errors[bits(8) % len(errors)]}"
            else:
                outcome = f"success\t{context}\t{NULL}"
            lines.append(
                f"{new_id()}\t{trace}\t{tenants.ids[tenant]}\t{user}\t{agent}\t{action_type}"
                f"\t{outcome}\t{created}\n"
            )
        return "".join(lines)


# --- writing -------------------------------------------------------------------------------

ChunkMaker = Callable[[int, int, int], str]

COLUMNS = {
    TENANTS: (
        "id", "company_name", "cnpj", "subscription_tier", "subscription_status", "settings",
        "created_at",
    ),
    USERS: (
        "id", "tenant_id", "email", "full_name", "cognito_user_id", "user_role", "status",
        "last_login_at", "created_at",
    ),
    LEADS: (
        "id", "tenant_id", "empresa", "cnpj", "setor", "porte", "atividade_principal", "contato",
        "telefone", "email", "status", "priority_score", "metadata", "created_at",
        "consent_given", "consent_date", "consent_source", "consent_ip_address", "name", "phone",
        "company", "message", "utm_source", "utm_medium", "utm_campaign", "ip_address",
        "user_agent",
    ),
    TRACES: (
        "id", "trace_id", "parent_trace_id", "tenant_id", "lead_id", "span_name", "span_type",
        "service_name", "start_time", "end_time", "status", "annotations", "metadata",
        "error_message", "error_stack", "created_at",
    ),
    EVENTS: (
        "id", "event_id", "trace_id", "source", "event_type", "detail", "metadata", "status",
        "processed_at", "retry_count", "error_message", "created_at",
    ),
    AUDIT_LOGS: (
        "id", "trace_id", "tenant_id", "user_id", "agent_id", "action_type", "result", "context",
        "error_message", "created_at",
    ),
}  # fmt: skip
CHUNK_ROWS = {LEADS: 2000, TRACES: 2500, EVENTS: 3000, AUDIT_LOGS: 4000}
TIME_STEPS = 256


def rows_text(rows: Iterable[Sequence[str]]) -> str:
    """COPY text for rows of already-escaped values."""
    return "".join("\t".join(row) + "\n" for row in rows)


def progress_line(table: str, done: int, total: int, seconds: float) -> str:
    """One progress line: rows so far, elapsed time, rate."""
    rate = done / seconds if seconds else 0.0
    return f"  {table}: {done:,}/{total:,} rows, {seconds:.1f} s, {rate:,.0f} rows/s"


def copy_rows(
    cursor: CursorWrapper, table: str, total: int, make_chunk: ChunkMaker, chunk_rows: int, log: Log
) -> float:
    """COPY `total` rows into table, chunk by chunk; return the seconds it took."""
    started = time.perf_counter()
    next_report = started + PROGRESS_SECONDS
    statement = f"COPY {table} ({', '.join(COLUMNS[table])}) FROM STDIN"
    with cursor.copy(statement) as copy:
        for first in range(0, total, chunk_rows):
            count = min(chunk_rows, total - first)
            copy.write(make_chunk(first, count, total))
            now = time.perf_counter()
            if now >= next_report and first + count < total:
                log(progress_line(table, first + count, total, now - started))
                next_report = now + PROGRESS_SECONDS
    return time.perf_counter() - started


@dataclass
class Deferred:
    """Indexes and constraints of a table, dropped for a bulk load and rebuilt after it."""

    table: str
    indexes: list[tuple[str, str]] = field(default_factory=list)
    constraints: list[tuple[str, str]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.indexes or self.constraints)


def estimated_rows(cursor: CursorWrapper, table: str) -> int:
    """The planner's row estimate for table (0 when never analysed)."""
    cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [table])
    return max(0, cursor.fetchone()[0])


def owns(cursor: CursorWrapper, table: str) -> bool:
    """May the current user alter table (drop and create its indexes and constraints)?"""
    cursor.execute(
        "SELECT pg_has_role(relowner, 'USAGE') FROM pg_class WHERE oid = %s::regclass", [table]
    )
    return cursor.fetchone()[0]


def should_defer(mode: str, rows: int, existing: int) -> bool:
    """Rebuild indexes after the load rather than maintain them row by row?"""
    if mode == "keep" or rows == 0:
        return False
    return mode == "defer" or (rows >= DEFER_MIN_ROWS and rows * DEFER_SHARE >= existing)


DEFERRABLE_INDEXES = """
    SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
    FROM pg_index i
    WHERE i.indrelid = %s::regclass AND i.indisvalid AND i.indisready AND i.indislive
      AND NOT i.indisclustered AND NOT i.indisreplident
      AND obj_description(i.indexrelid, 'pg_class') IS NULL
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
    ORDER BY i.indexrelid::regclass::text
"""
# Keys first, foreign keys last: the order they are re-added in. A primary or unique key
# that some foreign key references stays (dropping it would mean dropping that key too).
DEFERRABLE_CONSTRAINTS = """
    SELECT c.conname, pg_get_constraintdef(c.oid)
    FROM pg_constraint c
    WHERE c.conrelid = %s::regclass AND c.contype IN ('p', 'u', 'f')
      AND obj_description(c.oid, 'pg_constraint') IS NULL
      AND (c.contype = 'f' OR NOT EXISTS (
          SELECT 1 FROM pg_constraint r
          WHERE r.contype = 'f' AND r.confrelid = c.conrelid AND r.conindid = c.conindid
      ) AND NOT EXISTS (
          SELECT 1 FROM pg_index i
          WHERE i.indexrelid = c.conindid AND (i.indisclustered OR i.indisreplident)
      ))
    ORDER BY c.contype = 'f', c.contype, c.conname
"""


def drop_deferrable(cursor: CursorWrapper, table: str, quote: Callable[[str], str]) -> Deferred:
    """Drop table's plain indexes, unreferenced keys and foreign keys; return their DDL."""
    cursor.execute(DEFERRABLE_INDEXES, [table])
    deferred = Deferred(table, indexes=list(cursor.fetchall()))
    cursor.execute(DEFERRABLE_CONSTRAINTS, [table])
    deferred.constraints = list(cursor.fetchall())
    for name, _ in reversed(deferred.constraints):
        cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
    for name, _ in deferred.indexes:
        cursor.execute(f"DROP INDEX {name}")
    return deferred


def rebuild(
    cursor: CursorWrapper, deferred: Deferred, quote: Callable[[str], str], log: Log | None
) -> None:
    """Recreate the dropped indexes and re-add (so re-validate) the dropped constraints."""
    cursor.execute("SELECT current_setting('maintenance_work_mem')")
    previous = cursor.fetchone()[0]
    cursor.execute("SELECT set_config('maintenance_work_mem', '512MB', true)")
    statements = [
        (name, f"ALTER TABLE {deferred.table} ADD CONSTRAINT {quote(name)} {definition}")
        for name, definition in deferred.constraints
    ]
    statements += deferred.indexes
    for name, statement in statements:
        started = time.perf_counter()
        cursor.execute(statement)
        if log:
            log(f"    {name}: {time.perf_counter() - started:.1f} s")
    cursor.execute("SELECT set_config('maintenance_work_mem', %s, true)", [previous])


# --- orchestration -------------------------------------------------------------------------


class Loader:
    """Runs a LoadPlan on one cursor: reference reads, COPYs, rebuilds, ANALYZE."""

    def __init__(
        self,
        plan: LoadPlan,
        cursor: CursorWrapper,
        connection: BaseDatabaseWrapper,
        log: Log,
        verbose: bool,
    ) -> None:
        self.plan = plan
        self.verbose = verbose
        self.cursor = cursor
        self.quote = connection.ops.quote_name
        self.log = log
        self.now = utc_now()
        self.results: list[TableResult] = []
        self.gen = Generator(plan, self.agents(), self.now)

    def run(self) -> list[TableResult]:
        """Write everything the plan asks for; return one result per table written."""
        existing = self.existing_tenants()
        if not existing and not self.plan.tenants and (self.plan.leads or self.plan.audit_logs):
            raise LoadPlanError(
                "Leads and audit logs need at least one tenant, and the database has none: "
                "pass --tenants N (N > 0)."
            )
        self.gen.tenants = self.tenants(existing)
        if self.plan.leads:
            self.bulk(LEADS, self.plan.leads, self.gen.lead_chunk)
        elif self.plan.audit_logs or self.plan.events or self.plan.trace_count:
            self.gen.leads = self.recent_leads(self.gen.tenants)
        self.bulk(TRACES, self.plan.trace_count, self.gen.trace_chunk)
        self.bulk(EVENTS, self.plan.events, self.gen.event_chunk)
        self.bulk(AUDIT_LOGS, self.plan.audit_logs, self.gen.audit_chunk)
        self.analyze()
        return self.results

    def fetch(self, sql: str, params: Sequence = ()) -> list[tuple]:
        """All rows of a query."""
        self.cursor.execute(sql, params)
        return self.cursor.fetchall()

    def existing_tenants(self) -> list[tuple[str, datetime | None]]:
        """Tenants already in the database, oldest first."""
        return self.fetch(f"SELECT id::text, created_at FROM {TENANTS} ORDER BY created_at, id")

    def agents(self) -> list[tuple[str, str]]:
        """(id, name) of every agent in the catalogue."""
        return self.fetch("SELECT id::text, name FROM alquimista_platform.agents ORDER BY name")

    def tenants(self, existing: list[tuple[str, datetime | None]]) -> TenantRefs:
        """Write the new tenants and their users; return every tenant rows may point at."""
        gen, rng, count = self.gen, self.gen.rng, self.plan.tenants
        ranks = list(range(1, len(existing) + count + 1))
        rng.shuffle(ranks)
        first = self.now - timedelta(days=730 + 120)
        stretch = (self.now - timedelta(days=7) - first).total_seconds()
        created = sorted(first + timedelta(seconds=rng.random() * stretch) for _ in range(count))
        new = [
            gen.new_tenant(when, tier_for(rank, len(ranks)))
            for when, rank in zip(created, ranks[len(existing) :], strict=True)
        ]
        taken = {email for (email,) in self.fetch(f"SELECT email FROM {USERS}")}
        users = [row for tenant in new for row in gen.user_rows(tenant, taken)]
        self.small(TENANTS, [(t.id, *t.row) for t in new])
        self.small(USERS, users)
        window = self.now - timedelta(days=730)
        entries = [(min(c or window, window), tid) for tid, c in existing]
        entries += [(t.created, t.id) for t in new]
        by_tenant: dict[str, list[str]] = {}
        for user_id, tenant_id in self.fetch(f"SELECT id::text, tenant_id::text FROM {USERS}"):
            by_tenant.setdefault(tenant_id, []).append(user_id)
        return tenant_refs(entries, ranks, by_tenant)

    def recent_leads(self, tenants: TenantRefs) -> Sample:
        """A sample of the newest leads already written, for rows to point at."""
        index = {tenant_id: n for n, tenant_id in enumerate(tenants.ids)}
        rows = self.fetch(
            f"SELECT id::text, tenant_id::text, created_at FROM {LEADS}"
            " WHERE created_at IS NOT NULL ORDER BY created_at DESC LIMIT 20000"
        )
        sample = Sample()
        for lead_id, tenant_id, created in reversed(rows):
            if tenant_id in index:
                sample.ids.append(lead_id)
                sample.tenants.append(index[tenant_id])
                sample.epochs.append((created - datetime(1970, 1, 1)).total_seconds())
        return sample

    def small(self, table: str, rows: list[tuple[str, ...]]) -> None:
        """COPY a few rows at once."""
        if rows:
            text = rows_text(rows)
            seconds = copy_rows(self.cursor, table, len(rows), lambda *_: text, len(rows), self.log)
            self.report(TableResult(table, len(rows), seconds))

    def bulk(self, table: str, rows: int, make_chunk: ChunkMaker) -> None:
        """COPY many rows, dropping and rebuilding indexes around it when that is faster."""
        if not rows:
            return
        existing = estimated_rows(self.cursor, table)
        deferred = Deferred(table)
        if should_defer(self.plan.index_mode, rows, existing):
            if owns(self.cursor, table):
                deferred = drop_deferrable(self.cursor, table, self.quote)
            else:
                self.log(f"  {table}: not its owner, so its indexes are kept during the load")
        if deferred:
            self.log(
                f"  {table}: {len(deferred.indexes)} indexes and {len(deferred.constraints)}"
                f" key constraints dropped for the load, rebuilt after it"
                f" (~{existing:,} rows before)"
            )
        chunk_rows = min(CHUNK_ROWS[table], max(50, -(-rows // TIME_STEPS)))
        seconds = copy_rows(self.cursor, table, rows, make_chunk, chunk_rows, self.log)
        result = TableResult(table, rows, seconds)
        if deferred:
            started = time.perf_counter()
            rebuild(self.cursor, deferred, self.quote, self.log if self.verbose else None)
            result.index_seconds = time.perf_counter() - started
        self.report(result)

    def report(self, result: TableResult) -> None:
        """Record a table's result and print its timings."""
        self.results.append(result)
        line = (
            f"{result.table}: {result.rows:,} rows, COPY {result.copy_seconds:.1f} s"
            f" ({result.rows / max(result.copy_seconds, 1e-9):,.0f} rows/s)"
        )
        if result.index_seconds:
            line += (
                f", index/key rebuild {result.index_seconds:.1f} s"
                f", overall {result.rows_per_second:,.0f} rows/s"
            )
        self.log(line)

    def analyze(self) -> None:
        """Refresh planner statistics of every table written."""
        started = time.perf_counter()
        tables = list(dict.fromkeys(result.table for result in self.results))
        for table in tables:
            self.cursor.execute(f"ANALYZE {table}")
        if tables:
            self.log(f"ANALYZE {', '.join(tables)}: {time.perf_counter() - started:.1f} s")


def tier_for(rank: int, total: int) -> str:
    """Subscription tier of the tenant ranked `rank` (1: biggest) of total."""
    share = rank / total
    return next(tier for tier, top in zip(TENANT_TIERS, TIER_SHARE, strict=True) if share <= top)


def tenant_refs(
    entries: list[tuple[datetime, str]], ranks: list[int], users: dict[str, list[str]]
) -> TenantRefs:
    """Tenants ordered by when rows may start pointing at them, with Zipf-like weights."""
    refs = TenantRefs()
    total = 0.0
    order = sorted(range(len(entries)), key=lambda n: entries[n][0])
    for n in order:
        since, tenant_id = entries[n]
        total += ranks[n] ** -1.1
        refs.ids.append(tenant_id)
        refs.since.append((since - datetime(1970, 1, 1)).total_seconds())
        refs.cumulative.append(total)
        refs.users.append(tuple(users.get(tenant_id, ())))
    return refs


def load_volume(
    plan: LoadPlan,
    *,
    log: Log = print,
    connection: BaseDatabaseWrapper = default_connection,
    verbose: bool = False,
) -> list[TableResult]:
    """Add the plan's rows in one transaction (a savepoint inside an outer one)."""
    plan.validate()
    started = time.perf_counter()
    with (
        transaction.atomic(using=connection.alias),
        connection.wrap_database_errors,
        connection.cursor() as cursor,
    ):
        results = Loader(plan, cursor, connection, log, verbose).run()
    log(f"Done in {time.perf_counter() - started:.1f} s.")
    return results
