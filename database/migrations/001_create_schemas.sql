-- Creates the three platform schemas (fibonacci_core, nigredo_leads,
-- alquimista_platform), the migration ledger public.migrations and the shared
-- trigger function public.update_updated_at_column().

CREATE SCHEMA fibonacci_core;

CREATE SCHEMA nigredo_leads;

CREATE SCHEMA alquimista_platform;

-- Ledger of applied migrations
CREATE TABLE public.migrations (
    id             SERIAL       PRIMARY KEY,
    migration_name VARCHAR(255) NOT NULL UNIQUE,
    applied_at     TIMESTAMP    DEFAULT NOW(),
    description    TEXT
);

-- Trigger function: stamps updated_at with the current time before an UPDATE
CREATE OR REPLACE FUNCTION public.update_updated_at_column()
RETURNS TRIGGER AS $$
BEGIN
    NEW.updated_at := NOW();
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
