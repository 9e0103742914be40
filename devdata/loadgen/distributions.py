"""How often each value appears in the volume data. Every status, role, tier, result and
action is a member of its model's TextChoices; only the weights live here."""

from typing import NamedTuple

from fibonacci.models import Event
from nigredo.models import Lead
from platform_app.models import AuditAction, PlatformUser, Tenant

# Tiers by tenant size rank: the biggest 5 % enterprise, then professional, starter, free.
TIER_SHARES: tuple[tuple[Tenant.Tier, float], ...] = (
    (Tenant.Tier.ENTERPRISE, 0.05),
    (Tenant.Tier.PROFESSIONAL, 0.50),
    (Tenant.Tier.STARTER, 0.85),
    (Tenant.Tier.FREE, 1.0),
)
TENANT_STATUSES = (
    (Tenant.Status.ACTIVE, 92),
    (Tenant.Status.SUSPENDED, 3),
    (Tenant.Status.CANCELLED, 5),
)
# A tenant's first user is its admin; the others:
USER_ROLES = (
    (PlatformUser.Role.MANAGER, 1),
    (PlatformUser.Role.OPERATOR, 2),
    (PlatformUser.Role.VIEWER, 2),
)
USER_STATUSES = (
    (PlatformUser.Status.ACTIVE, 90),
    (PlatformUser.Status.INACTIVE, 7),
    (PlatformUser.Status.SUSPENDED, 3),
)

# Lead statuses (anonimizado is left to the erasure flow): old leads have mostly moved on,
# new ones are mostly new; a status shifts the priority score.
LEAD_STATUSES = (
    Lead.Status.NOVO,
    Lead.Status.EM_CONTATO,
    Lead.Status.QUALIFICADO,
    Lead.Status.AGENDADO,
    Lead.Status.CONVERTIDO,
    Lead.Status.PERDIDO,
    Lead.Status.DESCADASTRADO,
)
LEAD_STATUS_WEIGHTS_OLD = (8, 10, 14, 5, 16, 43, 4)
LEAD_STATUS_WEIGHTS_NEW = (70, 14, 7, 4, 1.5, 3, 0.5)
LEAD_SCORE_SHIFT = (0, 5, 22, 28, 35, -20, -30)


class AuditKind(NamedTuple):
    action: AuditAction
    weight: float
    failure_rate: float


AUDIT_KINDS = (
    AuditKind(AuditAction.LEAD_CREATE, 24, 0.01),
    AuditKind(AuditAction.LEAD_UPDATE, 22, 0.01),
    AuditKind(AuditAction.AGENT_EXECUTE, 20, 0.05),
    AuditKind(AuditAction.USER_LOGIN, 12, 0.08),
    AuditKind(AuditAction.CONSENT_VALIDATION, 8, 0.03),
    AuditKind(AuditAction.AGENT_ACTIVATED, 2.5, 0.02),
    AuditKind(AuditAction.AGENT_DEACTIVATED, 0.5, 0.01),
    AuditKind(AuditAction.APPROVAL_APPROVE, 5, 0.01),
    AuditKind(AuditAction.APPROVAL_REJECT, 2, 0.01),
    AuditKind(AuditAction.APPROVAL_CANCELLED, 0.5, 0.01),
    AuditKind(AuditAction.DESCADASTRO, 2.5, 0.005),
    AuditKind(AuditAction.DIREITO_ESQUECIMENTO, 0.5, 0.01),
)
# Actions a platform user takes (the others are the agents' and the pipeline's).
USER_ACTIONS = frozenset(
    {
        AuditAction.LEAD_UPDATE,
        AuditAction.USER_LOGIN,
        AuditAction.AGENT_ACTIVATED,
        AuditAction.AGENT_DEACTIVATED,
        AuditAction.APPROVAL_APPROVE,
        AuditAction.APPROVAL_REJECT,
        AuditAction.APPROVAL_CANCELLED,
    }
)
LEAD_ACTIONS = frozenset(
    {
        AuditAction.LEAD_CREATE,
        AuditAction.LEAD_UPDATE,
        AuditAction.AGENT_EXECUTE,
        AuditAction.CONSENT_VALIDATION,
        AuditAction.DESCADASTRO,
        AuditAction.DIREITO_ESQUECIMENTO,
    }
)
AGENT_ACTIONS = frozenset(
    {AuditAction.AGENT_EXECUTE, AuditAction.AGENT_ACTIVATED, AuditAction.AGENT_DEACTIVATED}
)
APPROVAL_ACTIONS = frozenset(
    {AuditAction.APPROVAL_APPROVE, AuditAction.APPROVAL_REJECT, AuditAction.APPROVAL_CANCELLED}
)


