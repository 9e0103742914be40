"""alquimista_platform endpoints: the agents catalogue (public), tenants (list, suspension
asked for, reactivation), their users, audit logs, approval requests. One view per
operation; reads go through platform_app.selectors, changes through its services."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from api.callers import actor_for_request, is_platform_caller
from api.fields import MoneyField, money
from api.pagination import TEXT_CURSOR_PATTERN
from api.rls import leave_tenant_role
from api.schema import AUTHENTICATED_ERRORS, CONFLICT, DETAIL_ERRORS, PUBLIC_ERRORS
from api.serializers import (
    ErrorSerializer,
    PageQuerySerializer,
    ReadSerializer,
    StrictInputSerializer,
    limit_field,
    page_limit,
    page_serializer,
    validated_body,
    validated_query,
)
from api.views import ApiView, CommittingApiView, PublicApiView, keyset_response, page_response
from platform_app import selectors
from platform_app.models import (
    Agent,
    ApprovalDecision,
    ApprovalRequest,
    AuditLog,
    PlatformUser,
    Tenant,
)
from platform_app.services import (
    approval_request_cancel,
    approval_request_create,
    approval_request_decide,
    approval_request_execute,
    tenant_create,
    tenant_reactivate,
)
from platform_app.services.approvals import approval_execution, not_linked_refusal
from staff.roles import APPROVERS
from staff.selectors import staff_platform_user_ids_in_group


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
    platform_users: bool | tuple[str, ...] = ("GET", "HEAD", "OPTIONS")

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


class TenantInputSerializer(StrictInputSerializer):
    """A tenant's company data (`POST` needs `companyName`; `PATCH` takes any of them)."""

    companyName = serializers.CharField(max_length=255)
    cnpj = serializers.CharField(
        required=False, allow_null=True, allow_blank=True, max_length=18, help_text="Validated."
    )
    subscriptionTier = serializers.ChoiceField(choices=Tenant.Tier.choices, required=False)
    settings = serializers.DictField(required=False)

    FIELDS = {
        "companyName": "company_name",
        "cnpj": "cnpj",
        "subscriptionTier": "subscription_tier",
        "settings": "settings",
    }

    def service_arguments(self) -> dict:
        return {self.FIELDS[key]: value for key, value in self.validated_data.items()}


class TenantCreateApi(TenantListApi):
    """`GET /api/tenants` lists; `POST` (staff) creates an active tenant (201)."""

    @extend_schema(
        operation_id="tenants_create",
        tags=["tenants"],
        request=TenantInputSerializer,
        responses={201: TenantSerializer, **AUTHENTICATED_ERRORS},
    )
    def post(self, request: Request) -> Response:
        serializer = TenantInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        tenant = tenant_create(
            acting_user=actor_for_request(request), **serializer.service_arguments()
        )
        return Response(TenantSerializer(selectors.tenant_get(tenant_id=tenant.pk)).data, 201)


class TenantUserListApi(ApiView):
    """`GET /api/tenants/{id}/users`: the tenant's platform users."""

    permission_model = PlatformUser
    platform_users: bool | tuple[str, ...] = True

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
        page = selectors.audit_log_page(
            limit=page_limit(query, self.FilterSerializer),
            cursor=query.get("cursor"),
            tenant_id=query.get("tenant_id"),
            user_id=query.get("user_id"),
            agent_id=query.get("agent_id"),
            trace_id=query.get("trace_id"),
            action_type=query.get("action_type"),
            result=query.get("result"),
            start=query.get("start"),
            end=query.get("end"),
        )
        return page_response(page, items_key="logs", serializer_class=self.LogSerializer)


