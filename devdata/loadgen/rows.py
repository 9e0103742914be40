"""The rows the load writes, one named tuple per table: its fields are the COPY's columns.

Values are what COPY's text format reads: strings (uuids as 32 hex digits, timestamps as
'YYYY-MM-DD HH:MM:SS.ffffff' in UTC, JSON documents), integers, booleans, None for NULL.
"""

from typing import NamedTuple

TENANTS = "alquimista_platform.tenants"
USERS = "alquimista_platform.users"
LEADS = "nigredo_leads.leads"
AUDIT_LOGS = "alquimista_platform.audit_logs"
EVENTS = "fibonacci_core.events"
TRACES = "fibonacci_core.traces"


class TenantRow(NamedTuple):
    id: str
    company_name: str
    cnpj: str
    subscription_tier: str
    subscription_status: str
    settings: str
    created_at: str


class UserRow(NamedTuple):
    id: str
    tenant_id: str
    email: str
    full_name: str
    cognito_user_id: str | None
    user_role: str
    status: str
    last_login_at: str | None
    created_at: str


class LeadRow(NamedTuple):
    id: str
    tenant_id: str
    empresa: str
    status: str
    priority_score: int
    metadata: str
    created_at: str
    consent_given: bool = False
    consent_date: str | None = None
    consent_source: str | None = None
    consent_ip_address: str | None = None
    # columns of the enrichment pipeline
    cnpj: str | None = None
    setor: str | None = None
    porte: str | None = None
    atividade_principal: str | None = None
    contato: str | None = None
    telefone: str | None = None
    email: str | None = None
    # columns of the public form
    name: str | None = None
    phone: str | None = None
    company: str | None = None
    message: str | None = None
    utm_source: str | None = None
    utm_medium: str | None = None
    utm_campaign: str | None = None
    ip_address: str | None = None
    user_agent: str | None = None


class TraceRow(NamedTuple):
    id: str
    trace_id: str
    parent_trace_id: str | None
    tenant_id: str | None
    lead_id: str | None
    span_name: str
    span_type: str
    service_name: str
    start_time: str
    end_time: str | None
    status: str
    annotations: str
    metadata: str
    error_message: str | None
    error_stack: str | None
    created_at: str


class EventRow(NamedTuple):
    id: str
    event_id: str
    trace_id: str
    source: str
    event_type: str
    detail: str
    metadata: str
    status: str
    processed_at: str | None
    retry_count: int
    error_message: str | None
    created_at: str


class AuditLogRow(NamedTuple):
    id: str
    trace_id: str
    tenant_id: str
    user_id: str | None
    agent_id: str | None
    action_type: str
    result: str
    context: str
    error_message: str | None
    created_at: str


COLUMNS: dict[str, tuple[str, ...]] = {
    TENANTS: TenantRow._fields,
    USERS: UserRow._fields,
    LEADS: LeadRow._fields,
    TRACES: TraceRow._fields,
    EVENTS: EventRow._fields,
    AUDIT_LOGS: AuditLogRow._fields,
}
