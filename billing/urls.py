from collections.abc import Callable

from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.views import APIView

from billing import apis


def aliased(view_class: type[APIView], operation_id: str) -> Callable:
    """The same view under a second URL, with an operation id of its own."""
    alias: type[APIView] = type(f"{view_class.__name__}Alias", (view_class,), {})
    return extend_schema_view(get=extend_schema(operation_id=operation_id))(alias).as_view()


TENANT = "tenants/<uuid:tenant_id>"

urlpatterns = [
    path("plans", apis.PlanListApi.as_view(), name="plans-list"),
    path("billing/plans", aliased(apis.PlanListApi, "billing_plans_list"), name="billing-plans"),
    path("subnucleos", apis.SubnucleoListApi.as_view(), name="subnucleos-list"),
    path(
        "billing/subnucleos",
        aliased(apis.SubnucleoListApi, "billing_subnucleos_list"),
        name="billing-subnucleos",
    ),
    path(
        "billing/subscription",
        apis.SubscriptionSummaryApi.as_view(),
        name="billing-subscription",
    ),
    path(TENANT, apis.TenantDetailApi.as_view(), name="tenants-detail"),
    path(f"{TENANT}/users", apis.TenantUserCreateApi.as_view(), name="tenants-users-list"),
    path(
        f"{TENANT}/users/<uuid:user_id>",
        apis.TenantUserUpdateApi.as_view(),
        name="tenants-users-update",
    ),
    path(
        f"{TENANT}/agents/<uuid:agent_id>/activate",
        apis.TenantAgentActivateApi.as_view(),
        name="tenants-agents-activate",
    ),
    path(
        f"{TENANT}/agents/<uuid:agent_id>/deactivate",
        apis.TenantAgentDeactivateApi.as_view(),
        name="tenants-agents-deactivate",
    ),
    path(
        f"{TENANT}/subnucleos/<uuid:subnucleo_id>/activate",
        apis.TenantSubnucleoActivateApi.as_view(),
        name="tenants-subnucleos-activate",
    ),
    path(
        f"{TENANT}/subnucleos/<uuid:subnucleo_id>/deactivate",
        apis.TenantSubnucleoDeactivateApi.as_view(),
        name="tenants-subnucleos-deactivate",
    ),
    path(
        f"{TENANT}/subscription",
        apis.TenantSubscriptionApi.as_view(),
        name="tenants-subscription",
    ),
    path(
        f"{TENANT}/subscription/reactivate",
        apis.TenantSubscriptionReactivateApi.as_view(),
        name="tenants-subscription-reactivate",
    ),
]