class ApprovalRequestSerializer(ReadSerializer):
    """Production's approval fields (`GET /api/approvals/{id}`)."""

    id = serializers.CharField()
    tenantId = serializers.UUIDField(source="tenant_id")
    requestedBy = serializers.UUIDField(source="requested_by_id")
    requesterEmail = serializers.CharField(
        source="requested_by.email", allow_null=True, default=None
    )
    requesterName = serializers.CharField(
        source="requested_by.full_name", allow_null=True, default=None
    )
    actionType = serializers.CharField(source="action_type")
    resourceType = serializers.CharField(source="resource_type")
    resourceId = serializers.CharField(source="resource_id", allow_null=True)
    actionDetails = serializers.JSONField(source="action_details")
    approvers = serializers.JSONField(help_text="Platform user ids.")
    requiredApprovals = serializers.IntegerField(source="required_approvals")
    status = serializers.CharField()
    expiresAt = serializers.DateTimeField(source="expires_at")
    createdAt = serializers.DateTimeField(source="created_at", allow_null=True)
    updatedAt = serializers.DateTimeField(source="updated_at", allow_null=True)


class TenantSuspendApi(ApiView):
    """`POST /api/tenants/{id}/suspend`: suspending a tenant is approval-gated, as in the
    admin: 202 with the approval request; the tenant is suspended once it is approved."""

    permission_model = Tenant
    staff_permissions = {"POST": ["platform_app.view_tenant", "platform_app.add_approvalrequest"]}

    class InputSerializer(StrictInputSerializer):
        reason = serializers.CharField(max_length=1000, help_text="The approvers read this.")
        approvers = serializers.ListField(
            child=serializers.UUIDField(),
            required=False,
            min_length=1,
            max_length=20,
            help_text="Platform user ids; by default the users linked to the Aprovadores staff.",
        )

    @extend_schema(
        operation_id="tenants_suspend",
        tags=["tenants"],
        request=InputSerializer,
        responses={202: ApprovalRequestSerializer, **DETAIL_ERRORS, 409: CONFLICT},
    )
    def post(self, request: Request, tenant_id) -> Response:
        data = validated_body(request, self.InputSerializer)
        if selectors.tenant_get(tenant_id=tenant_id) is None:
            raise NotFound()
        actor = actor_for_request(request)
        if actor.platform_user_id is None:
            raise not_linked_refusal()
        linked_approvers = staff_platform_user_ids_in_group(APPROVERS)
        approvers = data.get("approvers") or [
            user.pk
            for user in selectors.approval_approver_candidates(actor.platform_user_id)
            if user.pk in linked_approvers
        ]
        approval = approval_request_create(
            acting_user=actor,
            action_type=ApprovalRequest.ActionType.TENANT_SUSPEND,
            resource_type="tenant",
            resource_id=str(tenant_id),
            action_details={"reason": data["reason"]},
            approvers=approvers,
        )
        return Response(ApprovalRequestSerializer(approval).data, status=202)


class TenantReactivateApi(ApiView):
    """`POST /api/tenants/{id}/reactivate`: a suspended tenant becomes active."""

    permission_model = Tenant
    staff_permissions = {"POST": ["platform_app.change_tenant"]}

    @extend_schema(
        operation_id="tenants_reactivate",
        tags=["tenants"],
        request=None,
        responses={200: TenantSerializer, **DETAIL_ERRORS, 409: CONFLICT},
    )
    def post(self, request: Request, tenant_id) -> Response:
        tenant_reactivate(acting_user=actor_for_request(request), tenant_id=tenant_id)
        tenant = selectors.tenant_get(tenant_id=tenant_id)
        return Response(TenantSerializer(tenant).data)


# Approvals --------------------------------------------------------------------------


