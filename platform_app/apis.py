"""alquimista_platform endpoints: the agents catalogue (public), tenants, their users,
audit logs. One view per operation; reads go through platform_app.selectors."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from api.fields import MoneyField, money
from api.schema import AUTHENTICATED_ERRORS, DETAIL_ERRORS, PUBLIC_ERRORS
from api.serializers import (
    PageQuerySerializer,
    ReadSerializer,
    StrictInputSerializer,
    limit_field,
    page_serializer,
    validated_query,
)
from api.views import ApiView, PublicApiView, keyset_response
from platform_app import selectors
from platform_app.models import Agent, AuditLog, PlatformUser, Tenant


class AgentSerializer(ReadSerializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    displayName = serializers.CharField(source="display_name")
    description = serializers.CharField()
    category = serializers.CharField()
    segment = serializers.CharField(source="category")
    tags = serializers.SerializerMethodField()
    version = serializers.CharField()
    isActive = serializers.SerializerMethodField()
    priceMonthly = serializers.SerializerMethodField(
        help_text="`pricing.priceMonthly` with two decimals, or null."
    )

    def get_tags(self, agent: Agent) -> list[str]:
        config = agent.config if isinstance(agent.config, dict) else {}
        tags = config.get("tags")
        return [str(tag) for tag in tags] if isinstance(tags, list) else []

    def get_isActive(self, agent: Agent) -> bool:
        return agent.status == Agent.Status.ACTIVE

    def get_priceMonthly(self, agent: Agent) -> str | None:
        pricing = agent.pricing if isinstance(agent.pricing, dict) else {}
        return money(pricing.get("priceMonthly"))


class AgentListApi(PublicApiView):
    """`GET /api/agents`: production's catalogue answer (the Lambda's is always a 500)."""

    class FilterSerializer(StrictInputSerializer):
        category = serializers.CharField(required=False, max_length=100)
        segment = serializers.CharField(required=False, max_length=100, help_text="= category")

    class OutputSerializer(serializers.Serializer):
        agents = AgentSerializer(many=True)
        total = serializers.IntegerField()

    @extend_schema(
        operation_id="agents_list",
        tags=["public"],
        parameters=[FilterSerializer],
        responses={200: OutputSerializer, **PUBLIC_ERRORS},
        auth=[],
    )
    def get(self, request: Request) -> Response:
        query = validated_query(request, self.FilterSerializer)
        category = query.get("category") or query.get("segment")
        agents = AgentSerializer(selectors.agent_list_active(category=category), many=True)
        return Response({"agents": agents.data, "total": len(agents.data)})


class SubscriptionSerializer(ReadSerializer):
    id = serializers.UUIDField()
    planId = serializers.UUIDField(source="plan_id")
    planName = serializers.CharField(source="plan.name")
    planDisplayName = serializers.CharField(source="plan.display_name")
    billingCycle = serializers.CharField(source="billing_cycle")
    status = serializers.CharField(allow_null=True)
    amount = MoneyField()
    currency = serializers.CharField(allow_null=True)
    currentPeriodStart = serializers.DateTimeField(source="current_period_start", allow_null=True)
    currentPeriodEnd = serializers.DateTimeField(source="current_period_end", allow_null=True)
    cancelAtPeriodEnd = serializers.BooleanField(source="cancel_at_period_end", allow_null=True)
    cancelledAt = serializers.DateTimeField(source="cancelled_at", allow_null=True)


class TenantSerializer(ReadSerializer):
    id = serializers.UUIDField()
    companyName = serializers.CharField(source="company_name")
    cnpj = serializers.CharField(allow_null=True)
    subscriptionTier = serializers.CharField(source="subscription_tier")
    subscriptionStatus = serializers.CharField(source="subscription_status")
    settings = serializers.JSONField(allow_null=True)
    createdAt = serializers.DateTimeField(source="created_at", allow_null=True)
    updatedAt = serializers.DateTimeField(source="updated_at", allow_null=True)
    # None when the tenant has no subscription (DRF maps the missing reverse row to null).
    subscription = SubscriptionSerializer(allow_null=True)


class TenantListApi(ApiView):
    """`GET /api/tenants`: staff see every tenant; a platform user, its own."""

    permission_model = Tenant
    platform_users = True

    class FilterSerializer(PageQuerySerializer):
        subscriptionStatus = serializers.ChoiceField(
            choices=Tenant.Status.choices, required=False, source="subscription_status"
        )
        subscriptionTier = serializers.ChoiceField(
            choices=Tenant.Tier.choices, required=False, source="subscription_tier"
        )

    @extend_schema(
        operation_id="tenants_list",
        tags=["tenants"],
        parameters=[FilterSerializer],
        responses={
            200: page_serializer("TenantPage", "tenants", TenantSerializer),
            **AUTHENTICATED_ERRORS,
        },
    )
    def get(self, request: Request) -> Response:
        query = validated_query(request, self.FilterSerializer)
        tenants = selectors.tenant_list(
            subscription_status=query.get("subscription_status"),
            subscription_tier=query.get("subscription_tier"),
        )
        return keyset_response(
            tenants,
            items_key="tenants",
            serializer_class=TenantSerializer,
            query=query,
            query_serializer=self.FilterSerializer,
        )


class TenantDetailApi(ApiView):
    """`GET /api/tenants/{id}`: one tenant with its subscription; 404 for another
    tenant's id."""

    permission_model = Tenant
    platform_users = True

    @extend_schema(
        operation_id="tenants_retrieve",
        tags=["tenants"],
        responses={200: TenantSerializer, **DETAIL_ERRORS},
    )
    def get(self, request: Request, tenant_id) -> Response:
        tenant = selectors.tenant_get(tenant_id=tenant_id)
        if tenant is None:
            raise NotFound()
        return Response(TenantSerializer(tenant).data)


