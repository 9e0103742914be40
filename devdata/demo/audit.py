"""Audit rows as the platform leaves them: lead intake, consent checks, agent activations,
refusals. Contexts hold ids and names, never a person's data."""

import uuid
from datetime import datetime, timedelta
from typing import Any

from devdata.demo.ids import demo_id
from devdata.demo.leads import origin
from devdata.demo.specs import TenantSpec
from devdata.demo.telemetry import write_trace
from devdata.demo.writer import DemoUser, DemoWriter
from nigredo.models import Lead
from platform_app.models import AuditAction, AuditLog, PlatformUser

Result = AuditLog.Result


def write_audit(
    w: DemoWriter,
    *,
    key: str,
    action: AuditAction,
    when: datetime,
    result: AuditLog.Result = Result.SUCCESS,
    tenant: TenantSpec | None = None,
    user: DemoUser | None = None,
    agent: str | None = None,
    context: dict[str, Any] | None = None,
    error: str | None = None,
    trace_id: uuid.UUID | None = None,
) -> None:
    """One audit row; without a trace of its own it gets one from the platform API."""
    tenant_id = w.tenant_id(tenant) if tenant else None
    if trace_id is None:
        trace_id = demo_id("trace", "audit", key)
        write_trace(
            w,
            trace_id=trace_id,
            span_name=action,
            span_type="api",
            service="alquimista-platform-api",
            start=when,
            end=when + timedelta(milliseconds=w.rng.randrange(40, 900)),
            tenant_id=tenant_id,
            error=error if result == Result.FAILURE else None,
        )
    w.put(
        AuditLog,
        demo_id("audit", key),
        trace_id=trace_id,
        tenant_id=tenant_id,
        user_id=user.id if user else None,
        agent_id=w.agent_id(agent) if agent else None,
        action_type=action,
        result=result,
        context=context or {},
        error_message=error,
        created_at=when,
    )


def write_platform_audit(w: DemoWriter) -> None:
    """Audit rows of lead intake, consent checks and agent activations, and refusals."""
    for lead in w.leads:
        if lead.tenant is not None and lead.status != Lead.Status.ANONIMIZADO:
            write_audit(
                w,
                key=f"lead-create-{lead.id}",
                action=AuditAction.LEAD_CREATE,
                when=lead.created_at,
                tenant=lead.tenant,
                agent="recebimento-leads",
                context={"lead_id": str(lead.id), "origem": origin(lead)},
                trace_id=demo_id("trace", lead.id),
            )
        if lead.from_form:
            write_audit(
                w,
                key=f"consent-{lead.id}",
                action=AuditAction.CONSENT_VALIDATION,
                when=lead.created_at,
                tenant=lead.tenant,
                trace_id=demo_id("trace", lead.id),
                context={"lead_id": str(lead.id), "consent_source": "formulario_site"},
            )
    for slug, agents in w.tenant_agents.items():
        spec = w.spec(slug)
        admin = w.user(slug, PlatformUser.Role.ADMIN)
        for name in agents[:3]:
            write_audit(
                w,
                key=f"agent-activate-{slug}-{name}",
                action=AuditAction.AGENT_ACTIVATED,
                when=w.signed_up(spec),
                tenant=spec,
                user=admin,
                agent=name,
                context={"plano": spec.plan},
            )
    write_refusals(w)


def write_refusals(w: DemoWriter) -> None:
    """An action the platform refused, and an import it took only in part."""
    starter = w.spec("recupera-credito")
    write_audit(
        w,
        key="agent-activate-fora-do-plano",
        action=AuditAction.AGENT_ACTIVATED,
        result=Result.FAILURE,
        when=w.ago(days=18),
        tenant=starter,
        user=w.user(starter.slug, PlatformUser.Role.ADMIN),
        agent="qualificacao-leads",
        context={"plano": starter.plan, "subnucleo": "vendas-sdr"},
        error="O plano Starter permite 1 SubNúcleo e vendas-sdr não está contratado",
    )
    write_audit(
        w,
        key="consent-sem-ip",
        action=AuditAction.CONSENT_VALIDATION,
        result=Result.PARTIAL,
        when=w.ago(days=11, hours=4),
        tenant=w.spec("vida-plena"),
        context={"origem": "importacao_planilha", "linhas_aceitas": 212, "linhas_rejeitadas": 14},
        error="Consentimento sem data nem IP de origem: linhas rejeitadas",
    )
