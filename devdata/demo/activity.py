"""What happens to each lead: its intake trace and event, the conversation with the agents
(a span and an event per message, a failed send now and then) and the meetings booked."""

import uuid
from datetime import datetime, timedelta
from typing import NamedTuple

from devdata.demo.ids import demo_id
from devdata.demo.leads import origin
from devdata.demo.telemetry import write_event, write_trace
from devdata.demo.writer import DemoLead, DemoWriter
from devdata.vocabulary import (
    FOLLOW_UPS,
    MEETING_ACCEPTED,
    OPENERS,
    REPLIES,
    SCHEDULING,
    SEND_ERRORS,
    UNSUBSCRIBE_REPLY,
)
from fibonacci.models import Event
from nigredo.models import Agendamento, Interacao, Lead

Status = Lead.Status
Meeting = Agendamento.Status
UNSUBSCRIBE = "SAIR"  # what the lead answers in the unsubscribe script


class Message(NamedTuple):
    tipo: str
    canal: str
    mensagem: str
    sentimento: str | None


def write_trace_pair(w: DemoWriter, lead: DemoLead) -> uuid.UUID:
    """The lead's intake trace and its 'lead.created' event; returns the trace id."""
    trace_id = demo_id("trace", lead.id)
    running = w.now - lead.created_at < timedelta(hours=1)
    end = lead.created_at + timedelta(seconds=w.rng.uniform(1.5, 9))
    write_trace(
        w,
        trace_id=trace_id,
        lead=lead,
        span_name="nigredo.lead.intake",
        span_type="workflow",
        service="nigredo-formulario" if lead.from_form else "nigredo-recebimento",
        start=lead.created_at,
        end=None if running else end,
    )
    write_event(
        w,
        key=f"lead-{lead.id}",
        trace_id=trace_id,
        source="nigredo.formulario" if lead.from_form else "nigredo.recebimento",
        event_type="lead.created",
        detail={"lead_id": str(lead.id), "empresa": lead.empresa, "origem": origin(lead)},
        when=lead.created_at,
        status=Event.Status.PUBLISHED if running else Event.Status.PROCESSED,
    )
    return trace_id


def conversation(w: DemoWriter, lead: DemoLead) -> list[Message]:
    """The messages exchanged with the lead: the agents' lines and the lead's replies."""
    canal = "email" if lead.from_form and w.rng.random() < 0.4 else "whatsapp"
    opener = w.rng.choice(OPENERS)
    follow_up = w.rng.choice(FOLLOW_UPS)
    booked = [
        ("abordagem", opener),
        ("resposta", "positivo"),
        ("agendamento", SCHEDULING),
        ("resposta", MEETING_ACCEPTED),
    ]
    scripts: dict[str, list[tuple[str, str]]] = {
        Status.NOVO: [],
        Status.QUALIFICADO: [("abordagem", opener), ("follow_up", follow_up)][
            : w.rng.randint(1, 2)
        ],
        Status.EM_CONTATO: [
            ("abordagem", opener),
            ("resposta", "neutro"),
            ("follow_up", follow_up),
            ("resposta", "positivo"),
        ][: w.rng.randint(3, 4)],
        Status.AGENDADO: booked,
        Status.CONVERTIDO: booked,
        Status.PERDIDO: [("abordagem", opener), ("follow_up", follow_up), ("resposta", "negativo")],
        Status.DESCADASTRADO: [*booked[:3], ("resposta", UNSUBSCRIBE)],
        Status.ANONIMIZADO: [("abordagem", ""), ("resposta", "")],
    }
    return [message(w, lead, canal, tipo, text) for tipo, text in scripts[lead.status]]


def message(w: DemoWriter, lead: DemoLead, canal: str, tipo: str, text: str) -> Message:
    """One message of a conversation; replies carry their sentiment."""
    tenant = lead.tenant.company_name if lead.tenant else "Alquimista"
    if tipo != "resposta":
        content = text.format(
            contato=lead.contato.split(" ")[0] if lead.contato else "",
            tenant=tenant,
            empresa=lead.empresa,
            setor=lead.setor.lower(),
        )
        return Message(tipo, canal, content, None)
    if text in REPLIES:
        return Message(tipo, canal, w.rng.choice(REPLIES[text]), text)
    if text == UNSUBSCRIBE:
        return Message(tipo, canal, UNSUBSCRIBE_REPLY, "negativo")
    return Message(tipo, canal, text, "positivo" if text else None)


