-- Prospecting support for the public form: extra columns, checks and indexes
-- on nigredo_leads.leads, the tables form_submissions, rate_limits and
-- webhook_logs, and the rate-limit functions public.check_rate_limit(),
-- public.increment_rate_limit() and public.cleanup_old_rate_limits().

-- Public form contact columns on leads
ALTER TABLE nigredo_leads.leads ADD COLUMN name VARCHAR(100);
ALTER TABLE nigredo_leads.leads ADD COLUMN phone VARCHAR(20);
ALTER TABLE nigredo_leads.leads ADD COLUMN company VARCHAR(100);
ALTER TABLE nigredo_leads.leads ADD COLUMN message TEXT;
ALTER TABLE nigredo_leads.leads ADD COLUMN utm_source VARCHAR(100);
ALTER TABLE nigredo_leads.leads ADD COLUMN utm_medium VARCHAR(100);
ALTER TABLE nigredo_leads.leads ADD COLUMN utm_campaign VARCHAR(100);
ALTER TABLE nigredo_leads.leads ADD COLUMN ip_address INET;
ALTER TABLE nigredo_leads.leads ADD COLUMN user_agent TEXT;

ALTER TABLE nigredo_leads.leads ADD CONSTRAINT leads_email_format
    CHECK (email IS NULL OR email ~* '^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Z|a-z]{2,}$');
ALTER TABLE nigredo_leads.leads ADD CONSTRAINT leads_phone_format
    CHECK (phone IS NULL OR phone ~ '^\+[1-9]\d{1,14}$');
ALTER TABLE nigredo_leads.leads ADD CONSTRAINT leads_message_length
    CHECK (length(message) <= 1000);
ALTER TABLE nigredo_leads.leads ADD CONSTRAINT leads_email_or_phone_required
    CHECK (email IS NOT NULL OR telefone IS NOT NULL);

CREATE INDEX idx_leads_name ON nigredo_leads.leads (name) WHERE name IS NOT NULL;
CREATE INDEX idx_leads_phone ON nigredo_leads.leads (phone) WHERE phone IS NOT NULL;
CREATE INDEX idx_leads_company ON nigredo_leads.leads (company) WHERE company IS NOT NULL;
CREATE INDEX idx_leads_utm_source ON nigredo_leads.leads (utm_source) WHERE utm_source IS NOT NULL;
CREATE INDEX idx_leads_ip_address ON nigredo_leads.leads (ip_address) WHERE ip_address IS NOT NULL;

-- Every submission of the public form
CREATE TABLE nigredo_leads.form_submissions (
    id           UUID         PRIMARY KEY DEFAULT gen_random_uuid(),
    lead_id      UUID         REFERENCES nigredo_leads.leads(id) ON DELETE CASCADE,
    ip_address   INET         NOT NULL,
    user_agent   TEXT,
    referer      TEXT,
    source       VARCHAR(100),
    form_type    VARCHAR(100),
    submitted_at TIMESTAMP    DEFAULT NOW()
);

CREATE INDEX idx_form_submissions_lead_id ON nigredo_leads.form_submissions (lead_id);
CREATE INDEX idx_form_submissions_ip ON nigredo_leads.form_submissions (ip_address, submitted_at DESC);
CREATE INDEX idx_form_submissions_submitted_at ON nigredo_leads.form_submissions (submitted_at DESC);
CREATE INDEX idx_form_submissions_source ON nigredo_leads.form_submissions (source);

-- Submissions per IP in one-hour windows (window_end is computed, read-only)
CREATE TABLE nigredo_leads.rate_limits (
    id                 UUID      PRIMARY KEY DEFAULT gen_random_uuid(),
    ip_address         INET      NOT NULL,
    submission_count   INTEGER   DEFAULT 1 CHECK (submission_count >= 0),
    window_start       TIMESTAMP DEFAULT NOW(),
    window_end         TIMESTAMP GENERATED ALWAYS AS (window_start + INTERVAL '1 hour') STORED,
    last_submission_at TIMESTAMP DEFAULT NOW(),
    blocked_until      TIMESTAMP,
    CONSTRAINT unique_ip_window UNIQUE (ip_address, window_start)
);

CREATE INDEX idx_rate_limits_ip ON nigredo_leads.rate_limits (ip_address, window_start DESC);
CREATE INDEX idx_rate_limits_window ON nigredo_leads.rate_limits (window_start, window_end);
CREATE INDEX idx_rate_limits_blocked ON nigredo_leads.rate_limits (blocked_until) WHERE blocked_until IS NOT NULL;

