-- dbmigrations: no-transaction
-- LGPD (back-office issue 10): erased contacts stay blocked without their plain text.
-- The right to be forgotten replaces a blocklist row's e-mail and phone by keyed hashes
-- (HMAC-SHA256 of the normalised value, hex) in two new columns; `is_blocked(email,
-- telefone)` recognises plain and hashed entries in any spelling. The key is NOT in the
-- database: the caller sets it for its transaction, `SELECT set_config(
-- 'lgpd.blocklist_key', <secret>, true)`, from the secret the back-office reads as
-- LGPD_BLOCKLIST_KEY; the hash functions refuse to run without it (fail closed).
-- Normalisation is the platform import's: e-mails trimmed and lower-cased; phones '+' and
-- their digits, with +55 added to a Brazilian national number (DDD + number, a leading
-- trunk 0 or international 00 dropped). Expression indexes on the normalised contact of
-- leads, blocklist and commercial requests, and indexes on a blocklist entry's lead and an
-- approval request's resource, keep the lookups (subject report, blocklist search,
-- unsubscribe, erasure) on indexes. Every statement is re-runnable; the indexes are built
-- CONCURRENTLY (a failed build leaves an INVALID index: DROP INDEX CONCURRENTLY it, then
-- apply again).

CREATE OR REPLACE FUNCTION nigredo_leads.normalize_email(p_email text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT NULLIF(lower(btrim(p_email, E' \t\r\n')), '')
$$;

CREATE OR REPLACE FUNCTION nigredo_leads.normalize_phone(p_phone text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE
        WHEN s.digits = '' THEN NULL
        WHEN s.international THEN '+' || s.digits
        WHEN s.digits LIKE '00%' AND length(s.digits) > 2 THEN '+' || substr(s.digits, 3)
        WHEN s.digits LIKE '0%' AND length(s.digits) IN (11, 12) THEN '+55' || substr(s.digits, 2)
        WHEN length(s.digits) IN (10, 11) THEN '+55' || s.digits
        ELSE '+' || s.digits
    END
    FROM (
        SELECT regexp_replace(p_phone, '[^0-9]', '', 'g') AS digits,
               btrim(p_phone, E' \t\r\n') LIKE '+%' AS international
    ) AS s
$$;

-- RFC 2104 over the built-in sha256() (PostgreSQL 11+): no extension needed.
CREATE OR REPLACE FUNCTION nigredo_leads.hmac_sha256(p_key bytea, p_message bytea)
RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    WITH hashed AS (
        SELECT CASE WHEN length(p_key) > 64 THEN sha256(p_key) ELSE p_key END AS k
    ), block AS (
        SELECT k || decode(repeat('00', 64 - length(k)), 'hex') AS k FROM hashed
    ), pads AS (
        SELECT string_agg(set_byte('\x00'::bytea, 0, get_byte(k, i) # 54), ''::bytea ORDER BY i)
                   AS inner_pad,
               string_agg(set_byte('\x00'::bytea, 0, get_byte(k, i) # 92), ''::bytea ORDER BY i)
                   AS outer_pad
        FROM block, generate_series(0, 63) AS i
    )
    SELECT sha256(outer_pad || sha256(inner_pad || p_message)) FROM pads
$$;

-- The keyed hash of an already normalised contact, with the key of this transaction.
CREATE OR REPLACE FUNCTION nigredo_leads.contact_hash(p_normalized text)
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE
AS $$
DECLARE
    v_key text := current_setting('lgpd.blocklist_key', true);
BEGIN
    IF p_normalized IS NULL THEN
        RETURN NULL;
    END IF;
    IF v_key IS NULL OR v_key = '' THEN
        RAISE EXCEPTION 'lgpd.blocklist_key is not set'
            USING ERRCODE = '55000',
                  HINT = 'SELECT set_config(''lgpd.blocklist_key'', <secret>, true) first.';
    END IF;
    RETURN encode(
        nigredo_leads.hmac_sha256(convert_to(v_key, 'UTF8'), convert_to(p_normalized, 'UTF8')),
        'hex'
    );
END
$$;

ALTER TABLE nigredo_leads.blocklist ADD COLUMN IF NOT EXISTS email_hash character varying(64);
ALTER TABLE nigredo_leads.blocklist ADD COLUMN IF NOT EXISTS telefone_hash character varying(64);

-- An erased entry keeps only its hashes: production's blocklist_contact_required gives
-- way to a check that counts them (under a new name: `baseline` then sees 015 as absent
-- on a database built like production, not as partly present).
ALTER TABLE nigredo_leads.blocklist
    DROP CONSTRAINT IF EXISTS blocklist_contact_required,
    DROP CONSTRAINT IF EXISTS blocklist_contact_or_hash_required,
    ADD CONSTRAINT blocklist_contact_or_hash_required CHECK (
        telefone IS NOT NULL OR email IS NOT NULL
        OR telefone_hash IS NOT NULL OR email_hash IS NOT NULL
    );

-- Whether a contact may not be approached: a plain entry with the same normalised e-mail
-- or phone, or an erased entry with the same keyed hash. SECURITY DEFINER: the blocklist
-- is platform-wide, whatever rows the caller's role may read.
CREATE OR REPLACE FUNCTION nigredo_leads.is_blocked(p_email text, p_telefone text)
RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_email text := nigredo_leads.normalize_email(p_email);
    v_phone text := nigredo_leads.normalize_phone(p_telefone);
    v_email_hash text;
    v_phone_hash text;
BEGIN
    IF v_email IS NULL AND v_phone IS NULL THEN
        RETURN false;
    END IF;
    IF v_email IS NOT NULL AND EXISTS (
        SELECT 1 FROM nigredo_leads.blocklist b
        WHERE b.email IS NOT NULL AND nigredo_leads.normalize_email(b.email) = v_email
    ) THEN
        RETURN true;
    END IF;
    IF v_phone IS NOT NULL AND EXISTS (
        SELECT 1 FROM nigredo_leads.blocklist b
        WHERE b.telefone IS NOT NULL AND nigredo_leads.normalize_phone(b.telefone) = v_phone
    ) THEN
        RETURN true;
    END IF;
    -- Hashed before the lookups, so a missing key is refused whatever the plan.
    v_email_hash := nigredo_leads.contact_hash(v_email);
    v_phone_hash := nigredo_leads.contact_hash(v_phone);
    RETURN EXISTS (
        SELECT 1 FROM nigredo_leads.blocklist b WHERE b.email_hash = v_email_hash
    ) OR EXISTS (
        SELECT 1 FROM nigredo_leads.blocklist b WHERE b.telefone_hash = v_phone_hash
    );
END
$$;

CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_blocklist_email_normalized
    ON nigredo_leads.blocklist (nigredo_leads.normalize_email(email)) WHERE email IS NOT NULL;
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_blocklist_telefone_normalized
    ON nigredo_leads.blocklist (nigredo_leads.normalize_phone(telefone)) WHERE telefone IS NOT NULL;
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_blocklist_lead_id
    ON nigredo_leads.blocklist (lead_id) WHERE lead_id IS NOT NULL;
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_blocklist_email_hash
    ON nigredo_leads.blocklist (email_hash) WHERE email_hash IS NOT NULL;
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_blocklist_telefone_hash
    ON nigredo_leads.blocklist (telefone_hash) WHERE telefone_hash IS NOT NULL;

CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_leads_email_normalized
    ON nigredo_leads.leads (nigredo_leads.normalize_email(email)) WHERE email IS NOT NULL;
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_leads_telefone_normalized
    ON nigredo_leads.leads (nigredo_leads.normalize_phone(telefone)) WHERE telefone IS NOT NULL;
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_leads_phone_normalized
    ON nigredo_leads.leads (nigredo_leads.normalize_phone(phone)) WHERE phone IS NOT NULL;

CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_commercial_requests_email_normalized
    ON public.commercial_requests (nigredo_leads.normalize_email(email));
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_commercial_requests_whatsapp_normalized
    ON public.commercial_requests (nigredo_leads.normalize_phone(whatsapp));
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_commercial_requests_cnpj
    ON public.commercial_requests (cnpj) WHERE cnpj IS NOT NULL;

-- The approval requests about a lead (the report's trail, the erasure's comments).
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_approval_requests_resource
    ON alquimista_platform.approval_requests (resource_type, resource_id)
    WHERE resource_id IS NOT NULL;

-- An expression index has no statistics until its table is analysed.
ANALYZE nigredo_leads.leads;
ANALYZE nigredo_leads.blocklist;
ANALYZE public.commercial_requests;
