"""The words the demo and the load generator both write: people (Faker's pt_BR locale),
companies with their sector and CNAE activity, cities, contact details, browsers, form
messages, campaign tags, conversation lines and error messages.

Everything random goes through a `Vocabulary` built from one seed (a `random.Random` and a
Faker instance seeded alike), so the same seed always gives the same words.
"""

import random
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple, TypeVar

from faker import Faker

from core.brazil import DDDS, random_cnpj
from platform_app.models import AuditAction

T = TypeVar("T")


class Sector(NamedTuple):
    name: str
    terms: tuple[str, ...]  # words a company of the sector puts in its name
    activities: tuple[str, ...]  # CNAE code and description of a main activity
    weight: float


SECTORS: tuple[Sector, ...] = (
    Sector(
        name="Tecnologia",
        terms=("Tecnologia", "Sistemas", "Software", "Digital", "TI"),
        activities=(
            "62.01-5-01 - Desenvolvimento de programas de computador sob encomenda",
            "62.09-1-00 - Suporte técnico, manutenção e outros serviços em tecnologia da "
            "informação",
            "63.11-9-00 - Tratamento de dados, provedores de serviços de aplicação e serviços "
            "de hospedagem na internet",
        ),
        weight=14,
    ),
    Sector(
        name="Saúde",
        terms=("Clínica", "Saúde", "Odontologia", "Laboratório", "Fisioterapia"),
        activities=(
            "86.30-5-03 - Atividade médica ambulatorial restrita a consultas",
            "86.30-5-04 - Atividade odontológica",
            "86.40-2-02 - Laboratórios clínicos",
        ),
        weight=11,
    ),
    Sector(
        name="Educação",
        terms=("Escola", "Colégio", "Cursos", "Educação", "Idiomas"),
        activities=(
            "85.13-9-00 - Ensino fundamental",
            "85.41-4-00 - Educação profissional de nível técnico",
            "85.93-7-00 - Ensino de idiomas",
        ),
        weight=8,
    ),
    Sector(
        name="Varejo",
        terms=("Comércio", "Magazine", "Farmácia", "Pet Shop", "Utilidades"),
        activities=(
            "47.71-7-01 - Comércio varejista de produtos farmacêuticos, sem manipulação de "
            "fórmulas",
            "47.81-4-00 - Comércio varejista de artigos do vestuário e acessórios",
            "47.89-0-04 - Comércio varejista de animais vivos e de artigos e alimentos para "
            "animais de estimação",
            "45.30-7-03 - Comércio a varejo de peças e acessórios novos para veículos automotores",
        ),
        weight=14,
    ),
    Sector(
        name="Atacado",
        terms=("Distribuidora", "Atacadista", "Comercial"),
        activities=("46.39-7-01 - Comércio atacadista de produtos alimentícios em geral",),
        weight=4,
    ),
    Sector(
        name="Indústria",
        terms=("Indústria", "Metalúrgica", "Plásticos", "Alimentos", "Têxtil"),
        activities=(
            "25.99-3-99 - Fabricação de outros produtos de metal não especificados anteriormente",
            "22.22-6-00 - Fabricação de embalagens de material plástico",
            "10.99-6-99 - Fabricação de outros produtos alimentícios não especificados "
            "anteriormente",
        ),
        weight=9,
    ),
    Sector(
        name="Serviços",
        terms=("Consultoria", "Serviços", "Assessoria", "Soluções", "Gestão"),
        activities=(
            "70.20-4-00 - Atividades de consultoria em gestão empresarial, exceto consultoria "
            "técnica específica",
            "82.11-3-00 - Serviços combinados de escritório e apoio administrativo",
            "82.91-1-00 - Atividades de cobranças e informações cadastrais",
        ),
        weight=13,
    ),
    Sector(
        name="Logística",
        terms=("Transportes", "Logística", "Cargas", "Expresso", "Armazéns"),
        activities=(
            "49.30-2-02 - Transporte rodoviário de carga, exceto produtos perigosos e "
            "mudanças, intermunicipal, interestadual e internacional",
            "52.11-7-01 - Armazéns gerais - emissão de warrant",
            "53.20-2-02 - Serviços de entrega rápida",
        ),
        weight=6,
    ),
    Sector(
        name="Construção",
        terms=("Construtora", "Engenharia", "Incorporadora", "Obras", "Acabamentos"),
        activities=(
            "41.20-4-00 - Construção de edifícios",
            "41.10-7-00 - Incorporação de empreendimentos imobiliários",
            "43.30-4-03 - Obras de acabamento em gesso e estuque",
        ),
        weight=6,
    ),
    Sector(
        name="Agronegócio",
        terms=("Agropecuária", "Agro", "Sementes", "Grãos", "Fazendas"),
        activities=(
            "01.15-6-00 - Cultivo de soja",
            "01.51-2-01 - Criação de bovinos para corte",
            "46.23-1-06 - Comércio atacadista de sementes, flores, plantas e gramas",
        ),
        weight=5,
    ),
    Sector(
        name="Financeiro",
        terms=("Contabilidade", "Cobrança", "Investimentos", "Seguros", "Crédito"),
        activities=(
            "69.20-6-01 - Atividades de contabilidade",
            "66.22-3-00 - Corretores e agentes de seguros, de planos de previdência "
            "complementar e de saúde",
            "64.36-1-00 - Sociedades de crédito, financiamento e investimento - financeiras",
        ),
        weight=6,
    ),
    Sector(
        name="Jurídico",
        terms=("Advogados Associados", "Advocacia", "Sociedade de Advogados", "Jurídico"),
        activities=("69.11-7-01 - Serviços advocatícios",),
        weight=3,
    ),
    Sector(
        name="Eventos",
        terms=("Eventos", "Buffet", "Produções", "Cerimonial", "Festas"),
        activities=(
            "82.30-0-01 - Serviços de organização de feiras, congressos, exposições e festas",
            "56.20-1-02 - Serviços de alimentação para eventos e recepções - bufê",
        ),
        weight=3,
    ),
    Sector(
        name="Alimentação",
        terms=("Restaurante", "Padaria", "Pizzaria", "Lanchonete", "Café"),
        activities=(
            "56.11-2-01 - Restaurantes e similares",
            "47.21-1-02 - Padaria e confeitaria com predominância de revenda",
            "56.11-2-03 - Lanchonetes, casas de chá, de sucos e similares",
        ),
        weight=7,
    ),
    Sector(
        name="Turismo e hotelaria",
        terms=("Hotel", "Pousada", "Turismo", "Viagens"),
        activities=("55.10-8-01 - Hotéis", "79.11-2-00 - Agências de viagens"),
        weight=3,
    ),
    Sector(
        name="Imobiliário",
        terms=("Imobiliária", "Imóveis", "Corretora de Imóveis"),
        activities=("68.21-8-01 - Corretagem na compra e venda e avaliação de imóveis",),
        weight=3,
    ),
)
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
    "Aliança", "Bela Vista", "Estrela do Sul", "Serra Verde", "Horizonte Azul",
)  # fmt: skip
# (suffix, weight); the size (porte) a suffix implies, else PORTES' weights
COMPANY_SUFFIXES = (("Ltda", 55), ("Ltda.", 8), ("S.A.", 4), ("ME", 13), ("EPP", 6), ("", 14))
PORTE_BY_SUFFIX = {"ME": ("ME", "MEI"), "EPP": ("EPP",), "S.A.": ("Grande", "Médio")}
PORTES = (("ME", 30), ("EPP", 25), ("Médio", 25), ("Grande", 10), ("MEI", 10))
EMPLOYEE_RANGES = ("1-9", "10-49", "50-99", "100-499", "500+")

