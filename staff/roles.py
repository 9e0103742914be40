"""The staff roles: Django groups and the model permissions each one holds."""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from core.models import platform_models

ALL = ("view", "add", "change", "delete")
VIEW = ("view",)
# On approval requests no form edits a row: "add" lets a staff member ask for an
# approval-gated action (tenant suspension, plan prices), "change" lets them decide on
# the decision page. Who decides, cancels or re-runs which request is the services' rule.
REQUEST = ("view", "add")
DECIDE = ("view", "add", "change")

TENANT_MANAGERS = "Gestores de tenants"
APPROVERS = "Aprovadores"
SUPPORT = "Suporte"
LGPD_OFFICERS = "Encarregado LGPD"

ROLES: dict[str, dict[str, tuple[str, ...]]] = {
    TENANT_MANAGERS: {
        "platform_app.tenant": ALL,
        "platform_app.platformuser": ALL,
        "platform_app.agent": ALL,
        # Activations and the tenant_* rows below: written only by the services.
        "platform_app.agentactivation": VIEW,
        "platform_app.permission": ALL,
        "billing.subscriptionplan": ALL,
        "billing.subnucleo": ALL,
        "billing.subnucleoagent": ALL,
        "billing.tenantsubscription": VIEW,
        "billing.tenantsubnucleo": VIEW,
        "billing.tenantagent": VIEW,
        "billing.trial": ("view", "change"),
        "billing.commercialrequest": ("view", "change"),
        "billing.paymentevent": VIEW,
        "billing.legacysubscription": VIEW,
        "billing.tenantsubscriptionsummary": VIEW,
        # Suspensions and price changes are asked for, not done (approval-gated actions).
        "platform_app.approvalrequest": REQUEST,
        "platform_app.approvaldecision": VIEW,
    },
    APPROVERS: {
        "platform_app.approvalrequest": DECIDE,
        "platform_app.approvaldecision": VIEW,
        "platform_app.tenant": VIEW,
        "platform_app.platformuser": VIEW,
        "billing.subscriptionplan": VIEW,
    },
    SUPPORT: {},  # view on every platform model, filled in by role_permissions()
    LGPD_OFFICERS: {
        "nigredo.lead": ("view", "change"),
        "nigredo.blocklistentry": ALL,
        "nigredo.interacao": VIEW,
        "nigredo.agendamento": ("view", "change"),
        "nigredo.formsubmission": VIEW,
        "nigredo.webhooklog": VIEW,
        "platform_app.auditlog": VIEW,
        "platform_app.tenant": VIEW,
        # The right to be forgotten: asked for by one officer, approved by another.
        "platform_app.approvalrequest": DECIDE,
        "platform_app.approvaldecision": VIEW,
    },
}


def role_permissions(role: str) -> dict[str, tuple[str, ...]]:
    """Model label (app.model) → actions the role may take on it."""
    if role == SUPPORT:
        return {model._meta.label_lower: VIEW for model in platform_models()}
    return ROLES[role]


@transaction.atomic
def sync_staff_groups() -> dict[str, int]:
    """Create the role groups and set each one's permissions to exactly its role's."""
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    by_key = {
        (permission.content_type.app_label, permission.codename): permission
        for permission in Permission.objects.filter(
            content_type__app_label__in={model._meta.app_label for model in platform_models()}
        ).select_related("content_type")
    }
    counts = {}
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        permissions = [
            by_key[app_label, f"{action}_{model_name}"]
            for label, actions in role_permissions(role).items()
            for app_label, model_name in [label.split(".")]
            for action in actions
        ]
        group.permissions.set(permissions)
        counts[role] = len(permissions)
    return counts
