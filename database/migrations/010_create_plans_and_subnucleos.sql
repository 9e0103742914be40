-- Creates the plans and SubNucleos model in public: subscription_plans,
-- subnucleos, subnucleo_agents, tenant_subscriptions, tenant_subnucleos,
-- tenant_agents and the view v_tenant_subscription_summary.
-- Reference data (plans, SubNucleos, agents) is loaded by a separate command.

-- Subscription plans
CREATE TABLE public.subscription_plans (
    id                 UUID          PRIMARY KEY DEFAULT gen_random_uuid(),
    name               VARCHAR(50)   NOT NULL UNIQUE,
    display_name       VARCHAR(100)  NOT NULL,
    description        TEXT,
    price_monthly      NUMERIC(10,2) NOT NULL,
    price_yearly       NUMERIC(10,2) NOT NULL,
    max_subnucleos     INTEGER       NOT NULL DEFAULT 0,
    max_agents         INTEGER       NOT NULL DEFAULT 0,
    max_users          INTEGER       NOT NULL DEFAULT 1,
    includes_fibonacci BOOLEAN       DEFAULT FALSE,
    features           JSONB         DEFAULT '[]',
    is_active          BOOLEAN       DEFAULT TRUE,
    sort_order         INTEGER       DEFAULT 0,
    created_at         TIMESTAMP     DEFAULT NOW(),
    updated_at         TIMESTAMP     DEFAULT NOW()
);

CREATE INDEX idx_subscription_plans_active ON public.subscription_plans (is_active);
CREATE INDEX idx_subscription_plans_sort ON public.subscription_plans (sort_order);

CREATE TRIGGER update_subscription_plans_updated_at BEFORE UPDATE ON public.subscription_plans
    FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

-- SubNucleos (groups of agents sold together)
CREATE TABLE public.subnucleos (
    id           UUID         PRIMARY KEY DEFAULT gen_random_uuid(),
    name         VARCHAR(100) NOT NULL UNIQUE,
    display_name VARCHAR(255) NOT NULL,
    description  TEXT         NOT NULL,
    category     VARCHAR(50)  NOT NULL,
    icon         VARCHAR(50),
    is_active    BOOLEAN      DEFAULT TRUE,
    sort_order   INTEGER      DEFAULT 0,
    created_at   TIMESTAMP    DEFAULT NOW(),
    updated_at   TIMESTAMP    DEFAULT NOW()
);

CREATE INDEX idx_subnucleos_active ON public.subnucleos (is_active);
CREATE INDEX idx_subnucleos_category ON public.subnucleos (category);
CREATE INDEX idx_subnucleos_sort ON public.subnucleos (sort_order);

CREATE TRIGGER update_subnucleos_updated_at BEFORE UPDATE ON public.subnucleos
    FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

-- Agents belonging to each SubNucleo
CREATE TABLE public.subnucleo_agents (
    id           UUID      PRIMARY KEY DEFAULT gen_random_uuid(),
    subnucleo_id UUID      NOT NULL REFERENCES public.subnucleos(id) ON DELETE CASCADE,
    agent_id     UUID      NOT NULL REFERENCES alquimista_platform.agents(id) ON DELETE CASCADE,
    is_required  BOOLEAN   DEFAULT TRUE,
    sort_order   INTEGER   DEFAULT 0,
    created_at   TIMESTAMP DEFAULT NOW(),
    UNIQUE (subnucleo_id, agent_id)
);

CREATE INDEX idx_subnucleo_agents_subnucleo ON public.subnucleo_agents (subnucleo_id);
CREATE INDEX idx_subnucleo_agents_agent ON public.subnucleo_agents (agent_id);

-- A tenant's plan subscription (at most one per tenant)
CREATE TABLE public.tenant_subscriptions (
    id                       UUID          PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id                UUID          NOT NULL UNIQUE REFERENCES alquimista_platform.tenants(id) ON DELETE CASCADE,
    plan_id                  UUID          NOT NULL REFERENCES public.subscription_plans(id),
    billing_cycle            VARCHAR(20)   NOT NULL CHECK (billing_cycle IN ('monthly', 'yearly')),
    status                   VARCHAR(20)   DEFAULT 'active' CHECK (status IN ('active', 'cancelled', 'past_due', 'trialing')),
    provider_customer_id     VARCHAR(255),
    provider_subscription_id VARCHAR(255)  UNIQUE,
    current_period_start     TIMESTAMP,
    current_period_end       TIMESTAMP,
    cancel_at_period_end     BOOLEAN       DEFAULT FALSE,
    cancelled_at             TIMESTAMP,
    amount                   NUMERIC(10,2) NOT NULL,
    currency                 VARCHAR(3)    DEFAULT 'BRL',
    created_at               TIMESTAMP     DEFAULT NOW(),
    updated_at               TIMESTAMP     DEFAULT NOW()
);