CITIES = (
    ("São Paulo", "SP"), ("Rio de Janeiro", "RJ"), ("Belo Horizonte", "MG"),
    ("Curitiba", "PR"), ("Porto Alegre", "RS"), ("Brasília", "DF"), ("Salvador", "BA"),
    ("Recife", "PE"), ("Fortaleza", "CE"), ("Goiânia", "GO"), ("Florianópolis", "SC"),
    ("Campinas", "SP"), ("Manaus", "AM"), ("Belém", "PA"), ("Vitória", "ES"),
)  # fmt: skip
FREE_MAIL = (
    ("gmail.com", 52), ("hotmail.com", 17), ("outlook.com", 10), ("yahoo.com.br", 8),
    ("uol.com.br", 5), ("bol.com.br", 4), ("icloud.com", 4),
)  # fmt: skip
BR_IP_PREFIXES = (177, 179, 186, 187, 189, 191, 200, 201, 138, 143, 168, 170)
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
BOT_USER_AGENT = "python-requests/2.32.3"

# What people write in the public form, one sentence at a time.
FORM_SENTENCES = (
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
FORM_MESSAGE_MAX = 1000
FORM_PAGES = (
    "/contato",
    "/planos",
    "/demonstracao",
    "/subnucleos/vendas-sdr",
    "/blog/ia-no-whatsapp",
)
FORM_TYPES = ("contato", "demonstracao", "teste_gratis")
PIPELINE_ORIGINS = (
    "receita_federal",
    "linkedin_sales",
    "lista_feira",
    "base_parceiro",
    "google_maps",
)
LEAD_TAGS = ("b2b", "inbound", "outbound", "recorrente", "vip", "frio")
CONSENT_SOURCES_FORM = ("formulario_site", "landing_page", "formulario_site", "whatsapp_opt_in")
CONSENT_SOURCES_PIPELINE = ("importacao_crm", "whatsapp_opt_in", "evento_presencial")
CHANNELS = ("whatsapp", "email", "whatsapp", "whatsapp", "sms", "linkedin")

UTM_SOURCES = (
    ("google", 38), ("facebook", 16), ("instagram", 18), ("linkedin", 12), ("newsletter", 6),
    ("indicacao", 5), ("youtube", 5),
)  # fmt: skip
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
    "black-friday-b2b", "lancamento-sdr-ia", "webinar-atendimento-ia", "saude-telemedicina-2025",
    "educacao-ead-matriculas", "cobranca-inteligente", "eventos-relacionamento",
    "remarketing-trial", "always-on-institucional", "feira-varejo-sp",
)  # fmt: skip

