-- Adds the LGPD consent columns to nigredo_leads.leads and the index
-- idx_leads_consent.

ALTER TABLE nigredo_leads.leads ADD COLUMN consent_given BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE nigredo_leads.leads ADD COLUMN consent_date TIMESTAMP;
ALTER TABLE nigredo_leads.leads ADD COLUMN consent_source VARCHAR(100);
ALTER TABLE nigredo_leads.leads ADD COLUMN consent_ip_address VARCHAR(45);

CREATE INDEX idx_leads_consent ON nigredo_leads.leads (consent_given, tenant_id);