CREATE INDEX idx_tenant_subscriptions_tenant ON public.tenant_subscriptions (tenant_id);
CREATE INDEX idx_tenant_subscriptions_plan ON public.tenant_subscriptions (plan_id);
CREATE INDEX idx_tenant_subscriptions_status ON public.tenant_subscriptions (status);
CREATE INDEX idx_tenant_subscriptions_provider ON public.tenant_subscriptions (provider_subscription_id);

CREATE TRIGGER update_tenant_subscriptions_updated_at BEFORE UPDATE ON public.tenant_subscriptions
    FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

-- SubNucleos contracted by a tenant
CREATE TABLE public.tenant_subnucleos (
    id             UUID      PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id      UUID      NOT NULL REFERENCES alquimista_platform.tenants(id) ON DELETE CASCADE,
    subnucleo_id   UUID      NOT NULL REFERENCES public.subnucleos(id) ON DELETE CASCADE,
    is_active      BOOLEAN   DEFAULT TRUE,
    activated_at   TIMESTAMP DEFAULT NOW(),
    deactivated_at TIMESTAMP,
    created_at     TIMESTAMP DEFAULT NOW(),
    updated_at     TIMESTAMP DEFAULT NOW(),
    UNIQUE (tenant_id, subnucleo_id)
);

CREATE INDEX idx_tenant_subnucleos_tenant ON public.tenant_subnucleos (tenant_id);
CREATE INDEX idx_tenant_subnucleos_subnucleo ON public.tenant_subnucleos (subnucleo_id);
CREATE INDEX idx_tenant_subnucleos_active ON public.tenant_subnucleos (tenant_id, is_active);

CREATE TRIGGER update_tenant_subnucleos_updated_at BEFORE UPDATE ON public.tenant_subnucleos
    FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

-- Agents enabled for a tenant (optionally through a SubNucleo)
CREATE TABLE public.tenant_agents (
    id             UUID      PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id      UUID      NOT NULL REFERENCES alquimista_platform.tenants(id) ON DELETE CASCADE,
    agent_id       UUID      NOT NULL REFERENCES alquimista_platform.agents(id) ON DELETE CASCADE,
    subnucleo_id   UUID      REFERENCES public.subnucleos(id) ON DELETE SET NULL,
    is_active      BOOLEAN   DEFAULT TRUE,
    activated_at   TIMESTAMP DEFAULT NOW(),
    deactivated_at TIMESTAMP,
    created_at     TIMESTAMP DEFAULT NOW(),
    updated_at     TIMESTAMP DEFAULT NOW(),
    UNIQUE (tenant_id, agent_id)
);

CREATE INDEX idx_tenant_agents_tenant ON public.tenant_agents (tenant_id);
CREATE INDEX idx_tenant_agents_agent ON public.tenant_agents (agent_id);
CREATE INDEX idx_tenant_agents_subnucleo ON public.tenant_agents (subnucleo_id);
CREATE INDEX idx_tenant_agents_active ON public.tenant_agents (tenant_id, is_active);

CREATE TRIGGER update_tenant_agents_updated_at BEFORE UPDATE ON public.tenant_agents
    FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

-- One row per tenant (subscribed or not): subscription, plan and the number
-- of distinct active SubNucleos and agents
CREATE VIEW public.v_tenant_subscription_summary AS
SELECT
    t.id                                                                 AS tenant_id,
    t.company_name                                                       AS company_name,
    ts.id                                                                AS subscription_id,
    sp.name                                                              AS plan_name,
    sp.display_name                                                      AS plan_display_name,
    ts.billing_cycle                                                     AS billing_cycle,
    ts.status                                                            AS status,
    ts.amount                                                            AS amount,
    ts.current_period_end                                                AS current_period_end,
    COUNT(DISTINCT tsn.subnucleo_id) FILTER (WHERE tsn.is_active = TRUE) AS active_subnucleos,
    COUNT(DISTINCT ta.agent_id) FILTER (WHERE ta.is_active = TRUE)       AS active_agents,
    sp.max_subnucleos                                                    AS max_subnucleos,
    sp.max_agents                                                        AS max_agents,
    sp.includes_fibonacci                                                AS includes_fibonacci
FROM alquimista_platform.tenants AS t
LEFT JOIN public.tenant_subscriptions AS ts  ON ts.tenant_id = t.id
LEFT JOIN public.subscription_plans   AS sp  ON sp.id = ts.plan_id
LEFT JOIN public.tenant_subnucleos    AS tsn ON tsn.tenant_id = t.id
LEFT JOIN public.tenant_agents        AS ta  ON ta.tenant_id = t.id
GROUP BY t.id, ts.id, sp.id;