# A conversation with a lead: the agents' lines ({contato}, {tenant}, {empresa}, {setor}
# are filled in) and the lead's replies by sentiment.
OPENERS = (
    "Olá, {contato}! Aqui é da {tenant}. Vi que a {empresa} atua com {setor} e queria mostrar "
    "como nossos agentes de IA respondem clientes pelo WhatsApp em segundos. Posso enviar um "
    "vídeo de 2 minutos?",
    "Bom dia, {contato}, tudo bem? Ajudamos empresas de {setor} a não perder nenhum contato "
    "fora do horário comercial. Faz sentido conversarmos 15 minutos esta semana?",
    "{contato}, boa tarde! Recebemos seu contato pelo site e separei casos de clientes "
    "parecidos com a {empresa}. Prefere falar por aqui ou por telefone?",
)
FOLLOW_UPS = (
    "Passando para saber se conseguiu ver o material que enviei. Posso ajudar em algo?",
    "{contato}, consegui uma condição especial para este mês. Quer que eu explique?",
)
SCHEDULING = "Perfeito! Tenho horários na quinta às 10h ou às 15h. Qual fica melhor para você?"
MEETING_ACCEPTED = "Pode ser às 15h. Manda o convite para o meu e-mail."
UNSUBSCRIBE_REPLY = "SAIR. Por favor, não me enviem mais mensagens."
CLOSING = "Se preferir não receber mensagens, responda SAIR."
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

# Errors: a failed send (pt-BR, as the agents report it), a Lambda's runtime error with
# its stack, an event the bus could not deliver.
SEND_ERRORS = (
    "WhatsApp Cloud API respondeu 429: limite de mensagens por segundo excedido",
    "Tempo esgotado (10s) ao chamar o provedor de e-mail",
    "Número sem WhatsApp: contato não pode receber mensagens",
)
RUNTIME_ERRORS = (
    ("Task timed out after 30.03 seconds", "Error: Task timed out\n    at Runtime.handler"),
    ("ThrottlingException: Rate exceeded", "ThrottlingException\n    at invokeModel"),
    ("connect ETIMEDOUT 10.0.3.12:5432", "Error: connect ETIMEDOUT\n    at TCPConnectWrap"),
)
EVENT_ERRORS = (
    "Task timed out after 30.03 seconds",
    "ThrottlingException: Rate exceeded",
    "Destino indisponível (HTTP 503)",
    "Payload inválido: campo leadId ausente",
)
WEBHOOK_TIMEOUT = "Tempo esgotado após 10s"
AUDIT_ERRORS: dict[AuditAction, tuple[str, ...]] = {
    AuditAction.LEAD_CREATE: ("Lead duplicado para o mesmo tenant", "E-mail inválido"),
    AuditAction.LEAD_UPDATE: ("Lead não encontrado", "Transição de status inválida"),
    AuditAction.AGENT_EXECUTE: ("Tempo limite do modelo excedido", "Cota de tokens esgotada"),
    AuditAction.USER_LOGIN: ("Senha incorreta", "Usuário bloqueado", "MFA inválido"),
    AuditAction.CONSENT_VALIDATION: (
        "Consentimento ausente",
        "Origem do consentimento inválida",
    ),
    AuditAction.AGENT_ACTIVATED: ("Limite de agentes do plano atingido",),
    AuditAction.AGENT_DEACTIVATED: ("Agente não está ativo para o tenant",),
    AuditAction.APPROVAL_APPROVE: ("Solicitação expirada",),
    AuditAction.APPROVAL_REJECT: ("Solicitação expirada",),
    AuditAction.APPROVAL_CANCELLED: ("Apenas o solicitante pode cancelar a aprovação",),
    AuditAction.DESCADASTRO: ("Contato não encontrado",),
    AuditAction.DIREITO_ESQUECIMENTO: ("Lead com agendamento futuro: cancelamento pendente",),
}


@dataclass(frozen=True)
class Company:
    empresa: str
    cnpj: str
    setor: str
    porte: str
    atividade: str
    domain: str


