"""The demo's writer: upserts rows by fixed id, counts what it inserted, and keeps what
later tables refer to (users, agents, leads, campaigns) as the tables are written."""

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import models

from billing.models import SubscriptionPlan, TenantSubscriptionSummary
from billing.reference import Reference
from core.models import platform_models, upsert
from devdata.demo.ids import DELETED_TENANT_ID, demo_id
from devdata.demo.specs import TenantSpec, UserSpec, tenant_spec
from devdata.vocabulary import Vocabulary
from fibonacci.models import Trace
from platform_app.models import INTERNAL_TENANT_ID, PlatformUser

SEED = "alquimista-demo"


@dataclass(frozen=True)
class DemoUser:
    id: uuid.UUID
    tenant: str
    full_name: str
    role: PlatformUser.Role
    email: str
    spec: UserSpec


@dataclass(frozen=True)
class DemoLead:
    id: uuid.UUID
    tenant: TenantSpec | None  # None: its tenant was deleted since
    empresa: str
    contato: str
    setor: str
    email: str | None
    telefone: str | None
    status: str
    created_at: datetime
    from_form: bool
    ip_address: str | None = None


def table_name(model: type[models.Model]) -> str:
    """schema.table of a platform model."""
    return model._meta.db_table.replace('"."', ".")


def platform_tables() -> list[type[models.Model]]:
    """The models of the platform's tables, leaving out its view."""
    return [model for model in platform_models() if model is not TenantSubscriptionSummary]


def table_counts() -> dict[str, int]:
    """The number of rows in each platform table."""
    return {table_name(model): model._default_manager.count() for model in platform_tables()}


def tenant_id(spec: TenantSpec) -> uuid.UUID:
    """The id of a demo tenant."""
    return INTERNAL_TENANT_ID if spec.fixed_id == "internal" else demo_id("tenant", spec.slug)


class DemoWriter:
    """Writes the demo rows, table after table, keeping what later tables refer to."""

    def __init__(self, reference: Reference, now: datetime) -> None:
        self.ref = reference
        self.now = now.astimezone(UTC)
        self.words = Vocabulary(SEED)
        self.rng = self.words.rng
        self.inserted: Counter[str] = Counter()
        self.users: dict[str, list[DemoUser]] = {}
        self.tenant_agents: dict[str, list[str]] = {}  # active agents by tenant slug
        self.leads: list[DemoLead] = []
        self.campanhas: dict[str, list[uuid.UUID]] = {}  # campaigns sent, by tenant slug
        self.last_contact: dict[uuid.UUID, datetime] = {}

    def put(self, model: type[models.Model], pk: Any, **values: Any) -> Any:
        """Upsert the row with primary key pk; return pk."""
        kept = ("duration_ms",) if model is Trace else ()
        if upsert(model, {"pk": pk}, values, database_kept=kept):
            self.inserted[table_name(model)] += 1
        return pk

    def put_by(self, model: type[models.Model], lookup: dict[str, Any], **values: Any) -> None:
        """Upsert a row without a fixed id (serial keys) through its natural key."""
        if upsert(model, lookup, values):
            self.inserted[table_name(model)] += 1

    def ago(self, days: float = 0, hours: float = 0, minutes: float = 0) -> datetime:
        """A moment before now."""
        return self.now - timedelta(days=days, hours=hours, minutes=minutes)

    def after(self, start: datetime, hours: float) -> datetime:
        """hours after start, but never later than a few minutes ago."""
        return min(start + timedelta(hours=hours), self.now - timedelta(minutes=3))

    def tenant_id(self, spec: TenantSpec) -> uuid.UUID:
        """The id of a demo tenant."""
        return tenant_id(spec)

    def lead_tenant_id(self, lead: DemoLead) -> uuid.UUID:
        """The lead's tenant_id, which may name a tenant deleted since."""
        return self.tenant_id(lead.tenant) if lead.tenant else DELETED_TENANT_ID

    def plan(self, spec: TenantSpec) -> SubscriptionPlan:
        """The plan a tenant subscribes to."""
        return self.ref.plans[spec.plan]

    def agent_id(self, name: str) -> uuid.UUID:
        """The id of a catalogue agent."""
        return self.ref.agents[name].id

    def user(self, tenant: str, role: PlatformUser.Role) -> DemoUser:
        """The first user of a tenant with that role."""
        return next(u for u in self.users[tenant] if u.role == role)

    def approvers(self, tenant: str) -> list[DemoUser]:
        """The users of a tenant who decide its approval requests: admins and managers."""
        deciding = {PlatformUser.Role.ADMIN, PlatformUser.Role.MANAGER}
        return [u for u in self.users[tenant] if u.role in deciding]

    def requester(self, tenant: str) -> DemoUser:
        """Who asks for approvals in a tenant: its operator."""
        return self.user(tenant, PlatformUser.Role.OPERATOR)

    def spec(self, slug: str) -> TenantSpec:
        """The demo tenant with that slug."""
        return tenant_spec(slug)

    def signed_up(self, spec: TenantSpec) -> datetime:
        """When the tenant subscribed, a couple of hours after it was created."""
        return self.ago(days=spec.age_days - 0.1)
