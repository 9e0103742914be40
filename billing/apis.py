"""Public catalogue endpoints of the billing tables: plans and SubNúcleos, in production's
shapes (prices as strings with two decimals, as node-pg sends numeric)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from api.fields import MoneyField
from api.schema import PUBLIC_ERRORS
from api.serializers import ReadSerializer, StrictInputSerializer, validated_query
from api.views import PublicApiView
from billing import selectors


class NoQuerySerializer(StrictInputSerializer):
    """These endpoints take no parameters."""


class PlanSerializer(ReadSerializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    displayName = serializers.CharField(source="display_name")
    description = serializers.CharField(allow_null=True)
    priceMonthly = MoneyField(source="price_monthly")
    priceYearly = MoneyField(source="price_yearly")
    maxSubnucleos = serializers.IntegerField(source="max_subnucleos")
    maxAgents = serializers.IntegerField(source="max_agents")
    maxUsers = serializers.IntegerField(source="max_users")
    includesFibonacci = serializers.BooleanField(source="includes_fibonacci", allow_null=True)
    features = serializers.JSONField(allow_null=True)
    sortOrder = serializers.IntegerField(source="sort_order", allow_null=True)


class PlanListApi(PublicApiView):
    """`GET /api/plans` and `/api/billing/plans`: active plans by sort order and price."""

    class OutputSerializer(serializers.Serializer):
        plans = PlanSerializer(many=True)

    @extend_schema(
        tags=["public"],
        responses={200: OutputSerializer, **PUBLIC_ERRORS},
        auth=[],
    )
    def get(self, request: Request) -> Response:
        validated_query(request, NoQuerySerializer)
        plans = PlanSerializer(selectors.active_plans(), many=True)
        return Response({"plans": plans.data})


class SubnucleoAgentSerializer(ReadSerializer):
    id = serializers.UUIDField(source="agent.id")
    subnucleoId = serializers.UUIDField(source="subnucleo_id")
    name = serializers.CharField(source="agent.name")
    displayName = serializers.CharField(source="agent.display_name")
    description = serializers.CharField(source="agent.description")
    category = serializers.CharField(source="agent.category")
    isRequired = serializers.BooleanField(source="is_required", allow_null=True)


class SubnucleoSerializer(ReadSerializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    displayName = serializers.CharField(source="display_name")
    description = serializers.CharField()
    category = serializers.CharField()
    icon = serializers.CharField(allow_null=True)
    agents = SubnucleoAgentSerializer(source="agents_links.all", many=True)


class SubnucleoListApi(PublicApiView):
    """`GET /api/subnucleos` and `/api/billing/subnucleos` (production's handler is an
    empty file): active SubNúcleos with their active agents."""

    class OutputSerializer(serializers.Serializer):
        subnucleos = SubnucleoSerializer(many=True)

    @extend_schema(
        tags=["public"],
        responses={200: OutputSerializer, **PUBLIC_ERRORS},
        auth=[],
    )
    def get(self, request: Request) -> Response:
        validated_query(request, NoQuerySerializer)
        subnucleos = SubnucleoSerializer(selectors.subnucleo_list_active(), many=True)
        return Response({"subnucleos": subnucleos.data})
