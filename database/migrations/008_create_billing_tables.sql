-- Creates the billing tables in public: subscriptions, payment_events,
-- commercial_requests and trials, with their indexes and updated_at triggers.

-- Per-agent subscriptions managed by the payment provider
CREATE TABLE public.subscriptions (
    id                       UUID          PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id                UUID          NOT NULL REFERENCES alquimista_platform.tenants(id),
    provider_customer_id     VARCHAR(255),
    provider_subscription_id VARCHAR(255)  UNIQUE,
    status                   VARCHAR(50)   DEFAULT 'active' CHECK (status IN ('active', 'canceled', 'past_due', 'trialing')),
    selected_agents          JSONB         DEFAULT '[]',
    total_monthly            NUMERIC(10,2) NOT NULL,
    currency                 VARCHAR(3)    DEFAULT 'BRL',
    current_period_start     TIMESTAMP,
    current_period_end       TIMESTAMP,
    cancel_at_period_end     BOOLEAN       DEFAULT FALSE,
    created_at               TIMESTAMP     DEFAULT NOW(),
    updated_at               TIMESTAMP     DEFAULT NOW()
);

CREATE INDEX idx_subscriptions_tenant ON public.subscriptions (tenant_id);
CREATE INDEX idx_subscriptions_status ON public.subscriptions (status);
CREATE INDEX idx_subscriptions_provider ON public.subscriptions (provider_subscription_id);

CREATE TRIGGER update_subscriptions_updated_at BEFORE UPDATE ON public.subscriptions
    FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

-- Payment gateway webhook events
CREATE TABLE public.payment_events (
    id                       UUID          PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id                UUID          REFERENCES alquimista_platform.tenants(id),
    event_type               VARCHAR(50)   NOT NULL,
    provider_customer_id     VARCHAR(255),
    provider_subscription_id VARCHAR(255),
    provider_session_id      VARCHAR(255),
    amount                   NUMERIC(10,2),
    currency                 VARCHAR(3)    DEFAULT 'BRL',
    status                   VARCHAR(50),
    metadata                 JSONB         DEFAULT '{}',
    created_at               TIMESTAMP     DEFAULT NOW()
);

CREATE INDEX idx_payment_events_tenant ON public.payment_events (tenant_id);
CREATE INDEX idx_payment_events_type ON public.payment_events (event_type);
CREATE INDEX idx_payment_events_subscription ON public.payment_events (provider_subscription_id);
CREATE INDEX idx_payment_events_created ON public.payment_events (created_at DESC);

-- Requests for a commercial contact
CREATE TABLE public.commercial_requests (
    id                  UUID         PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id           UUID         REFERENCES alquimista_platform.tenants(id),
    company_name        VARCHAR(255) NOT NULL,
    cnpj                VARCHAR(18),
    contact_name        VARCHAR(255) NOT NULL,
    email               VARCHAR(255) NOT NULL,
    whatsapp            VARCHAR(20)  NOT NULL,
    selected_agents     JSONB        DEFAULT '[]',
    selected_subnucleos JSONB        DEFAULT '[]',
    message             TEXT,
    status              VARCHAR(50)  DEFAULT 'pending',
    created_at          TIMESTAMP    DEFAULT NOW(),
    updated_at          TIMESTAMP    DEFAULT NOW()
);

CREATE INDEX idx_commercial_requests_tenant ON public.commercial_requests (tenant_id);
CREATE INDEX idx_commercial_requests_status ON public.commercial_requests (status);
CREATE INDEX idx_commercial_requests_created ON public.commercial_requests (created_at DESC);

CREATE TRIGGER update_commercial_requests_updated_at BEFORE UPDATE ON public.commercial_requests
    FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

-- Trials of an agent or a SubNucleo (user_id and target_id have no foreign key)
CREATE TABLE public.trials (
    id          UUID        PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id     UUID        NOT NULL,
    target_type VARCHAR(20) NOT NULL CHECK (target_type IN ('agent', 'subnucleo')),
    target_id   UUID        NOT NULL,
    started_at  TIMESTAMP   DEFAULT NOW(),
    expires_at  TIMESTAMP   NOT NULL,
    usage_count INTEGER     DEFAULT 0,
    max_usage   INTEGER     DEFAULT 5,
    status      VARCHAR(20) DEFAULT 'active' CHECK (status IN ('active', 'expired', 'completed')),
    created_at  TIMESTAMP   DEFAULT NOW(),
    updated_at  TIMESTAMP   DEFAULT NOW(),
    UNIQUE (user_id, target_type, target_id)
);

CREATE INDEX idx_trials_user ON public.trials (user_id);
CREATE INDEX idx_trials_status ON public.trials (status);
CREATE INDEX idx_trials_expires ON public.trials (expires_at);

CREATE TRIGGER update_trials_updated_at BEFORE UPDATE ON public.trials
    FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
