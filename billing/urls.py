from collections.abc import Callable

from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.views import APIView

from billing import apis


def aliased(view_class: type[APIView], operation_id: str) -> Callable:
    """The same view under a second URL, with an operation id of its own."""
    alias: type[APIView] = type(f"{view_class.__name__}Alias", (view_class,), {})
    return extend_schema_view(get=extend_schema(operation_id=operation_id))(alias).as_view()


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
