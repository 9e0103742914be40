"""New tenants and their users. They are few, so clarity comes before speed here."""

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from devdata.loadgen.context import LoadContext
from devdata.loadgen.distributions import TENANT_STATUSES, TIER_SHARES, USER_ROLES, USER_STATUSES
from devdata.loadgen.refs import weighted_table
from devdata.loadgen.rows import TenantRow, UserRow
from devdata.loadgen.timeline import DAY
from platform_app.models import PlatformUser, Tenant

STAMP = "%Y-%m-%d %H:%M:%S.%f"


@dataclass
class NewTenant:
    id: str
    created: datetime
    domain: str
    row: TenantRow


def tier_for(rank: int, total: int) -> Tenant.Tier:
    """Subscription tier of the tenant ranked `rank` (1: biggest) of total."""
    share = rank / total
    return next(tier for tier, top in TIER_SHARES if share <= top)


def new_tenant(ctx: LoadContext, created: datetime, tier: Tenant.Tier) -> NewTenant:
    """A tenant created at `created` on `tier`."""
    rng = ctx.rng
    company = ctx.words.company() if rng.random() < 0.5 else rng.choice(ctx.pools.companies)
    settings = {
        "timezone": "America/Sao_Paulo",
        "locale": "pt-BR",
        "notificacoes": {"email": True, "whatsapp": rng.random() < 0.6},
        "setor": company.setor,
    }
    tenant_id = ctx.ids.uuid()
    statuses = weighted_table(TENANT_STATUSES, 100)
    return NewTenant(
        id=tenant_id,
        created=created,
        domain=company.domain,
        row=TenantRow(
            id=tenant_id,
            company_name=company.empresa,
            cnpj=company.cnpj,
            subscription_tier=tier.value,
            subscription_status=statuses[rng.randrange(100)].value,
            settings=json.dumps(settings, ensure_ascii=False),
            created_at=f"{created:{STAMP}}",
        ),
    )


def user_rows(ctx: LoadContext, tenant: NewTenant, taken: set[str]) -> list[UserRow]:
    """Two to five users of a new tenant, the first one its active admin; e-mails unique."""
    rng = ctx.rng
    statuses = weighted_table(USER_STATUSES, 100)
    roles = weighted_table(USER_ROLES, 100)
    people = ctx.pools.people
    rows = []
    for n in range(rng.randint(2, 5)):
        name, local = people[rng.randrange(len(people))]
        email, suffix = f"{local}@{tenant.domain}", 2
        while email in taken:
            email, suffix = f"{local}{suffix}@{tenant.domain}", suffix + 1
        taken.add(email)
        status = PlatformUser.Status.ACTIVE if n == 0 else statuses[rng.randrange(100)]
        role = PlatformUser.Role.ADMIN if n == 0 else roles[rng.randrange(100)]
        joined = min(ctx.now, tenant.created + timedelta(days=rng.random() * 30 * n))
        # an inactive user never finished signing up: no Cognito account, no login
        signed_up = status != PlatformUser.Status.INACTIVE
        seen = ctx.now - timedelta(seconds=rng.random() * DAY * 20)
        rows.append(
            UserRow(
                id=ctx.ids.uuid(),
                tenant_id=tenant.id,
                email=email,
                full_name=name,
                cognito_user_id=ctx.ids.uuid() if signed_up else None,
                user_role=role.value,
                status=status.value,
                last_login_at=f"{seen:{STAMP}}" if signed_up else None,
                created_at=f"{joined:{STAMP}}",
            )
        )
    return rows
