"""Billing endpoints: the public catalogue (plans and SubNúcleos, in production's shapes:
prices as strings with two decimals, as node-pg sends numeric), a tenant with its usage
against the plan, the subscription summary, and the staff's changes to a tenant's agents,
SubNúcleos, subscription and users, through billing's (and platform_app's) services."""

import uuid

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from api.callers import actor_for_request, is_platform_caller
from api.fields import MoneyField, money
from api.schema import CONFLICT, DETAIL_ERRORS, PUBLIC_ERRORS
from api.serializers import ReadSerializer, StrictInputSerializer, validated_body, validated_query
from api.views import ApiView, PublicApiView
from billing import selectors
from billing.models import TenantAgent, TenantSubscription
from billing.services import (
    subscription_cancel,
    subscription_plan_change,
    subscription_reactivate,
    tenant_agent_activate,
    tenant_agent_deactivate,
    tenant_subnucleo_activate,
    tenant_subnucleo_deactivate,
    user_create,
    user_reactivate,
)
from platform_app.apis import (
    SubscriptionSerializer,
    TenantInputSerializer,
    TenantSerializer,
    TenantUserListApi,
)
from platform_app.models import PlatformUser, Tenant
from platform_app.selectors import tenant_get
from platform_app.services import tenant_update, user_role_change, user_suspend

# Staff change a tenant's rows with the admin's permission to change the tenant.
CHANGE_TENANT = ["platform_app.change_tenant"]


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


# A tenant with its usage ----------------------------------------------------------------


class UsageSerializer(serializers.Serializer):
    used = serializers.IntegerField()
    limit = serializers.IntegerField(allow_null=True, help_text="null: no plan in force.")


class TenantUsageSerializer(serializers.Serializer):
    users = UsageSerializer()
    agents = UsageSerializer()
    subnucleos = UsageSerializer()


def usage_json(tenant_id: uuid.UUID) -> dict:
    usage = selectors.tenant_usage(tenant_id=tenant_id)
    return {item.resource: item.as_dict() for item in usage}


class TenantDetailSerializer(TenantSerializer):
    usage = serializers.SerializerMethodField(
        help_text="Users, agents and SubNúcleos in use against the plan's limits."
    )

    @extend_schema_field(TenantUsageSerializer)
    def get_usage(self, tenant: Tenant) -> dict:
        return usage_json(tenant.pk)


class TenantDetailApi(ApiView):
    """`GET /api/tenants/{id}`: one tenant with its subscription and `usage` (the billing
    view's figures); 404 for another tenant's id. `PATCH` (staff) changes its company
    data."""

    permission_model = Tenant
    platform_users = ("GET", "HEAD", "OPTIONS")

    class UpdateSerializer(TenantInputSerializer):
        companyName = serializers.CharField(max_length=255, required=False)

        def validate(self, attrs):
            if not attrs:
                raise serializers.ValidationError("Informe ao menos um campo.")
            return attrs

    @extend_schema(
        operation_id="tenants_partial_update",
        tags=["tenants"],
        request=UpdateSerializer,
        responses={200: TenantDetailSerializer, **DETAIL_ERRORS, 409: CONFLICT},
    )
    def patch(self, request: Request, tenant_id) -> Response:
        serializer = self.UpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        tenant_update(
            acting_user=actor_for_request(request),
            tenant_id=tenant_id,
            **serializer.service_arguments(),
        )
        return Response(TenantDetailSerializer(tenant_get(tenant_id=tenant_id)).data)

    @extend_schema(
        operation_id="tenants_retrieve",
        tags=["tenants"],
        responses={200: TenantDetailSerializer, **DETAIL_ERRORS},
    )
    def get(self, request: Request, tenant_id) -> Response:
        tenant = tenant_get(tenant_id=tenant_id)
        if tenant is None:
            raise NotFound()
        return Response(TenantDetailSerializer(tenant).data)


# The subscription summary (production's GET /api/billing/subscription) ------------------


class ActiveSubnucleoSerializer(ReadSerializer):
    id = serializers.UUIDField(source="subnucleo_id")
    name = serializers.CharField(source="subnucleo.name")
    displayName = serializers.CharField(source="subnucleo.display_name")
    category = serializers.CharField(source="subnucleo.category")
    activatedAt = serializers.DateTimeField(source="activated_at", allow_null=True)


class ActiveAgentSerializer(ReadSerializer):
    id = serializers.UUIDField(source="agent_id")
    name = serializers.CharField(source="agent.name")
    displayName = serializers.CharField(source="agent.display_name")
    category = serializers.CharField(source="agent.category")
    subnucleoId = serializers.UUIDField(source="subnucleo_id", allow_null=True)
    activatedAt = serializers.DateTimeField(source="activated_at", allow_null=True)