-- Deliveries of lead webhooks (up to three attempts)
CREATE TABLE nigredo_leads.webhook_logs (
    id             UUID      PRIMARY KEY DEFAULT gen_random_uuid(),
    lead_id        UUID      REFERENCES nigredo_leads.leads(id) ON DELETE CASCADE,
    webhook_url    TEXT      NOT NULL,
    payload        JSONB     NOT NULL,
    status_code    INTEGER,
    response_body  TEXT,
    attempt_number INTEGER   DEFAULT 1 CHECK (attempt_number >= 1 AND attempt_number <= 3),
    success        BOOLEAN   DEFAULT FALSE,
    error_message  TEXT,
    sent_at        TIMESTAMP DEFAULT NOW()
);

CREATE INDEX idx_webhook_logs_lead_id ON nigredo_leads.webhook_logs (lead_id);
CREATE INDEX idx_webhook_logs_sent_at ON nigredo_leads.webhook_logs (sent_at DESC);
CREATE INDEX idx_webhook_logs_success ON nigredo_leads.webhook_logs (success, sent_at DESC);
CREATE INDEX idx_webhook_logs_lead_success ON nigredo_leads.webhook_logs (lead_id, success);

-- Rate limit check: 10 submissions per IP per hour.
-- Blocked IP (blocked_until in the future): not allowed, count = limit = 10,
-- reset at blocked_until. No open window (window_start <= now < window_end):
-- allowed, count 0, reset one hour from now. Otherwise allowed while the
-- open window's count is below 10, reset at window_start plus one hour.
CREATE OR REPLACE FUNCTION public.check_rate_limit(p_ip_address INET)
RETURNS TABLE (
    is_allowed      BOOLEAN,
    current_count   INTEGER,
    limit_count     INTEGER,
    window_reset_at TIMESTAMP
) AS $$
DECLARE
    v_limit         CONSTANT INTEGER   := 10;
    v_now           CONSTANT TIMESTAMP := NOW();
    v_blocked_until TIMESTAMP;
    v_window_start  TIMESTAMP;
    v_count         INTEGER;
BEGIN
    SELECT rl.blocked_until
      INTO v_blocked_until
      FROM nigredo_leads.rate_limits AS rl
     WHERE rl.ip_address = p_ip_address
       AND rl.blocked_until > v_now
     ORDER BY rl.blocked_until DESC
     LIMIT 1;

    IF FOUND THEN
        RETURN QUERY SELECT FALSE, v_limit, v_limit, v_blocked_until;
        RETURN;
    END IF;

    SELECT rl.window_start, COALESCE(rl.submission_count, 0)
      INTO v_window_start, v_count
      FROM nigredo_leads.rate_limits AS rl
     WHERE rl.ip_address = p_ip_address
       AND rl.window_start <= v_now
       AND rl.window_end > v_now
     ORDER BY rl.window_start DESC
     LIMIT 1;

    IF NOT FOUND THEN
        RETURN QUERY SELECT TRUE, 0, v_limit, v_now + INTERVAL '1 hour';
        RETURN;
    END IF;

    RETURN QUERY SELECT v_count < v_limit, v_count, v_limit, v_window_start + INTERVAL '1 hour';
END;
$$ LANGUAGE plpgsql;

-- Counts one submission: adds one to the IP's open window, or opens a new
-- window starting now with a count of 1
CREATE OR REPLACE FUNCTION public.increment_rate_limit(p_ip_address INET)
RETURNS VOID AS $$
DECLARE
    v_now CONSTANT TIMESTAMP := NOW();
BEGIN
    UPDATE nigredo_leads.rate_limits AS rl
       SET submission_count   = COALESCE(rl.submission_count, 0) + 1,
           last_submission_at = v_now
     WHERE rl.id = (
               SELECT open_window.id
                 FROM nigredo_leads.rate_limits AS open_window
                WHERE open_window.ip_address = p_ip_address
                  AND open_window.window_start <= v_now
                  AND open_window.window_end > v_now
                ORDER BY open_window.window_start DESC
                LIMIT 1
           );

    IF NOT FOUND THEN
        INSERT INTO nigredo_leads.rate_limits (ip_address, submission_count, window_start, last_submission_at)
        VALUES (p_ip_address, 1, v_now, v_now);
    END IF;
END;
$$ LANGUAGE plpgsql;

-- Deletes rate-limit windows that ended more than 24 hours ago
CREATE OR REPLACE FUNCTION public.cleanup_old_rate_limits()
RETURNS VOID AS $$
BEGIN
    DELETE FROM nigredo_leads.rate_limits AS rl
     WHERE rl.window_end < NOW() - INTERVAL '24 hours';
END;
$$ LANGUAGE plpgsql;