class TenantUserListApi(ApiView):
    """`GET /api/tenants/{id}/users`: the tenant's platform users."""

    permission_model = PlatformUser
    platform_users = True

    class FilterSerializer(PageQuerySerializer):
        status = serializers.ChoiceField(choices=PlatformUser.Status.choices, required=False)
        userRole = serializers.ChoiceField(
            choices=PlatformUser.Role.choices, required=False, source="user_role"
        )

    class UserSerializer(ReadSerializer):
        id = serializers.UUIDField()
        tenantId = serializers.UUIDField(source="tenant_id")
        email = serializers.CharField()
        fullName = serializers.CharField(source="full_name")
        userRole = serializers.CharField(source="user_role")
        status = serializers.CharField()
        lastLoginAt = serializers.DateTimeField(source="last_login_at", allow_null=True)
        createdAt = serializers.DateTimeField(source="created_at", allow_null=True)
        updatedAt = serializers.DateTimeField(source="updated_at", allow_null=True)

    @extend_schema(
        operation_id="tenants_users_list",
        tags=["tenants"],
        parameters=[FilterSerializer],
        responses={200: page_serializer("UserPage", "users", UserSerializer), **DETAIL_ERRORS},
    )
    def get(self, request: Request, tenant_id) -> Response:
        query = validated_query(request, self.FilterSerializer)
        if selectors.tenant_get(tenant_id=tenant_id) is None:
            raise NotFound()
        users = selectors.tenant_user_list(
            tenant_id=tenant_id, status=query.get("status"), role=query.get("user_role")
        )
        return keyset_response(
            users,
            items_key="users",
            serializer_class=self.UserSerializer,
            query=query,
            query_serializer=self.FilterSerializer,
        )


class AuditLogListApi(ApiView):
    """`GET /api/audit-logs`: production's filters plus `traceId`, newest first."""

    permission_model = AuditLog
    platform_users = True

    class FilterSerializer(PageQuerySerializer):
        default_limit = 100
        limit = limit_field(1000)

        tenantId = serializers.UUIDField(required=False, source="tenant_id")
        userId = serializers.UUIDField(required=False, source="user_id")
        agentId = serializers.UUIDField(required=False, source="agent_id")
        traceId = serializers.UUIDField(required=False, source="trace_id")
        actionType = serializers.CharField(required=False, max_length=100, source="action_type")
        result = serializers.CharField(required=False, max_length=50)
        startDate = serializers.DateTimeField(required=False, source="start")
        endDate = serializers.DateTimeField(required=False, source="end")

    class LogSerializer(ReadSerializer):
        id = serializers.UUIDField()
        traceId = serializers.UUIDField(source="trace_id")
        tenantId = serializers.UUIDField(source="tenant_id", allow_null=True)
        userId = serializers.UUIDField(source="user_id", allow_null=True)
        agentId = serializers.UUIDField(source="agent_id", allow_null=True)
        actionType = serializers.CharField(source="action_type")
        result = serializers.CharField()
        # DRF's metaclass moves declared fields off the class: no clash with `.context`.
        context = serializers.JSONField(allow_null=True)  # type: ignore[assignment]
        errorMessage = serializers.CharField(source="error_message", allow_null=True)
        createdAt = serializers.DateTimeField(source="created_at", allow_null=True)
        userEmail = serializers.CharField(source="user.email", allow_null=True, default=None)
        userName = serializers.CharField(source="user.full_name", allow_null=True, default=None)
        agentName = serializers.CharField(source="agent.name", allow_null=True, default=None)
        agentDisplayName = serializers.CharField(
            source="agent.display_name", allow_null=True, default=None
        )

    @extend_schema(
        operation_id="audit_logs_list",
        tags=["audit"],
        parameters=[FilterSerializer],
        responses={
            200: page_serializer("AuditLogPage", "logs", LogSerializer),
            **AUTHENTICATED_ERRORS,
        },
    )
    def get(self, request: Request) -> Response:
        query = validated_query(request, self.FilterSerializer)
        logs = selectors.audit_log_list(
            tenant_id=query.get("tenant_id"),
            user_id=query.get("user_id"),
            agent_id=query.get("agent_id"),
            trace_id=query.get("trace_id"),
            action_type=query.get("action_type"),
            result=query.get("result"),
            start=query.get("start"),
            end=query.get("end"),
        )
        return keyset_response(
            logs,
            items_key="logs",
            serializer_class=self.LogSerializer,
            query=query,
            query_serializer=self.FilterSerializer,
        )
