-- dbmigrations: no-transaction
-- dbmigrations: requires-extension pg_trgm
-- Substring search for the back-office (issue 13): "Idiomas" finds "Escola de Idiomas
-- Horizonte". The admin searches names and companies with Django's `icontains`, which
-- PostgreSQL receives as `UPPER(column::text) LIKE UPPER('%term%')`; a trigram index
-- (pg_trgm) on that same expression answers it without reading the table. CNPJs are
-- searched by their digits, whatever the punctuation stored or typed, through an
-- expression index on the digits. Built CONCURRENTLY, outside a transaction, so the
-- Lambdas keep writing; a build that fails leaves an INVALID index: DROP INDEX
-- CONCURRENTLY it, then apply again.

CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;

CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_leads_empresa_trgm
    ON nigredo_leads.leads USING gin (upper(empresa::text) public.gin_trgm_ops);

CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_leads_contato_trgm
    ON nigredo_leads.leads USING gin (upper(contato::text) public.gin_trgm_ops);

CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_leads_company_trgm
    ON nigredo_leads.leads USING gin (upper(company::text) public.gin_trgm_ops);

CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_leads_name_trgm
    ON nigredo_leads.leads USING gin (upper(name::text) public.gin_trgm_ops);

CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_leads_cnpj_digits
    ON nigredo_leads.leads (regexp_replace(cnpj::text, '[^0-9]', '', 'g'))
    WHERE cnpj IS NOT NULL;

CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_audit_action_type_trgm
    ON alquimista_platform.audit_logs USING gin (upper(action_type::text) public.gin_trgm_ops);

CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_tenants_company_name_trgm
    ON alquimista_platform.tenants USING gin (upper(company_name::text) public.gin_trgm_ops);

CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_tenants_cnpj_digits
    ON alquimista_platform.tenants (regexp_replace(cnpj::text, '[^0-9]', '', 'g'))
    WHERE cnpj IS NOT NULL;

CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_users_full_name_trgm
    ON alquimista_platform.users USING gin (upper(full_name::text) public.gin_trgm_ops);

CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_commercial_requests_company_name_trgm
    ON public.commercial_requests USING gin (upper(company_name::text) public.gin_trgm_ops);

CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_commercial_requests_cnpj_digits
    ON public.commercial_requests (regexp_replace(cnpj::text, '[^0-9]', '', 'g'))
    WHERE cnpj IS NOT NULL;

-- An expression index has no statistics until its table is analysed.
ANALYZE nigredo_leads.leads;
ANALYZE alquimista_platform.audit_logs;
ANALYZE alquimista_platform.tenants;
ANALYZE alquimista_platform.users;
ANALYZE public.commercial_requests;
