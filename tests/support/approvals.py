"""People and requests for the approval tests: an internal team and a customer tenant."""

from dataclasses import dataclass

from platform_app.actors import Actor
from platform_app.models import (
    ApprovalDecision,
    ApprovalRequest,
    AuditLog,
    Notification,
    PlatformUser,
    Tenant,
)
from platform_app.services import internal_tenant_ensure
from tests.factories import PlatformUserFactory, TenantFactory


def actor(user: PlatformUser, staff: str | None = None) -> Actor:
    """The Actor a platform user (or a staff account linked to it) is."""
    return Actor(platform_user_id=user.pk, tenant_id=user.tenant_id, staff_username=staff)


@dataclass
class Team:
    internal: Tenant
    requester: PlatformUser
    approvers: list[PlatformUser]
    customer: Tenant

    @property
    def tenants(self) -> list[Tenant]:
        return [self.internal, self.customer]


def build_team(approvers=3):
    """The internal tenant with a requester and `approvers` approvers, and a customer."""
    internal, _ = internal_tenant_ensure()
    return Team(
        internal=internal,
        requester=PlatformUserFactory(tenant=internal, full_name="Ana Solicitante"),
        approvers=[PlatformUserFactory(tenant=internal) for _ in range(approvers)],
        customer=TenantFactory(company_name="Cliente Suspensível Ltda"),
    )


def delete_committed(tenants: list[Tenant]) -> None:
    """Remove what a transactional test committed under these tenants (Django's flush
    leaves the unmanaged platform tables alone)."""
    tenant_ids = [tenant.pk for tenant in tenants]
    user_ids = list(
        PlatformUser.objects.filter(tenant_id__in=tenant_ids).values_list("pk", flat=True)
    )
    approvals = ApprovalRequest.objects.filter(tenant_id__in=tenant_ids)
    AuditLog.objects.filter(tenant_id__in=tenant_ids).delete()
    AuditLog.objects.filter(user_id__in=user_ids).delete()
    Notification.objects.filter(user_id__in=user_ids).delete()
    ApprovalDecision.objects.filter(approval__in=approvals).delete()
    approvals.delete()
    PlatformUser.objects.filter(pk__in=user_ids).delete()
    Tenant.objects.filter(pk__in=tenant_ids).delete()
