-- dbmigrations: no-transaction
-- Indexes on (sort column, id) for the back-office's keyset pagination of its big lists
-- (adminkit/keyset.py): a page is `WHERE (created_at, id) < ($1, $2) ORDER BY created_at
-- DESC, id DESC LIMIT 51`, which one descent of these indexes answers whatever the page's
-- depth, even when many rows share a timestamp (a batch written in one transaction gets
-- one now()). The same behind an equality the lists are often narrowed by, whose matches
-- grow with the table (a trace's audit logs and events, a tenant's leads): the page is a
-- range of that index instead of every match fetched and sorted. Built CONCURRENTLY,
-- outside a transaction, so the Lambdas keep writing. A build that fails leaves an INVALID
-- index: DROP INDEX CONCURRENTLY it, then apply again.

CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_leads_created_at_id
    ON nigredo_leads.leads (created_at DESC, id DESC);

CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_leads_tenant_created_at_id
    ON nigredo_leads.leads (tenant_id, created_at DESC, id DESC);

CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_interacoes_created_at_id
    ON nigredo_leads.interacoes (created_at DESC, id DESC);

CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_form_submissions_submitted_at_id
    ON nigredo_leads.form_submissions (submitted_at DESC, id DESC);

CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_webhook_logs_sent_at_id
    ON nigredo_leads.webhook_logs (sent_at DESC, id DESC);

CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_audit_created_at_id
    ON alquimista_platform.audit_logs (created_at DESC, id DESC);

CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_audit_trace_created_at_id
    ON alquimista_platform.audit_logs (trace_id, created_at DESC, id DESC);

CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_events_created_at_id
    ON fibonacci_core.events (created_at DESC, id DESC);

CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_traces_start_time_id
    ON fibonacci_core.traces (start_time DESC, id DESC);

CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_events_trace_created_at_id
    ON fibonacci_core.events (trace_id, created_at DESC, id DESC);
