-- dbmigrations: no-transaction
-- Case-insensitive prefix indexes on the lead name columns, for the back-office search
-- (`UPPER(column::text) LIKE 'TERM%'`). Built CONCURRENTLY, outside a transaction, so
-- the Lambdas keep writing leads meanwhile. A build that fails leaves an INVALID index:
-- DROP INDEX CONCURRENTLY it, then run apply again.

CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_leads_empresa_prefix
    ON nigredo_leads.leads (upper(empresa::text) text_pattern_ops);

CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_leads_contato_prefix
    ON nigredo_leads.leads (upper(contato::text) text_pattern_ops)
    WHERE contato IS NOT NULL;

CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_leads_company_prefix
    ON nigredo_leads.leads (upper(company::text) text_pattern_ops)
    WHERE company IS NOT NULL;

CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_leads_name_prefix
    ON nigredo_leads.leads (upper(name::text) text_pattern_ops)
    WHERE name IS NOT NULL;
