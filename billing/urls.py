from django.urls import path
from drf_spectacular.utils import extend_schema_view, extend_schema

from billing import apis


def aliased(view_class, operation_id: str):
    """The same view under a second URL, with an operation id of its own."""
    return extend_schema_view(get=extend_schema(operation_id=operation_id))(
        type(f"{view_class.__name__}Alias", (view_class,), {})
    ).as_view()


urlpatterns = [
    path("plans", apis.PlanListApi.as_view(), name="plans-list"),
    path("billing/plans", aliased(apis.PlanListApi, "billing_plans_list"), name="billing-plans"),
    path("subnucleos", apis.SubnucleoListApi.as_view(), name="subnucleos-list"),
    path(
        "billing/subnucleos",
        aliased(apis.SubnucleoListApi, "billing_subnucleos_list"),
        name="billing-subnucleos",
    ),
]