def write_interacao(
    w: DemoWriter, lead: DemoLead, root: uuid.UUID, index: int, msg: Message, when: datetime
) -> None:
    """One message, its agent span (after a failed try, now and then) and its event."""
    trace_id = demo_id("trace", lead.id, "interacao", index)
    inbound = msg.tipo == "resposta"
    agent = "atendimento-respostas" if inbound else f"disparo-{msg.canal}"
    if not inbound and w.rng.random() < 0.1:
        write_failed_send(w, lead, root, index, msg.canal, when)
    write_trace(
        w,
        trace_id=trace_id,
        parent=root,
        lead=lead,
        span_name=f"agente.{agent}",
        span_type="agent",
        service=f"nigredo-{agent}",
        start=when,
        end=when + timedelta(seconds=w.rng.uniform(0.4, 6)),
    )
    ranges = {"positivo": (55, 95), "neutro": (20, 55), "negativo": (60, 100)}
    w.put(
        Interacao,
        demo_id("interacao", lead.id, index),
        lead_id=lead.id,
        tipo=msg.tipo,
        canal=msg.canal,
        mensagem=msg.mensagem,
        sentimento=msg.sentimento,
        intensidade=w.rng.randint(*ranges[msg.sentimento]) if msg.sentimento else None,
        trace_id=trace_id,
        created_at=when,
    )
    write_event(
        w,
        key=f"interacao-{lead.id}-{index}",
        trace_id=trace_id,
        source=f"nigredo.{'atendimento' if inbound else 'disparo'}",
        event_type="message.received" if inbound else "message.sent",
        detail={"lead_id": str(lead.id), "canal": msg.canal, "tipo": msg.tipo},
        when=when,
    )


def write_failed_send(
    w: DemoWriter, lead: DemoLead, root: uuid.UUID, index: int, canal: str, when: datetime
) -> None:
    """A send that failed before the retry that went through."""
    trace_id = demo_id("trace", lead.id, "falha", index)
    error = w.rng.choice(SEND_ERRORS)
    start = when - timedelta(minutes=w.rng.uniform(2, 30))
    write_trace(
        w,
        trace_id=trace_id,
        parent=root,
        lead=lead,
        span_name=f"agente.disparo-{canal}",
        span_type="agent",
        service=f"nigredo-disparo-{canal}",
        start=start,
        end=start + timedelta(seconds=w.rng.uniform(1, 10)),
        error=error,
    )
    write_event(
        w,
        key=f"falha-{lead.id}-{index}",
        trace_id=trace_id,
        source="nigredo.disparo",
        event_type="message.failed",
        detail={"lead_id": str(lead.id), "canal": canal},
        when=start,
        status=Event.Status.FAILED,
        error=error,
    )


def office_hour(w: DemoWriter, day: datetime) -> datetime:
    """A whole hour between 9:00 and 17:00 in São Paulo (UTC-3) on that day."""
    return day.replace(hour=w.rng.randint(12, 20), minute=0, second=0, microsecond=0)


def past_meeting(w: DemoWriter, lead: DemoLead) -> datetime:
    """A meeting time a few days after the lead arrived, before now."""
    past = office_hour(w, w.after(lead.created_at, w.rng.uniform(48, 200)))
    return past - timedelta(days=1) if past > w.now else past


def meetings(w: DemoWriter, lead: DemoLead) -> list[tuple[Agendamento.Status, datetime]]:
    """(status, time) of the meetings booked with the lead, in São Paulo office hours."""
    soon = office_hour(w, w.now + timedelta(days=w.rng.randint(1, 10)))
    match lead.status:
        case Status.AGENDADO:
            return [(w.rng.choice((Meeting.PROPOSTO, Meeting.CONFIRMADO)), soon)]
        case Status.DESCADASTRADO:
            return [(Meeting.CANCELADO, soon)]
        case Status.CONVERTIDO:
            return [(Meeting.REALIZADO, past_meeting(w, lead))]
        case Status.EM_CONTATO if w.rng.random() < 0.4:
            return [(w.rng.choice((Meeting.CANCELADO, Meeting.REALIZADO)), past_meeting(w, lead))]
    return []


def write_agendamento(
    w: DemoWriter,
    lead: DemoLead,
    root: uuid.UUID,
    index: int,
    status: Agendamento.Status,
    when: datetime,
    booked: datetime,
) -> None:
    """A meeting with the lead, booked at booked, and the event that booked it."""
    w.put(
        Agendamento,
        demo_id("agendamento", lead.id, index),
        lead_id=lead.id,
        tenant_id=w.lead_tenant_id(lead),
        data_hora=when,
        duracao=w.rng.choice((30, 45, 60)),
        status=status,
        calendar_event_id=f"gcal-{demo_id('gcal', lead.id, index).hex[:20]}"
        if status in {Meeting.CONFIRMADO, Meeting.REALIZADO}
        else None,
        briefing=f"{lead.empresa} ({lead.setor}). Interesse em automatizar o atendimento "
        "pelo WhatsApp; quer entender preço e prazo de implantação.",
        created_at=booked,
    )
    write_event(
        w,
        key=f"agendamento-{lead.id}-{index}",
        trace_id=root,
        source="nigredo.agendamento",
        event_type="meeting.scheduled",
        detail={"lead_id": str(lead.id), "data_hora": when.isoformat()},
        when=booked,
    )


def write_lead_activity(w: DemoWriter, lead: DemoLead) -> None:
    """The lead's pipeline trace and events, its interactions and its meetings."""
    root = write_trace_pair(w, lead)
    moment = lead.created_at
    proposed: datetime | None = None
    for index, msg in enumerate(conversation(w, lead)):
        moment = w.after(moment, w.rng.uniform(2, 40))
        write_interacao(w, lead, root, index, msg, moment)
        if msg.tipo == "agendamento":
            proposed = moment
    w.last_contact[lead.id] = moment
    for index, (status, when) in enumerate(meetings(w, lead)):
        booked = w.after(proposed or max(lead.created_at, when - timedelta(days=1)), 0.2)
        write_agendamento(w, lead, root, index, status, when, booked)