class EventKind(NamedTuple):
    source: str
    event_type: str
    weight: float
    kind: str  # what its detail is about: lead, lgpd, workflow, agent, platform, billing


EVENT_KINDS = (
    EventKind("nigredo.prospecting", "lead.created", 14, "lead"),
    EventKind("nigredo.prospecting", "lead.enriched", 8, "lead"),
    EventKind("nigredo.prospecting", "lead.qualified", 5, "lead"),
    EventKind("nigredo.prospecting", "lead.status_changed", 6, "lead"),
    EventKind("nigredo.prospecting", "message.sent", 10, "lead"),
    EventKind("nigredo.prospecting", "message.delivered", 8, "lead"),
    EventKind("nigredo.prospecting", "message.replied", 3, "lead"),
    EventKind("nigredo.scheduling", "meeting.proposed", 2, "lead"),
    EventKind("nigredo.scheduling", "meeting.confirmed", 1, "lead"),
    EventKind("nigredo.lgpd", "consent.validated", 2, "lgpd"),
    EventKind("nigredo.lgpd", "lead.unsubscribed", 0.5, "lgpd"),
    EventKind("nigredo.lgpd", "lead.forgotten", 0.1, "lgpd"),
    EventKind("fibonacci.orchestrator", "workflow.started", 8, "workflow"),
    EventKind("fibonacci.orchestrator", "workflow.completed", 7, "workflow"),
    EventKind("fibonacci.orchestrator", "agent.invoked", 9, "agent"),
    EventKind("fibonacci.orchestrator", "agent.completed", 8, "agent"),
    EventKind("fibonacci.orchestrator", "agent.failed", 0.6, "agent"),
    EventKind("alquimista.platform", "user.login", 3, "platform"),
    EventKind("alquimista.platform", "approval.requested", 0.8, "platform"),
    EventKind("alquimista.platform", "approval.decided", 0.7, "platform"),
    EventKind("alquimista.platform", "agent.activated", 0.5, "platform"),
    EventKind("alquimista.platform", "agent.deactivated", 0.2, "platform"),
    EventKind("alquimista.platform", "tenant.updated", 0.3, "platform"),
    EventKind("alquimista.billing", "payment.succeeded", 0.4, "billing"),
    EventKind("alquimista.billing", "subscription.renewed", 0.2, "billing"),
    EventKind("alquimista.billing", "payment.failed", 0.05, "billing"),
)
EVENT_STATUSES = (
    (Event.Status.PROCESSED, 88),
    (Event.Status.PUBLISHED, 8),
    (Event.Status.FAILED, 4),
)


class SpanKind(NamedTuple):
    service_name: str
    span_name: str
    span_type: str
    weight: float
    median_ms: float
    spread: float  # of the log-normal duration


SPAN_KINDS = (
    SpanKind("nigredo-prospecting", "enrich-lead", "lambda", 10, 900, 0.8),
    SpanKind("nigredo-prospecting", "qualify-lead", "llm", 8, 2800, 0.7),
    SpanKind("nigredo-prospecting", "send-message", "http", 12, 350, 0.6),
    SpanKind("nigredo-prospecting", "score-lead", "lambda", 6, 120, 0.5),
    SpanKind("nigredo-api", "POST /api/leads", "http", 6, 180, 0.6),
    SpanKind("nigredo-api", "rate-limit-check", "db", 6, 8, 0.7),
    SpanKind("fibonacci-orchestrator", "orchestrate-workflow", "workflow", 9, 6000, 0.9),
    SpanKind("fibonacci-orchestrator", "invoke-agent", "llm", 12, 3500, 0.8),
    SpanKind("fibonacci-orchestrator", "route-event", "queue", 10, 40, 0.6),
    SpanKind("alquimista-platform-api", "GET /api/agents", "http", 4, 90, 0.5),
    SpanKind("alquimista-platform-api", "POST /api/approvals", "http", 2, 140, 0.5),
    SpanKind("alquimista-platform-api", "query-audit-logs", "db", 3, 60, 0.9),
    SpanKind("alquimista-billing", "process-payment-webhook", "lambda", 1, 450, 0.6),
)
# Of all traces: 1 % still running, 4 % failed, the rest completed.
TRACE_RUNNING_SHARE = 0.01
TRACE_FAILED_SHARE = 0.05