class SubscriptionSummarySerializer(serializers.Serializer):
    """The columns of `v_tenant_subscription_summary`, named as the view names them (the
    front-end reads production's raw row), plus the active SubNúcleos and agents."""

    tenant_id = serializers.UUIDField()
    company_name = serializers.CharField(allow_null=True)
    subscription_id = serializers.UUIDField()
    plan_name = serializers.CharField()
    plan_display_name = serializers.CharField()
    billing_cycle = serializers.CharField()
    status = serializers.CharField(allow_null=True)
    amount = serializers.CharField(allow_null=True, help_text='Two decimals, e.g. "297.00".')
    current_period_end = serializers.DateTimeField(allow_null=True)
    active_subnucleos = serializers.IntegerField()
    active_agents = serializers.IntegerField()
    max_subnucleos = serializers.IntegerField()
    max_agents = serializers.IntegerField()
    includes_fibonacci = serializers.BooleanField(allow_null=True)
    activeSubnucleos = ActiveSubnucleoSerializer(many=True)
    activeAgents = ActiveAgentSerializer(many=True)


def subscription_summary(tenant: Tenant, subscription: TenantSubscription) -> dict:
    """The view's row for the tenant, read from its tables (the view is not granted to
    the tenant role: it would read past the row-level security)."""
    subnucleos = list(selectors.tenant_active_subnucleos(tenant.pk))
    agents = list(selectors.tenant_active_agents(tenant.pk))
    plan = subscription.plan
    return {
        "tenant_id": str(tenant.pk),
        "company_name": tenant.company_name,
        "subscription_id": str(subscription.pk),
        "plan_name": plan.name,
        "plan_display_name": plan.display_name,
        "billing_cycle": subscription.billing_cycle,
        "status": subscription.status,
        "amount": money(subscription.amount),
        "current_period_end": (
            serializers.DateTimeField().to_representation(subscription.current_period_end)
            if subscription.current_period_end
            else None
        ),
        "active_subnucleos": len({row.subnucleo_id for row in subnucleos}),
        "active_agents": len({row.agent_id for row in agents}),
        "max_subnucleos": plan.max_subnucleos,
        "max_agents": plan.max_agents,
        "includes_fibonacci": plan.includes_fibonacci,
        "activeSubnucleos": ActiveSubnucleoSerializer(subnucleos, many=True).data,
        "activeAgents": ActiveAgentSerializer(agents, many=True).data,
    }


class SubscriptionSummaryApi(ApiView):
    """`GET /api/billing/subscription`: production's answer for the caller's tenant (staff
    name one with `tenantId`); `hasSubscription` is true only when a row exists."""

    permission_model = TenantSubscription
    platform_users = True

    class FilterSerializer(StrictInputSerializer):
        tenantId = serializers.UUIDField(
            required=False, help_text="Staff: the tenant (required). Platform users: their own."
        )

    class OutputSerializer(serializers.Serializer):
        subscription = SubscriptionSummarySerializer(allow_null=True)
        hasSubscription = serializers.BooleanField()

    @extend_schema(
        operation_id="billing_subscription_retrieve",
        tags=["billing"],
        parameters=[FilterSerializer],
        responses={200: OutputSerializer, **DETAIL_ERRORS},
    )
    def get(self, request: Request) -> Response:
        query = validated_query(request, self.FilterSerializer)
        if is_platform_caller(request):
            query.setdefault("tenantId", actor_for_request(request).tenant_id)
        if query.get("tenantId") is None:
            raise ValidationError({"tenantId": ["Informe o tenant."]})
        tenant = tenant_get(tenant_id=query["tenantId"])
        if tenant is None:
            raise NotFound()
        subscription = selectors.tenant_subscription(tenant.pk)
        if subscription is None:
            return Response({"subscription": None, "hasSubscription": False})
        return Response(
            {"subscription": subscription_summary(tenant, subscription), "hasSubscription": True}
        )


# A tenant's agents and SubNúcleos ---------------------------------------------------------


class TenantAgentSerializer(ReadSerializer):
    tenantId = serializers.UUIDField(source="tenant_id")
    agentId = serializers.UUIDField(source="agent_id")
    subnucleoId = serializers.UUIDField(source="subnucleo_id", allow_null=True)
    isActive = serializers.BooleanField(source="is_active", allow_null=True)
    activatedAt = serializers.DateTimeField(source="activated_at", allow_null=True)
    deactivatedAt = serializers.DateTimeField(source="deactivated_at", allow_null=True)


