"""What the unsubscribe and right-to-be-forgotten flows leave behind."""

from datetime import timedelta

from devdata.demo.audit import write_audit
from devdata.demo.ids import FORGOTTEN_LEAD_ID, UNSUBSCRIBED_LEAD_ID, approval_id, demo_id
from devdata.demo.leads import lead
from devdata.demo.telemetry import write_event
from devdata.demo.writer import DemoWriter
from nigredo.models import BlocklistEntry
from platform_app.models import AuditAction, PlatformUser


def write_lgpd(w: DemoWriter) -> None:
    """The blocklist rows, audit rows and event of an unsubscribe and of an erasure."""
    unsubscribed = lead(w, UNSUBSCRIBED_LEAD_ID)
    when = w.last_contact[unsubscribed.id] + timedelta(seconds=40)
    blocked = w.put(
        BlocklistEntry,
        demo_id("blocklist", unsubscribed.id),
        lead_id=unsubscribed.id,
        telefone=unsubscribed.telefone,
        email=unsubscribed.email,
        reason="Descadastro solicitado pelo lead via WhatsApp (respondeu SAIR)",
        created_at=when,
    )
    w.put(
        BlocklistEntry,
        demo_id("blocklist", "reclamacao-spam"),
        lead_id=None,
        telefone=None,
        email="compras@distribuidoraaurora.com.br",
        reason="Reclamação de spam recebida pelo provedor de e-mail",
        created_at=w.ago(days=27),
    )
    write_audit(
        w,
        key="descadastro",
        action=AuditAction.DESCADASTRO,
        when=when,
        tenant=unsubscribed.tenant,
        agent="atendimento-respostas",
        context={
            "lead_id": str(unsubscribed.id),
            "canal": "whatsapp",
            "agendamentos_cancelados": [str(demo_id("agendamento", unsubscribed.id, 0))],
            "blocklist_id": str(blocked),
        },
    )
    write_event(
        w,
        key=f"descadastro-{unsubscribed.id}",
        trace_id=demo_id("trace", "audit", "descadastro"),
        source="nigredo.lgpd",
        event_type="lead.unsubscribed",
        detail={"lead_id": str(unsubscribed.id), "agendamentos_cancelados": 1},
        when=when,
    )
    forgotten = lead(w, FORGOTTEN_LEAD_ID)
    assert forgotten.tenant is not None
    write_audit(
        w,
        key="direito-esquecimento",
        action=AuditAction.DIREITO_ESQUECIMENTO,
        when=w.ago(days=6),
        tenant=forgotten.tenant,
        user=w.user(forgotten.tenant.slug, PlatformUser.Role.ADMIN),
        agent="conformidade-lgpd",
        context={
            "lead_id": str(forgotten.id),
            "approval_id": approval_id(forgotten.tenant.slug, "esquecimento"),
            "campos_anonimizados": ["empresa", "cnpj", "contato", "telefone", "email"],
            "interacoes_apagadas": 2,
        },
    )
