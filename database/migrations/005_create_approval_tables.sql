-- Creates the alquimista_platform approval workflow tables approval_requests
-- and approval_decisions, and the notifications table.

-- Requests for approval of a sensitive action (ids like 'approval-<uuid>')
CREATE TABLE alquimista_platform.approval_requests (
    id                 VARCHAR(255) PRIMARY KEY,
    tenant_id          UUID         NOT NULL REFERENCES alquimista_platform.tenants(id) ON DELETE CASCADE,
    requested_by       UUID         NOT NULL REFERENCES alquimista_platform.users(id),
    action_type        VARCHAR(100) NOT NULL,
    resource_type      VARCHAR(50)  NOT NULL,
    resource_id        VARCHAR(255),
    action_details     JSONB        NOT NULL,
    approvers          TEXT         NOT NULL,
    required_approvals INTEGER      NOT NULL DEFAULT 1,
    status             VARCHAR(20)  NOT NULL DEFAULT 'pending',
    expires_at         TIMESTAMP    NOT NULL,
    created_at         TIMESTAMP    DEFAULT NOW(),
    updated_at         TIMESTAMP    DEFAULT NOW()
);

CREATE INDEX idx_approval_requests_tenant ON alquimista_platform.approval_requests (tenant_id);
CREATE INDEX idx_approval_requests_status ON alquimista_platform.approval_requests (status);
CREATE INDEX idx_approval_requests_requested_by ON alquimista_platform.approval_requests (requested_by);
CREATE INDEX idx_approval_requests_expires_at ON alquimista_platform.approval_requests (expires_at);

-- One decision per approver and request
CREATE TABLE alquimista_platform.approval_decisions (
    id          SERIAL       PRIMARY KEY,
    approval_id VARCHAR(255) NOT NULL REFERENCES alquimista_platform.approval_requests(id) ON DELETE CASCADE,
    approver_id UUID         NOT NULL REFERENCES alquimista_platform.users(id),
    decision    VARCHAR(10)  NOT NULL,
    comment     TEXT,
    created_at  TIMESTAMP    DEFAULT NOW(),
    UNIQUE (approval_id, approver_id)
);

CREATE INDEX idx_approval_decisions_approval ON alquimista_platform.approval_decisions (approval_id);

-- In-app notifications for users
CREATE TABLE alquimista_platform.notifications (
    id         SERIAL       PRIMARY KEY,
    user_id    UUID         NOT NULL REFERENCES alquimista_platform.users(id) ON DELETE CASCADE,
    type       VARCHAR(50)  NOT NULL,
    title      VARCHAR(255) NOT NULL,
    message    TEXT         NOT NULL,
    metadata   JSONB,
    read       BOOLEAN      DEFAULT FALSE,
    created_at TIMESTAMP    DEFAULT NOW()
);

CREATE INDEX idx_notifications_user ON alquimista_platform.notifications (user_id);
CREATE INDEX idx_notifications_read ON alquimista_platform.notifications (read);