class TenantChangeApi(ApiView):
    """A staff change to one tenant's rows (the admin's tenant page does the same)."""

    permission_model = Tenant
    staff_permissions = {"POST": CHANGE_TENANT, "PUT": CHANGE_TENANT, "DELETE": CHANGE_TENANT}


class TenantAgentActivateApi(TenantChangeApi):
    """`POST /api/tenants/{id}/agents/{agentId}/activate`, within the plan's agents (409
    `plan_limit_reached`, the limit in `details`)."""

    @extend_schema(
        operation_id="tenants_agents_activate",
        tags=["tenants"],
        request=None,
        responses={200: TenantAgentSerializer, **DETAIL_ERRORS, 409: CONFLICT},
    )
    def post(self, request: Request, tenant_id, agent_id) -> Response:
        row = tenant_agent_activate(
            acting_user=actor_for_request(request), tenant_id=tenant_id, agent_id=agent_id
        )
        return Response(TenantAgentSerializer(row).data)


class TenantAgentDeactivateApi(TenantChangeApi):
    """`POST /api/tenants/{id}/agents/{agentId}/deactivate` (409 while an active
    SubNúcleo requires it)."""

    @extend_schema(
        operation_id="tenants_agents_deactivate",
        tags=["tenants"],
        request=None,
        responses={200: TenantAgentSerializer, **DETAIL_ERRORS, 409: CONFLICT},
    )
    def post(self, request: Request, tenant_id, agent_id) -> Response:
        row = tenant_agent_deactivate(
            acting_user=actor_for_request(request), tenant_id=tenant_id, agent_id=agent_id
        )
        if row is None:  # it ran only in agent_activations: no tenant_agents row
            row = TenantAgent(tenant_id=tenant_id, agent_id=agent_id, is_active=False)
        return Response(TenantAgentSerializer(row).data)


class TenantSubnucleoSerializer(ReadSerializer):
    tenantId = serializers.UUIDField(source="tenant_id")
    subnucleoId = serializers.UUIDField(source="subnucleo_id")
    isActive = serializers.BooleanField(source="is_active", allow_null=True)
    activatedAt = serializers.DateTimeField(source="activated_at", allow_null=True)
    deactivatedAt = serializers.DateTimeField(source="deactivated_at", allow_null=True)


class TenantSubnucleoActivateApi(TenantChangeApi):
    """`POST /api/tenants/{id}/subnucleos/{subnucleoId}/activate` with its required agents
    and the optional ones named, within the plan's SubNúcleos and agents."""

    class InputSerializer(StrictInputSerializer):
        optionalAgentIds = serializers.ListField(
            child=serializers.UUIDField(), required=False, max_length=100
        )

    @extend_schema(
        operation_id="tenants_subnucleos_activate",
        tags=["tenants"],
        request=InputSerializer,
        responses={200: TenantSubnucleoSerializer, **DETAIL_ERRORS, 409: CONFLICT},
    )
    def post(self, request: Request, tenant_id, subnucleo_id) -> Response:
        data = validated_body(request, self.InputSerializer)
        row = tenant_subnucleo_activate(
            acting_user=actor_for_request(request),
            tenant_id=tenant_id,
            subnucleo_id=subnucleo_id,
            optional_agent_ids=data.get("optionalAgentIds") or (),
        )
        return Response(TenantSubnucleoSerializer(row).data)


class TenantSubnucleoDeactivateApi(TenantChangeApi):
    """`POST /api/tenants/{id}/subnucleos/{subnucleoId}/deactivate`, with the agents no
    other active SubNúcleo of the tenant provides."""

    @extend_schema(
        operation_id="tenants_subnucleos_deactivate",
        tags=["tenants"],
        request=None,
        responses={200: TenantSubnucleoSerializer, **DETAIL_ERRORS, 409: CONFLICT},
    )
    def post(self, request: Request, tenant_id, subnucleo_id) -> Response:
        row = tenant_subnucleo_deactivate(
            acting_user=actor_for_request(request), tenant_id=tenant_id, subnucleo_id=subnucleo_id
        )
        return Response(TenantSubnucleoSerializer(row).data)


# A tenant's subscription ------------------------------------------------------------------


