-- dbmigrations: no-transaction
-- Support and dashboard (back-office issue 11): an index on the lead an audit row's
-- context names (the lead activity page), one on each event source's newest row (the
-- operations page), one on metricas_diarias.data (the dashboard's daily range across
-- tenants) and three small materialised summaries the dashboard reads instead of grouping
-- millions of rows per page view. `manage.py refresh_dashboard` refreshes them
-- CONCURRENTLY (schedule it every 10 minutes). Every statement is re-runnable; a failed
-- index build leaves an INVALID index: DROP INDEX CONCURRENTLY it, then apply again.

CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_audit_context_lead
    ON alquimista_platform.audit_logs ((COALESCE(context ->> 'leadId', context ->> 'lead_id')))
    WHERE COALESCE(context ->> 'leadId', context ->> 'lead_id') IS NOT NULL;

CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_events_source_created
    ON fibonacci_core.events (source, created_at DESC);

CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_metricas_diarias_data
    ON nigredo_leads.metricas_diarias (data);

-- Leads created per São Paulo day and current status, the last 40 days.
CREATE MATERIALIZED VIEW IF NOT EXISTS nigredo_leads.dashboard_leads_daily AS
SELECT (created_at AT TIME ZONE 'UTC' AT TIME ZONE 'America/Sao_Paulo')::date AS day,
       status,
       count(*)::bigint AS leads,
       now() AS refreshed_at
FROM nigredo_leads.leads
WHERE created_at >= (now() AT TIME ZONE 'UTC') - interval '40 days'
GROUP BY 1, 2;

CREATE UNIQUE INDEX IF NOT EXISTS dashboard_leads_daily_key
    ON nigredo_leads.dashboard_leads_daily (day, status);

-- Audit rows per São Paulo day and result, the last 40 days.
CREATE MATERIALIZED VIEW IF NOT EXISTS alquimista_platform.dashboard_audit_daily AS
SELECT (created_at AT TIME ZONE 'UTC' AT TIME ZONE 'America/Sao_Paulo')::date AS day,
       result,
       count(*)::bigint AS audit_rows,
       now() AS refreshed_at
FROM alquimista_platform.audit_logs
WHERE created_at >= (now() AT TIME ZONE 'UTC') - interval '40 days'
GROUP BY 1, 2;

CREATE UNIQUE INDEX IF NOT EXISTS dashboard_audit_daily_key
    ON alquimista_platform.dashboard_audit_daily (day, result);

-- Events per status, the whole table.
CREATE MATERIALIZED VIEW IF NOT EXISTS fibonacci_core.dashboard_events_status AS
SELECT status, count(*)::bigint AS events, now() AS refreshed_at
FROM fibonacci_core.events
GROUP BY status;

CREATE UNIQUE INDEX IF NOT EXISTS dashboard_events_status_key
    ON fibonacci_core.dashboard_events_status (status);
