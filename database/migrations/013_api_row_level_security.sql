-- Row-level security for the back-office API's platform-user requests.
-- A role without LOGIN and without BYPASSRLS, granted to the connecting user, which each
-- platform-user request switches to (SET LOCAL ROLE) with SET LOCAL app.current_tenant_id.
-- Every tenant-owned table gets two permissive policies: the tenant role sees the rows of
-- the tenant in that setting (none when it is unset or empty: fail closed); every other
-- role sees every row, so the Lambdas (the owner: RLS does not apply to it) and the staff
-- requests are unaffected. Re-runnable: roles are cluster-wide and policies are replaced.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'backoffice_api_tenant') THEN
        CREATE ROLE backoffice_api_tenant NOLOGIN NOBYPASSRLS;
    END IF;
END
$$;

GRANT backoffice_api_tenant TO CURRENT_USER;

GRANT USAGE ON SCHEMA alquimista_platform, nigredo_leads, fibonacci_core, public
    TO backoffice_api_tenant;

-- The catalogue every tenant reads (no tenant column, no policy).
GRANT SELECT ON alquimista_platform.agents, public.subscription_plans, public.subnucleos,
    public.subnucleo_agents TO backoffice_api_tenant;

-- Tenant-owned tables the API reads and the services of later issues change.
GRANT SELECT, UPDATE ON alquimista_platform.tenants TO backoffice_api_tenant;
GRANT SELECT, INSERT, UPDATE, DELETE ON
    alquimista_platform.users, alquimista_platform.agent_activations,
    alquimista_platform.approval_requests, alquimista_platform.approval_decisions,
    alquimista_platform.notifications,
    nigredo_leads.leads, nigredo_leads.campanhas, nigredo_leads.interacoes,
    nigredo_leads.agendamentos, nigredo_leads.metricas_diarias, nigredo_leads.blocklist,
    public.tenant_subscriptions, public.tenant_subnucleos, public.tenant_agents,
    public.trials, public.commercial_requests
    TO backoffice_api_tenant;
-- Written by the platform's services only: read, and audit rows appended.
GRANT SELECT, INSERT ON alquimista_platform.audit_logs TO backoffice_api_tenant;
GRANT SELECT ON alquimista_platform.permissions, nigredo_leads.form_submissions,
    nigredo_leads.webhook_logs, fibonacci_core.events, fibonacci_core.traces,
    fibonacci_core.metrics, public.payment_events, public.subscriptions
    TO backoffice_api_tenant;
GRANT USAGE ON SEQUENCE alquimista_platform.notifications_id_seq,
    alquimista_platform.approval_decisions_id_seq TO backoffice_api_tenant;
-- Not granted: public.v_tenant_subscription_summary (a view reads its tables with its
-- owner's rights, past these policies), public.migrations, nigredo_leads.rate_limits.

-- Every tenant-owned table, with the condition that ties a row to the tenant in the
-- setting (%1$s below: NULL, so no row at all, when the setting is unset or empty).
DO $$
DECLARE
    target record;
    tenant_setting constant text :=
        'NULLIF(current_setting(''app.current_tenant_id'', true), '''')';
    condition text;
BEGIN
    FOR target IN
        SELECT * FROM (VALUES
            ('alquimista_platform', 'tenants', 'id = %1$s::uuid'),
            ('alquimista_platform', 'users', 'tenant_id = %1$s::uuid'),
            ('alquimista_platform', 'agent_activations', 'tenant_id = %1$s::uuid'),
            ('alquimista_platform', 'audit_logs', 'tenant_id = %1$s::uuid'),
            ('alquimista_platform', 'approval_requests', 'tenant_id = %1$s::uuid'),
            ('nigredo_leads', 'leads', 'tenant_id = %1$s::uuid'),
            ('nigredo_leads', 'campanhas', 'tenant_id = %1$s::uuid'),
            ('nigredo_leads', 'agendamentos', 'tenant_id = %1$s::uuid'),
            ('nigredo_leads', 'metricas_diarias', 'tenant_id = %1$s::uuid'),
            ('fibonacci_core', 'traces', 'tenant_id = %1$s::uuid'),
            ('public', 'tenant_subscriptions', 'tenant_id = %1$s::uuid'),
            ('public', 'tenant_subnucleos', 'tenant_id = %1$s::uuid'),
            ('public', 'tenant_agents', 'tenant_id = %1$s::uuid'),
            ('public', 'payment_events', 'tenant_id = %1$s::uuid'),
            ('public', 'commercial_requests', 'tenant_id = %1$s::uuid'),
            ('public', 'subscriptions', 'tenant_id = %1$s::uuid'),
            -- Reached through a lead, a user or an approval request.
            ('nigredo_leads', 'interacoes',
             'lead_id IN (SELECT l.id FROM nigredo_leads.leads l WHERE l.tenant_id = %1$s::uuid)'),
            ('nigredo_leads', 'blocklist',
             'lead_id IN (SELECT l.id FROM nigredo_leads.leads l WHERE l.tenant_id = %1$s::uuid)'),
            ('nigredo_leads', 'form_submissions',
             'lead_id IN (SELECT l.id FROM nigredo_leads.leads l WHERE l.tenant_id = %1$s::uuid)'),
            ('nigredo_leads', 'webhook_logs',
             'lead_id IN (SELECT l.id FROM nigredo_leads.leads l WHERE l.tenant_id = %1$s::uuid)'),
            ('alquimista_platform', 'notifications',
             'user_id IN (SELECT u.id FROM alquimista_platform.users u'
             ' WHERE u.tenant_id = %1$s::uuid)'),
            ('public', 'trials',
             'user_id IN (SELECT u.id FROM alquimista_platform.users u'
             ' WHERE u.tenant_id = %1$s::uuid)'),
            ('alquimista_platform', 'approval_decisions',
             'approval_id IN (SELECT r.id FROM alquimista_platform.approval_requests r'
             ' WHERE r.tenant_id = %1$s::uuid)'),
            -- Role grants are shared by every tenant; a user's grants belong to its tenant.
            ('alquimista_platform', 'permissions',
             'subject_type = ''role'' OR subject_id IN (SELECT u.id::text'
             ' FROM alquimista_platform.users u WHERE u.tenant_id = %1$s::uuid)'),
            -- The tenant the Lambdas stamp in the JSON (indexed expressions).
            ('fibonacci_core', 'events', '(metadata ->> ''tenantId'') = %1$s'),
            ('fibonacci_core', 'metrics', '(dimensions ->> ''tenantId'') = %1$s')
        ) AS t(schema_name, table_name, condition)
    LOOP
        condition := format(target.condition, tenant_setting);
        EXECUTE format('ALTER TABLE %I.%I ENABLE ROW LEVEL SECURITY',
            target.schema_name, target.table_name);
        EXECUTE format('DROP POLICY IF EXISTS api_tenant_isolation ON %I.%I',
            target.schema_name, target.table_name);
        EXECUTE format(
            'CREATE POLICY api_tenant_isolation ON %I.%I TO backoffice_api_tenant '
            'USING (%s) WITH CHECK (%s)',
            target.schema_name, target.table_name, condition, condition);
        EXECUTE format('DROP POLICY IF EXISTS api_other_roles ON %I.%I',
            target.schema_name, target.table_name);
        EXECUTE format(
            'CREATE POLICY api_other_roles ON %I.%I TO PUBLIC '
            'USING (current_user <> ''backoffice_api_tenant'') '
            'WITH CHECK (current_user <> ''backoffice_api_tenant'')',
            target.schema_name, target.table_name);
    END LOOP;
END
$$;
