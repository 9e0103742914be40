"""The registry of approval-gated back-office actions and their executors.

A critical action the back-office performs only after approval is registered here by the
app that owns it, from its `AppConfig.ready()` (platform_app never imports the others):

- `tenant.suspend`: platform_app, below; executor `tenant_suspend`.
- `plan.price_change`: billing (`billing.services.plans`); executor
  `subscription_plan_change_prices`.
- `lgpd.direito_esquecimento`: the LGPD erasure, registered by nigredo
  (`nigredo.services.erasure`; resource type `lead`, resource id the lead's id); a
  customer tenant's user may ask for it about its own tenant's leads (`authorize`); the
  executor anonymises the person once the request is approved.

Staff asking for one of these create an approval request (`approval_request_create` calls
the action's `prepare` to validate and complete the details); once approved, the action is
executed exactly once by `approval_request_execute` (automatically right after the approving
decision commits), its result recorded in the request's `action_details["execution"]`.
"""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from core.exceptions import ApplicationError, Conflict, NotFound
from platform_app.actors import Actor
from platform_app.models import INTERNAL_TENANT_ID, ApprovalRequest, PlatformUser, Tenant


class Preparer(Protocol):
    def __call__(self, *, resource_id: str | None, details: Mapping[str, Any]) -> dict[str, Any]:
        """Validate a request's details (raise ApplicationError) and return them completed."""
        ...


class Availability(Protocol):
    def __call__(self, *, resource_id: str | None) -> ApplicationError | None:
        """Why the action cannot be asked for on this row now, or None."""
        ...


def always_available(*, resource_id: str | None) -> ApplicationError | None:
    return None


class Authorizer(Protocol):
    def __call__(
        self, *, requester: PlatformUser, resource_id: str | None, details: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Refuse (raise ApplicationError) a requester who may not ask for the action on
        this row; return the prepared details completed with what depends on who asks."""
        ...


class Executor(Protocol):
    def __call__(
        self, *, acting_user: Actor, resource_id: str | None, details: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Perform the approved action; return its result (ids and figures, no personal
        data: it goes to the audit log). A refusal raises ApplicationError."""
        ...


@dataclass(frozen=True)
class GatedAction:
    """An action the back-office performs only once an approval request allows it."""

    action_type: str
    label: str
    resource_type: str
    required_approvals: int
    prepare: Preparer
    execute: Executor
    # The model (`app_label.model_name`) whose row `resource_id` names, for links.
    resource_model: str | None = None
    # Labels (pt-BR) of the details' keys, in the order the decision page lists them.
    detail_labels: Mapping[str, str] = field(default_factory=dict)
    # How to show a detail's value beyond its JSON type: "money" (a decimal string, or a
    # {"from", "to"} pair of them).
    detail_formats: Mapping[str, str] = field(default_factory=dict)
    # Labels (pt-BR) of coded values, by detail key: {"scope": {"platform": "…"}}.
    detail_values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # Requests for it belong to the internal tenant and are asked for by its users (staff).
    internal_only: bool = True
    # Checked by `prepare` too; lets a page hide the button where the action cannot apply.
    unavailable: Availability = always_available
    # For actions a customer tenant's user may ask for (internal_only=False): which rows
    # they may name, and what the request's scope is for them.
    authorize: Authorizer | None = None


_registry: dict[str, GatedAction] = {}


def gated_action_register(action: GatedAction) -> None:
    """Register `action`; registering another action under the same type is an error."""
    existing = _registry.get(action.action_type)
    if existing is not None and existing != action:
        raise ValueError(f"approval-gated action {action.action_type!r} is already registered")
    _registry[action.action_type] = action


def gated_action_unregister(action_type: str) -> None:
    """Forget an action (tests that register their own)."""
    _registry.pop(action_type, None)


def gated_action_for(action_type: str) -> GatedAction | None:
    """The gated action of that type, or None for types nothing here executes."""
    return _registry.get(action_type)


def gated_actions() -> list[GatedAction]:
    """Every registered action, by type."""
    return sorted(_registry.values(), key=lambda action: action.action_type)


# platform_app's own gated actions -------------------------------------------------------


def _tenant_id(resource_id: str | None) -> uuid.UUID:
    try:
        return uuid.UUID(str(resource_id))
    except ValueError:
        raise NotFound("tenant_not_found", "Tenant não encontrado.") from None


def _tenant_suspend_unavailable(*, resource_id: str | None) -> ApplicationError | None:
    try:
        tenant = Tenant.objects.filter(pk=_tenant_id(resource_id)).first()
    except NotFound as exc:
        return exc
    if tenant is None:
        return NotFound("tenant_not_found", "Tenant não encontrado.")
    if tenant.pk == INTERNAL_TENANT_ID:
        return ApplicationError("internal_tenant", "O tenant interno não pode ser suspenso.")
    if tenant.subscription_status == Tenant.Status.SUSPENDED:
        return Conflict("tenant_already_suspended", "O tenant já está suspenso.")
    return None


def _prepare_tenant_suspend(
    *, resource_id: str | None, details: Mapping[str, Any]
) -> dict[str, Any]:
    refusal = _tenant_suspend_unavailable(resource_id=resource_id)
    if refusal is not None:
        raise refusal
    tenant = Tenant.objects.get(pk=_tenant_id(resource_id))
    reason = str(details.get("reason") or "").strip()
    if not reason:
        raise ApplicationError("reason_required", "Informe o motivo da suspensão.")
    return {"tenantId": str(tenant.pk), "companyName": tenant.company_name, "reason": reason}


def _execute_tenant_suspend(
    *, acting_user: Actor, resource_id: str | None, details: Mapping[str, Any]
) -> dict[str, Any]:
    from platform_app.services.tenants import tenant_suspend

    tenant = tenant_suspend(acting_user=acting_user, tenant_id=_tenant_id(resource_id))
    return {"tenantId": str(tenant.pk), "subscriptionStatus": tenant.subscription_status}


TENANT_SUSPEND = GatedAction(
    action_type=ApprovalRequest.ActionType.TENANT_SUSPEND,
    label="Suspender tenant",
    resource_type="tenant",
    required_approvals=1,
    prepare=_prepare_tenant_suspend,
    execute=_execute_tenant_suspend,
    resource_model="platform_app.tenant",
    unavailable=_tenant_suspend_unavailable,
    detail_labels={
        "companyName": "Empresa",
        "tenantId": "Id do tenant",
        "reason": "Motivo",
        "subscriptionStatus": "Situação do tenant",
    },
)


def register_platform_gated_actions() -> None:
    """platform_app's own entries (called from its AppConfig.ready)."""
    gated_action_register(TENANT_SUSPEND)
