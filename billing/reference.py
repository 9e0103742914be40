"""Reference data production holds: subscription plans, SubNúcleos and the agent catalogue.

Rows are matched by their unique `name` and updated to the values below; nothing is
ever deleted, so the loader is safe to run against production.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from billing.models import Subnucleo, SubnucleoAgent, SubscriptionPlan
from core.models import upsert
from platform_app.models import Agent

PLANS: tuple[dict[str, Any], ...] = (
    {
        "name": "starter",
        "display_name": "Starter",
        "description": "Para pequenas empresas que começam a automatizar o atendimento "
        "com um SubNúcleo de agentes.",
        "price_monthly": Decimal("297.00"),
        "price_yearly": Decimal("2970.00"),
        "max_subnucleos": 1,
        "max_agents": 8,
        "max_users": 3,
        "includes_fibonacci": False,
        "features": [
            "1 SubNúcleo à escolha",
            "Até 8 agentes de IA",
            "Até 3 usuários",
            "WhatsApp e e-mail",
            "Suporte por e-mail em horário comercial",
        ],
        "sort_order": 1,
    },
    {
        "name": "profissional",
        "display_name": "Profissional",
        "description": "Para equipes em crescimento que combinam dois SubNúcleos e querem "
        "a orquestração do Fibonacci.",
        "price_monthly": Decimal("697.00"),
        "price_yearly": Decimal("6970.00"),
        "max_subnucleos": 2,
        "max_agents": 16,
        "max_users": 10,
        "includes_fibonacci": True,
        "features": [
            "2 SubNúcleos à escolha",
            "Até 16 agentes de IA",
            "Até 10 usuários",
            "Orquestrador Fibonacci",
            "Fluxos de aprovação",
            "Suporte por chat",
        ],
        "sort_order": 2,
    },
    {
        "name": "expert",
        "display_name": "Expert",
        "description": "Para operações com várias frentes de atendimento, relatórios "
        "avançados e integrações sob medida.",
        "price_monthly": Decimal("1497.00"),
        "price_yearly": Decimal("14970.00"),
        "max_subnucleos": 4,
        "max_agents": 24,
        "max_users": 25,
        "includes_fibonacci": True,
        "features": [
            "4 SubNúcleos à escolha",
            "Até 24 agentes de IA",
            "Até 25 usuários",
            "Orquestrador Fibonacci",
            "Relatórios avançados e métricas diárias",
            "Integrações via webhook e API",
            "Suporte prioritário",
        ],
        "sort_order": 3,
    },
    {
        "name": "enterprise",
        "display_name": "Enterprise",
        "description": "Todos os SubNúcleos e agentes, usuários ilimitados e atendimento "
        "dedicado para grandes empresas.",
        "price_monthly": Decimal("2997.00"),
        "price_yearly": Decimal("29970.00"),
        "max_subnucleos": 7,
        "max_agents": 32,
        "max_users": 999999,
        "includes_fibonacci": True,
        "features": [
            "Todos os 7 SubNúcleos",
            "Todos os 32 agentes de IA",
            "Usuários ilimitados",
            "Orquestrador Fibonacci",
            "SLA de 99,9% e gerente de conta dedicado",
            "Conformidade LGPD assistida",
        ],
        "sort_order": 4,
    },
)

SUBNUCLEOS: tuple[dict[str, Any], ...] = (
    {
        "name": "saude-telemedicina",
        "display_name": "Saúde e Telemedicina",
        "description": "Agendamento de consultas, triagem e acompanhamento de pacientes "
        "pelo WhatsApp.",
        "category": "saude",
        "icon": "stethoscope",
        "sort_order": 1,
    },
    {
        "name": "educacao-ead",
        "display_name": "Educação e EAD",
        "description": "Matrículas, tutoria e engajamento de alunos em cursos presenciais "
        "e a distância.",
        "category": "educacao",
        "icon": "graduation-cap",
        "sort_order": 2,
    },
    {
        "name": "eventos-relacionamento",
        "display_name": "Eventos e Relacionamento",
        "description": "Convites, confirmações de presença e pesquisas de satisfação "
        "para eventos e clientes.",
        "category": "eventos",
        "icon": "calendar-heart",
        "sort_order": 3,
    },
    {
        "name": "vendas-sdr",
        "display_name": "Vendas e SDR",
        "description": "Prospecção B2B de ponta a ponta: recebe, enriquece, qualifica e "
        "aborda leads até a reunião agendada.",
        "category": "vendas",
        "icon": "target",
        "sort_order": 4,
    },
    {
        "name": "cobranca-financeiro",
        "display_name": "Cobrança e Financeiro",
        "description": "Cobrança amigável, negociação de dívidas, boletos e Pix com "
        "conciliação automática.",
        "category": "financeiro",
        "icon": "wallet",
        "sort_order": 5,
    },
    {
        "name": "servicos-field",
        "display_name": "Serviços em Campo",
        "description": "Ordens de serviço, roteirização de técnicos e orçamentos para "
        "equipes externas.",
        "category": "servicos",
        "icon": "wrench",
        "sort_order": 6,
    },
    {
        "name": "organizacoes-juridico",
        "display_name": "Organizações e Jurídico",
        "description": "Triagem jurídica, prazos processuais, contratos e conformidade com a LGPD.",
        "category": "organizacoes",
        "icon": "scale",
        "sort_order": 7,
    },
)

# (SubNúcleo, name, display name, description, version); each agent's home SubNúcleo.
AGENTS: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "saude-telemedicina",
        "agendamento-consultas",
        "Agendamento de Consultas",
        "Marca, remarca e cancela consultas conversando com o paciente pelo WhatsApp.",
        "1.4.0",
    ),
    (
        "saude-telemedicina",
        "triagem-sintomas",
        "Triagem de Sintomas",
        "Faz a triagem inicial dos sintomas e encaminha o paciente para o atendimento certo.",
        "1.2.1",
    ),
    (
        "saude-telemedicina",
        "lembrete-medicacao",
        "Lembrete de Medicação",
        "Envia lembretes de horários de medicação e confirma a adesão ao tratamento.",
        "1.1.0",
    ),
    (
        "saude-telemedicina",
        "acompanhamento-pos-consulta",
        "Acompanhamento Pós-Consulta",
        "Acompanha a evolução do paciente nos dias seguintes à consulta.",
        "1.0.3",
    ),
    (
        "educacao-ead",
        "tutor-virtual",
        "Tutor Virtual",
        "Tira dúvidas dos alunos sobre o conteúdo das aulas a qualquer hora.",
        "2.0.0",
    ),
    (
        "educacao-ead",
        "matricula-digital",
        "Matrícula Digital",
        "Conduz a matrícula do aluno, coleta documentos e envia o contrato para assinatura.",
        "1.3.0",
    ),
    (
        "educacao-ead",
        "engajamento-alunos",
        "Engajamento de Alunos",
        "Identifica alunos com risco de evasão e os reengaja com mensagens personalizadas.",
        "1.1.2",
    ),
    (
        "educacao-ead",
        "avaliacao-automatica",
        "Correção e Avaliação",
        "Corrige atividades discursivas e devolve comentários ao aluno.",
        "1.0.0",
    ),
    (
        "eventos-relacionamento",
        "convites-eventos",
        "Convites e Inscrições",
        "Envia convites, recebe inscrições e responde dúvidas sobre o evento.",
        "1.2.0",
    ),
    (
        "eventos-relacionamento",
        "confirmacao-presenca",
        "Confirmação de Presença",
        "Confirma a presença em eventos e compromissos e reduz as faltas.",
        "1.5.0",
    ),
    (
        "eventos-relacionamento",
        "pesquisa-satisfacao",
        "Pesquisa de Satisfação (NPS)",
        "Aplica pesquisas de NPS e satisfação e resume os comentários recebidos.",
        "1.1.0",
    ),
    (
        "eventos-relacionamento",
        "relacionamento-datas",
        "Relacionamento em Datas Especiais",
        "Parabeniza clientes em aniversários e datas comemorativas com ofertas sob medida.",
        "1.0.1",
    ),
    (
        "vendas-sdr",
        "recebimento-leads",
        "Recebimento de Leads",
        "Recebe leads do formulário, de planilhas e de integrações e remove duplicados.",
        "2.1.0",
    ),
    (
        "vendas-sdr",
        "enriquecimento-cnpj",
        "Enriquecimento de CNPJ",
        "Completa os dados da empresa a partir do CNPJ: setor, porte e atividade principal.",
        "1.6.0",
    ),
    (
        "vendas-sdr",
        "qualificacao-leads",
        "Qualificação de Leads",
        "Pontua e qualifica os leads pelo perfil de cliente ideal (ICP) e pelo BANT.",
        "1.4.2",
    ),
    (
        "vendas-sdr",
        "estrategia-abordagem",
        "Estratégia de Abordagem",
        "Escreve a primeira mensagem e a cadência de follow-ups de cada lead.",
        "1.3.0",
    ),
    (
        "vendas-sdr",
        "disparo-whatsapp",
        "Disparo WhatsApp",
        "Envia as mensagens das campanhas respeitando janelas de horário e a blocklist.",
        "2.0.4",
    ),
    (
        "vendas-sdr",
        "atendimento-respostas",
        "Atendimento de Respostas",
        "Responde aos leads, trata objeções e reconhece pedidos de descadastro.",
        "1.8.0",
    ),
    (
        "vendas-sdr",
        "agendamento-reunioes",
        "Agendamento de Reuniões",
        "Propõe horários, confirma reuniões na agenda e envia o briefing ao vendedor.",
        "1.5.1",
    ),
    (
        "vendas-sdr",
        "analise-sentimento",
        "Análise de Sentimento",
        "Classifica o sentimento e a intensidade de cada resposta recebida.",
        "1.2.0",
    ),
    (
        "cobranca-financeiro",
        "cobranca-amigavel",
        "Cobrança Amigável",
        "Lembra vencimentos e cobra faturas em atraso com tom cordial.",
        "1.3.0",
    ),
    (
        "cobranca-financeiro",
        "negociacao-dividas",
        "Negociação de Dívidas",
        "Propõe acordos e parcelamentos dentro das regras definidas pelo credor.",
        "1.1.0",
    ),
    (
        "cobranca-financeiro",
        "emissao-boletos-pix",
        "Emissão de Boletos e Pix",
        "Gera boletos e cobranças Pix e envia a segunda via ao cliente.",
        "1.2.3",
    ),
    (
        "cobranca-financeiro",
        "conciliacao-pagamentos",
        "Conciliação de Pagamentos",
        "Concilia pagamentos recebidos com as faturas em aberto e avisa divergências.",
        "1.0.2",
    ),
    (
        "servicos-field",
        "ordens-servico",
        "Abertura de Ordens de Serviço",
        "Abre ordens de serviço a partir de mensagens de clientes, com fotos e endereço.",
        "1.4.0",
    ),
    (
        "servicos-field",
        "roteirizacao-tecnicos",
        "Roteirização de Técnicos",
        "Distribui as visitas entre os técnicos e monta a rota do dia.",
        "1.1.1",
    ),
    (
        "servicos-field",
        "checklist-campo",
        "Checklist de Campo",
        "Guia o técnico pelo checklist do serviço e registra as evidências.",
        "1.0.0",
    ),
    (
        "servicos-field",
        "orcamentos-rapidos",
        "Orçamentos Rápidos",
        "Monta orçamentos a partir da tabela de preços e os envia para aprovação do cliente.",
        "1.2.0",
    ),
    (
        "organizacoes-juridico",
        "triagem-juridica",
        "Triagem Jurídica",
        "Faz a triagem inicial de casos e encaminha para a área jurídica responsável.",
        "1.1.0",
    ),
    (
        "organizacoes-juridico",
        "prazos-processuais",
        "Controle de Prazos Processuais",
        "Acompanha publicações e avisa a equipe sobre prazos processuais.",
        "1.3.2",
    ),
    (
        "organizacoes-juridico",
        "revisao-contratos",
        "Revisão de Contratos",
        "Aponta cláusulas de risco e sugere ajustes em contratos recebidos.",
        "1.0.4",
    ),
    (
        "organizacoes-juridico",
        "conformidade-lgpd",
        "Conformidade LGPD",
        "Atende pedidos de titulares (descadastro, acesso, esquecimento) dentro dos prazos.",
        "1.2.0",
    ),
)

# Agents also offered, as optional, in a second SubNúcleo: (SubNúcleo, agent).
SHARED_AGENTS: tuple[tuple[str, str], ...] = (
    ("saude-telemedicina", "confirmacao-presenca"),
    ("eventos-relacionamento", "analise-sentimento"),
    ("servicos-field", "agendamento-reunioes"),
    ("vendas-sdr", "conformidade-lgpd"),
)

AGENT_CHANNELS = {
    "saude": ["whatsapp", "sms"],
    "educacao": ["whatsapp", "email"],
    "eventos": ["whatsapp", "email"],
    "vendas": ["whatsapp", "email"],
    "financeiro": ["whatsapp", "email", "sms"],
    "servicos": ["whatsapp"],
    "organizacoes": ["email", "whatsapp"],
}


@dataclass(frozen=True)
class Reference:
    """The reference rows, by name, as the demo data needs them."""

    plans: dict[str, SubscriptionPlan]
    subnucleos: dict[str, Subnucleo]
    agents: dict[str, Agent]
    subnucleo_agents: dict[str, list[str]]


def subnucleo_category(subnucleo: str) -> str:
    """The category of a SubNúcleo listed above."""
    return next(s["category"] for s in SUBNUCLEOS if s["name"] == subnucleo)


def agent_values(index: int, agent: tuple[str, str, str, str, str]) -> dict[str, Any]:
    """The columns of one catalogue agent."""
    subnucleo, _name, display_name, description, version = agent
    category = subnucleo_category(subnucleo)
    return {
        "display_name": display_name,
        "description": description,
        "category": category,
        "version": version,
        "status": "active",
        "config": {
            "idioma": "pt-BR",
            "canais": AGENT_CHANNELS[category],
            "temperatura": 0.2 if category in {"financeiro", "organizacoes"} else 0.4,
            "max_tokens": 1024,
            "horario_envio": {"inicio": "08:00", "fim": "20:00"},
            "requer_aprovacao_humana": category in {"financeiro", "organizacoes"},
        },
        "pricing": {
            "moeda": "BRL",
            "modelo": "por_execucao",
            "preco_avulso_mensal": float(47 + 10 * (index % 5)),
            "execucoes_incluidas": 500,
            "preco_execucao_excedente": 0.05 + 0.01 * (index % 3),
        },
    }


def subnucleo_links() -> list[tuple[str, str, int, bool]]:
    """Every (SubNúcleo, agent, sort_order, is_required) link of the catalogue."""
    links: list[tuple[str, str, int, bool]] = []
    for subnucleo in SUBNUCLEOS:
        home = [a[1] for a in AGENTS if a[0] == subnucleo["name"]]
        shared = [agent for s, agent in SHARED_AGENTS if s == subnucleo["name"]]
        links += [(subnucleo["name"], agent, order, True) for order, agent in enumerate(home, 1)]
        links += [
            (subnucleo["name"], agent, order, False)
            for order, agent in enumerate(shared, len(home) + 1)
        ]
    return links


def load_reference_data() -> Reference:
    """Upsert the plans, SubNúcleos, agents and their links by name; delete nothing."""
    with transaction.atomic():
        for plan in PLANS:
            upsert(SubscriptionPlan, {"name": plan["name"]}, _without_name(plan))
        for subnucleo in SUBNUCLEOS:
            upsert(Subnucleo, {"name": subnucleo["name"]}, _without_name(subnucleo))
        for index, agent in enumerate(AGENTS):
            upsert(Agent, {"name": agent[1]}, agent_values(index, agent))
        reference = read_reference()
        for subnucleo_name, agent_name, sort_order, is_required in subnucleo_links():
            upsert(
                SubnucleoAgent,
                {
                    "subnucleo": reference.subnucleos[subnucleo_name],
                    "agent": reference.agents[agent_name],
                },
                {"sort_order": sort_order, "is_required": is_required},
            )
    return reference


def read_reference() -> Reference:
    """The listed plans, SubNúcleos and agents as they stand in the database."""
    links: dict[str, list[str]] = {}
    for subnucleo, agent, _order, _required in subnucleo_links():
        links.setdefault(subnucleo, []).append(agent)
    return Reference(
        plans={p.name: p for p in SubscriptionPlan.objects.filter(name__in=_names(PLANS))},
        subnucleos={s.name: s for s in Subnucleo.objects.filter(name__in=_names(SUBNUCLEOS))},
        agents={a.name: a for a in Agent.objects.filter(name__in=[a[1] for a in AGENTS])},
        subnucleo_agents=links,
    )


def _without_name(row: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in row.items() if key != "name"}


def _names(rows: tuple[dict[str, Any], ...]) -> list[str]:
    return [row["name"] for row in rows]