def ascii_slug(text: str, separator: str = "") -> str:
    """The lower-case ASCII letters and digits of text, words joined by separator."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return separator.join(re.findall(r"[a-z0-9]+", plain))


def weights_of(pairs: Sequence[tuple[T, float]]) -> tuple[list[T], list[float]]:
    """(items, weights) of (item, weight) pairs, for random.choices."""
    return [item for item, _ in pairs], [weight for _, weight in pairs]


class Vocabulary:
    """Draws words from one seed: a `random.Random` and a Faker pt_BR seeded alike."""

    def __init__(self, seed: int | str) -> None:
        self.rng = random.Random(seed)
        self.faker = Faker("pt_BR")
        self.faker.seed_instance(seed)
        self._sector_weights = [sector.weight for sector in SECTORS]
        self._suffixes, self._suffix_weights = weights_of(COMPANY_SUFFIXES)
        self._portes, self._porte_weights = weights_of(PORTES)
        self._utm_sources, self._utm_weights = weights_of(UTM_SOURCES)

    def person(self) -> str:
        """A Brazilian full name: first name, sometimes a middle family name, family name."""
        first, last = self.faker.first_name(), self.faker.last_name()
        if self.rng.random() < 0.45:
            return f"{first} {self.faker.last_name()} {last}"
        return f"{first} {last}"

    def email_local(self, full_name: str) -> str:
        """An e-mail local part made from a name, in one of the usual shapes."""
        words = full_name.split()
        first, last = ascii_slug(words[0]), ascii_slug(words[-1])
        return self.rng.choice(
            (
                f"{first}.{last}",
                f"{first}{last}",
                f"{first[0]}{last}",
                f"{first}_{last}",
                f"{first}.{last}{self.rng.randrange(1, 99)}",
            )
        )

    def company(self) -> Company:
        """A company of some sector, with a valid CNPJ (usually its head office) and a domain."""
        rng = self.rng
        sector = rng.choices(SECTORS, weights=self._sector_weights)[0]
        term = rng.choice(sector.terms)
        if rng.random() < 0.3:
            core = self.faker.last_name()
            core = f"{core} & {self.faker.last_name()}" if rng.random() < 0.4 else core
        else:
            core = rng.choice(COMPANY_CORES)
        suffix = rng.choices(self._suffixes, weights=self._suffix_weights)[0]
        parts = (term, core, suffix) if rng.random() < 0.5 else (core, term, suffix)
        porte = rng.choice(
            PORTE_BY_SUFFIX.get(suffix) or rng.choices(self._portes, weights=self._porte_weights)
        )
        return Company(
            empresa=" ".join(part for part in parts if part),
            cnpj=random_cnpj(rng, branch=1 if rng.random() < 0.85 else rng.randrange(2, 40)),
            setor=sector.name,
            porte=porte,
            atividade=rng.choice(sector.activities),
            domain=f"{ascii_slug(core)}{ascii_slug(term)[:12]}.com.br",
        )

    def city(self) -> tuple[str, str]:
        """A city and its state (UF)."""
        return self.rng.choice(CITIES)

    def public_ip(self) -> str:
        """An IPv4 address from a Brazilian provider's range."""
        bits = self.rng.getrandbits(24)
        prefix = BR_IP_PREFIXES[bits % len(BR_IP_PREFIXES)]
        return f"{prefix}.{bits >> 16 & 255}.{bits >> 8 & 255}.{(bits & 255) or 1}"

    def mobile(self) -> str:
        """A Brazilian mobile number in E.164, São Paulo's DDD five times likelier."""
        ddd = self.rng.choice((11, 11, 11, 11, *DDDS))
        return f"+55{ddd}9{self.rng.randrange(10**8):08d}"

    def cnpj(self) -> str:
        """A formatted head-office CNPJ with valid check digits."""
        return random_cnpj(self.rng)

    def form_message(self) -> str:
        """A public-form message of one to many sentences, within the column's limit."""
        count = min(len(FORM_SENTENCES), int(self.rng.expovariate(0.5)) + 1)
        text = " ".join(self.rng.sample(FORM_SENTENCES, count))
        if self.rng.random() < 0.15:
            text = text.replace(". ", ".\n", 1)
        return text[:FORM_MESSAGE_MAX]

    def utm(self) -> tuple[str, str, str]:
        """utm_source, utm_medium and utm_campaign of a visit."""
        source = self.rng.choices(self._utm_sources, weights=self._utm_weights)[0]
        return source, self.rng.choice(UTM_MEDIUMS[source]), self.rng.choice(UTM_CAMPAIGNS)

    def user_agent(self) -> str:
        """A browser's user agent."""
        return self.rng.choice(USER_AGENTS)
