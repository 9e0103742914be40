"""The internal tenant: the platform's own requests (plan prices, tenant suspensions)
belong to it, and its users are the staff who request and decide them."""

from django.db import transaction

from platform_app.models import INTERNAL_TENANT_ID, Tenant

INTERNAL_TENANT_NAME = "AlquimistaAI (equipe interna)"


@transaction.atomic
def internal_tenant_ensure() -> tuple[Tenant, bool]:
    """The internal tenant (production's seed id), created if missing; True when created.
    An existing row is left as it is."""
    tenant, created = Tenant.objects.get_or_create(
        pk=INTERNAL_TENANT_ID,
        defaults={
            "company_name": INTERNAL_TENANT_NAME,
            "subscription_tier": Tenant.Tier.ENTERPRISE,
            "subscription_status": Tenant.Status.ACTIVE,
        },
    )
    return tenant, created
