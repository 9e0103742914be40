-- Ledger columns for the dbmigrations runner: file checksum, run time and who ran it.
-- All nullable or defaulted, so the Lambdas' INSERT (migration_name, description) still works.

ALTER TABLE public.migrations
    ADD COLUMN checksum     VARCHAR(64),
    ADD COLUMN execution_ms INTEGER,
    ADD COLUMN installed_by VARCHAR(100);

-- Set apart from ADD COLUMN so that the rows recorded before this file keep NULL.
ALTER TABLE public.migrations ALTER COLUMN installed_by SET DEFAULT current_user;