class ApprovalListApi(ApiView):
    """`GET /api/approvals`: newest first, keyset-paginated (production's always fails);
    `POST` creates one (201, production's answer)."""

    permission_model = ApprovalRequest
    platform_users = True

    class FilterSerializer(PageQuerySerializer):
        limit = limit_field(100)
        cursor = serializers.RegexField(
            TEXT_CURSOR_PATTERN,
            required=False,
            max_length=220,
            help_text="The `nextCursor` of the previous page.",
        )
        status = serializers.ChoiceField(choices=ApprovalRequest.Status.choices, required=False)
        actionType = serializers.CharField(required=False, max_length=100, source="action_type")
        mine = serializers.BooleanField(
            required=False,
            default=False,
            help_text="Only the pending requests awaiting the caller's decision.",
        )

    class InputSerializer(StrictInputSerializer):
        actionType = serializers.CharField(max_length=100)
        resourceType = serializers.CharField(max_length=50)
        resourceId = serializers.CharField(required=False, allow_null=True, max_length=255)
        actionDetails = serializers.DictField()
        approvers = serializers.ListField(
            child=serializers.UUIDField(), min_length=1, max_length=20
        )
        requiredApprovals = serializers.IntegerField(
            required=False, allow_null=True, min_value=1, max_value=2
        )
        expiresAt = serializers.DateTimeField(required=False, allow_null=True)

    class CreatedSerializer(serializers.Serializer):
        success = serializers.BooleanField()
        approvalId = serializers.CharField()
        status = serializers.CharField()
        message = serializers.CharField()

    @extend_schema(
        operation_id="approvals_list",
        tags=["approvals"],
        parameters=[FilterSerializer],
        responses={
            200: page_serializer("ApprovalPage", "approvals", ApprovalRequestSerializer),
            **AUTHENTICATED_ERRORS,
        },
    )
    def get(self, request: Request) -> Response:
        query = validated_query(request, self.FilterSerializer)
        requests = selectors.approval_request_list(
            status=query.get("status"), action_type=query.get("action_type")
        )
        if query.get("mine"):
            user_id = actor_for_request(request).platform_user_id
            if user_id is None:
                raise not_linked_refusal()
            awaiting = selectors.approval_requests_awaiting(user_id).values("pk")
            requests = requests.filter(pk__in=awaiting)
        return keyset_response(
            requests,
            items_key="approvals",
            serializer_class=ApprovalRequestSerializer,
            query=query,
            query_serializer=self.FilterSerializer,
            text_pk=True,
        )

    @extend_schema(
        operation_id="approvals_create",
        tags=["approvals"],
        request=InputSerializer,
        responses={201: CreatedSerializer, **AUTHENTICATED_ERRORS, 409: CONFLICT},
    )
    def post(self, request: Request) -> Response:
        data = validated_body(request, self.InputSerializer)
        if is_platform_caller(request):
            # The approvers may be the internal team's, which the tenant's role cannot
            # read: the service takes tenant and requester from the caller and checks
            # the approvers itself, so it runs as the back-office.
            leave_tenant_role()
        approval = approval_request_create(
            acting_user=actor_for_request(request),
            action_type=data["actionType"],
            resource_type=data["resourceType"],
            resource_id=data.get("resourceId"),
            action_details=data["actionDetails"],
            approvers=data["approvers"],
            required_approvals=data.get("requiredApprovals"),
            expires_at=data.get("expiresAt"),
        )
        body = {
            "success": True,
            "approvalId": approval.pk,
            "status": approval.status,
            "message": "Approval request created successfully",
        }
        return Response(body, status=201)


class ApprovalDecisionSerializer(ReadSerializer):
    id = serializers.IntegerField()
    approverId = serializers.UUIDField(source="approver_id")
    approverEmail = serializers.CharField(source="approver.email", allow_null=True, default=None)
    approverName = serializers.CharField(source="approver.full_name", allow_null=True, default=None)
    decision = serializers.CharField()
    comment = serializers.CharField(allow_null=True)
    createdAt = serializers.DateTimeField(source="created_at", allow_null=True)


def visible_approval(approval_id: str) -> ApprovalRequest:
    approval = selectors.approval_request_get(approval_id=approval_id)
    if approval is None:
        raise NotFound()
    return approval


class ApprovalOutcomeSerializer(serializers.Serializer):
    success = serializers.BooleanField()
    approvalId = serializers.CharField()
    status = serializers.CharField()
    message = serializers.CharField()