class TenantSubscriptionApi(TenantChangeApi):
    """`PUT /api/tenants/{id}/subscription` subscribes or changes plan or cycle (409
    `plan_downgrade_blocked` naming what exceeds the new plan); `DELETE` cancels at the
    end of the period."""

    class InputSerializer(StrictInputSerializer):
        planId = serializers.UUIDField()
        billingCycle = serializers.ChoiceField(choices=TenantSubscription.BillingCycle.choices)

    @extend_schema(
        operation_id="tenants_subscription_update",
        tags=["tenants"],
        request=InputSerializer,
        responses={200: SubscriptionSerializer, **DETAIL_ERRORS, 409: CONFLICT},
    )
    def put(self, request: Request, tenant_id) -> Response:
        data = validated_body(request, self.InputSerializer)
        subscription = subscription_plan_change(
            acting_user=actor_for_request(request),
            tenant_id=tenant_id,
            plan_id=data["planId"],
            billing_cycle=data["billingCycle"],
        )
        return Response(SubscriptionSerializer(subscription).data)

    @extend_schema(
        operation_id="tenants_subscription_cancel",
        tags=["tenants"],
        responses={200: SubscriptionSerializer, **DETAIL_ERRORS, 409: CONFLICT},
    )
    def delete(self, request: Request, tenant_id) -> Response:
        subscription = subscription_cancel(
            acting_user=actor_for_request(request), tenant_id=tenant_id
        )
        return Response(SubscriptionSerializer(subscription).data)


class TenantSubscriptionReactivateApi(TenantChangeApi):
    """`POST /api/tenants/{id}/subscription/reactivate`: undo a cancellation."""

    @extend_schema(
        operation_id="tenants_subscription_reactivate",
        tags=["tenants"],
        request=None,
        responses={200: SubscriptionSerializer, **DETAIL_ERRORS, 409: CONFLICT},
    )
    def post(self, request: Request, tenant_id) -> Response:
        subscription = subscription_reactivate(
            acting_user=actor_for_request(request), tenant_id=tenant_id
        )
        return Response(SubscriptionSerializer(subscription).data)


# A tenant's users -------------------------------------------------------------------------

UserSerializer = TenantUserListApi.UserSerializer


class TenantUserCreateApi(TenantUserListApi):
    """`GET /api/tenants/{id}/users` lists them; `POST` adds an active user, within the
    plan's seats (409 `plan_limit_reached`)."""

    platform_users = ("GET", "HEAD", "OPTIONS")
    staff_permissions = {"POST": ["platform_app.change_tenant", "platform_app.add_platformuser"]}

    class InputSerializer(StrictInputSerializer):
        email = serializers.EmailField(max_length=255)
        fullName = serializers.CharField(max_length=255)
        userRole = serializers.ChoiceField(
            choices=PlatformUser.Role.choices, required=False, default=PlatformUser.Role.VIEWER
        )

    @extend_schema(
        operation_id="tenants_users_create",
        tags=["tenants"],
        request=InputSerializer,
        responses={201: UserSerializer, **DETAIL_ERRORS, 409: CONFLICT},
    )
    def post(self, request: Request, tenant_id) -> Response:
        data = validated_body(request, self.InputSerializer)
        user = user_create(
            acting_user=actor_for_request(request),
            tenant_id=tenant_id,
            email=data["email"],
            full_name=data["fullName"],
            role=data["userRole"],
        )
        return Response(UserSerializer(user).data, status=201)


class TenantUserUpdateApi(TenantChangeApi):
    """`PATCH /api/tenants/{id}/users/{userId}`: `userRole` changes the role; `status`
    `suspended` suspends (freeing a seat), `active` reactivates (taking one)."""

    staff_permissions = {
        "PATCH": ["platform_app.change_tenant", "platform_app.change_platformuser"]
    }

    class InputSerializer(StrictInputSerializer):
        userRole = serializers.ChoiceField(choices=PlatformUser.Role.choices, required=False)
        status = serializers.ChoiceField(
            choices=[PlatformUser.Status.ACTIVE, PlatformUser.Status.SUSPENDED], required=False
        )

        def validate(self, attrs):
            if not attrs:
                raise serializers.ValidationError("Informe userRole ou status.")
            return attrs

    @extend_schema(
        operation_id="tenants_users_update",
        tags=["tenants"],
        request=InputSerializer,
        responses={200: UserSerializer, **DETAIL_ERRORS, 409: CONFLICT},
    )
    def patch(self, request: Request, tenant_id, user_id) -> Response:
        data = validated_body(request, self.InputSerializer)
        user = PlatformUser.objects.filter(pk=user_id, tenant_id=tenant_id).first()
        if user is None:
            raise NotFound()
        actor = actor_for_request(request)
        if "userRole" in data:
            user = user_role_change(acting_user=actor, user_id=user_id, role=data["userRole"])
        if data.get("status") == PlatformUser.Status.SUSPENDED:
            user = user_suspend(acting_user=actor, user_id=user_id)
        elif data.get("status") == PlatformUser.Status.ACTIVE:
            user = user_reactivate(acting_user=actor, user_id=user_id)
        return Response(UserSerializer(user).data)
