"""Fixed ids of the demo rows: uuid5 of a stable name, so every run finds its rows again."""

import uuid

NAMESPACE = uuid.UUID("0d5c3f4e-8a57-4b1e-9a3c-6e2f7b1d9c20")


def demo_id(*parts: object) -> uuid.UUID:
    """The fixed id of a demo row, from its stable name."""
    return uuid.uuid5(NAMESPACE, ":".join(str(part) for part in parts))


def approval_id(tenant: str, key: str) -> str:
    """The 'approval-<uuid>' id the Lambdas give an approval request."""
    return f"approval-{demo_id('approval', tenant, key)}"


UNSUBSCRIBED_LEAD_ID = demo_id("lead", "descadastro")
FORGOTTEN_LEAD_ID = demo_id("lead", "direito-esquecimento")
ORPHAN_LEAD_ID = demo_id("lead", "tenant-removido")
DELETED_TENANT_ID = demo_id("tenant", "construtora-alicerce")