class ApprovalDetailApi(ApiView):
    """`GET /api/approvals/{id}`: the request and its decisions; `DELETE` cancels it
    (its requester, while pending)."""

    permission_model = ApprovalRequest
    platform_users = True
    # Whoever may ask for an approval may withdraw their own (the service's rule).
    staff_permissions = {"DELETE": ["platform_app.add_approvalrequest"]}

    class OutputSerializer(serializers.Serializer):
        approval = ApprovalRequestSerializer()
        decisions = ApprovalDecisionSerializer(many=True)

    @extend_schema(
        operation_id="approvals_retrieve",
        tags=["approvals"],
        responses={200: OutputSerializer, **DETAIL_ERRORS},
    )
    def get(self, request: Request, approval_id: str) -> Response:
        approval = visible_approval(approval_id)
        decisions = selectors.approval_decision_list(approval=approval)
        return Response(
            {
                "approval": ApprovalRequestSerializer(approval).data,
                "decisions": ApprovalDecisionSerializer(decisions, many=True).data,
            }
        )

    @extend_schema(
        operation_id="approvals_cancel",
        tags=["approvals"],
        responses={200: ApprovalOutcomeSerializer, **DETAIL_ERRORS, 409: CONFLICT},
    )
    def delete(self, request: Request, approval_id: str) -> Response:
        visible_approval(approval_id)
        approval = approval_request_cancel(
            acting_user=actor_for_request(request), approval_id=approval_id
        )
        body = {
            "success": True,
            "approvalId": approval.pk,
            "status": approval.status,
            "message": "Approval request cancelled",
        }
        return Response(body)


GONE = OpenApiResponse(ErrorSerializer, description="The request expired (now `expired`).")
DECISION_MESSAGES: dict[str, str] = {
    ApprovalRequest.Status.APPROVED: "Action approved and can be executed",
    ApprovalRequest.Status.REJECTED: "Action rejected",
}


class ApprovalDecideApi(CommittingApiView):
    """`POST /api/approvals/{id}/decide` (and `/decision`): production's answer. The
    decision commits on its own, so an expiry found here stays recorded (410)."""

    permission_model = ApprovalRequest
    platform_users = True
    staff_permissions = {"POST": ["platform_app.change_approvalrequest"]}

    class InputSerializer(StrictInputSerializer):
        decision = serializers.ChoiceField(choices=ApprovalDecision.Decision.choices)
        comment = serializers.CharField(
            required=False, allow_null=True, allow_blank=True, max_length=5000
        )

    class OutputSerializer(serializers.Serializer):
        success = serializers.BooleanField()
        approvalId = serializers.CharField()
        status = serializers.CharField()
        canExecute = serializers.BooleanField()
        message = serializers.CharField()

    def scope_check(self, request: Request, *args, **kwargs) -> None:
        visible_approval(kwargs["approval_id"])

    @extend_schema(
        operation_id="approvals_decide",
        tags=["approvals"],
        request=InputSerializer,
        responses={200: OutputSerializer, **DETAIL_ERRORS, 409: CONFLICT, 410: GONE},
    )
    def post(self, request: Request, approval_id: str) -> Response:
        data = validated_body(request, self.InputSerializer)
        outcome = approval_request_decide(
            acting_user=actor_for_request(request),
            approval_id=approval_id,
            decision=data["decision"],
            comment=data.get("comment"),
        )
        status = outcome.approval.status
        return Response(
            {
                "success": True,
                "approvalId": outcome.approval.pk,
                "status": status,
                "canExecute": outcome.can_execute,
                "message": DECISION_MESSAGES.get(
                    status, "Decision recorded, waiting for more approvals"
                ),
            }
        )


class ApprovalExecuteApi(CommittingApiView):
    """`POST /api/approvals/{id}/execute`: run an approved request's action again after a
    failure (409 once it has run); the attempt is recorded even when it fails."""

    permission_model = ApprovalRequest
    platform_users = True
    staff_permissions = {"POST": ["platform_app.add_approvalrequest"]}

    class OutputSerializer(serializers.Serializer):
        success = serializers.BooleanField()
        approvalId = serializers.CharField()
        status = serializers.CharField()
        execution = serializers.JSONField(help_text="`actionDetails.execution`.")

    def scope_check(self, request: Request, *args, **kwargs) -> None:
        visible_approval(kwargs["approval_id"])

    @extend_schema(
        operation_id="approvals_execute",
        tags=["approvals"],
        request=None,
        responses={200: OutputSerializer, **DETAIL_ERRORS, 409: CONFLICT},
    )
    def post(self, request: Request, approval_id: str) -> Response:
        approval = approval_request_execute(
            acting_user=actor_for_request(request), approval_id=approval_id
        )
        return Response(
            {
                "success": True,
                "approvalId": approval.pk,
                "status": approval.status,
                "execution": approval_execution(approval),
            }
        )
