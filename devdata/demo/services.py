"""Demo states reached through the platform's services, as the back-office staff would."""

from django.db.models import Model

from devdata.demo.specs import TENANTS, staff_spec
from devdata.demo.writer import DemoWriter, table_name
from platform_app.actors import Actor
from platform_app.models import INTERNAL_TENANT_ID, AuditLog, Tenant
from platform_app.services import tenant_suspend

TENANT_MANAGER = staff_spec("gestor")


def demo_actor(w: DemoWriter) -> Actor:
    """The internal tenant's manager of tenants, as a demo staff account acting as it."""
    user = next(
        user for users in w.users.values() for user in users if user.spec is TENANT_MANAGER.user
    )
    return Actor(
        platform_user_id=user.id,
        tenant_id=INTERNAL_TENANT_ID,
        staff_username=TENANT_MANAGER.username,
    )


def suspend_tenants(w: DemoWriter) -> None:
    """Suspend the demo tenants meant to be suspended, once: a suspended tenant is left
    alone, so a second run writes no second audit row."""
    for spec in TENANTS:
        if spec.status != Tenant.Status.SUSPENDED:
            continue
        tenant = Tenant.objects.get(pk=w.tenant_id(spec))
        if tenant.subscription_status != Tenant.Status.SUSPENDED:
            tenant_suspend(acting_user=demo_actor(w), tenant_id=tenant.pk)
            count(w, AuditLog)


def count(w: DemoWriter, model: type[Model]) -> None:
    """Count a row a service inserted."""
    w.inserted[table_name(model)] += 1
