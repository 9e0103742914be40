"""nigredo_leads endpoints: leads (with their LGPD consent) and their interactions."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from api.callers import actor_for_request, is_platform_caller, is_staff_caller
from api.rls import leave_tenant_role
from api.schema import AUTHENTICATED_ERRORS, CONFLICT, DETAIL_ERRORS
from api.serializers import (
    PageQuerySerializer,
    ReadSerializer,
    StrictInputSerializer,
    page_serializer,
    validated_body,
    validated_query,
)
from api.views import ApiView, keyset_response
from nigredo import selectors
from nigredo.models import Interacao, Lead
from nigredo.services import (
    lead_consent_record,
    lead_consent_withdraw,
    lead_erasure_request,
    lead_unsubscribe,
    subject_report_generate,
)
from staff.selectors import staff_sees_personal_data


class LeadSerializer(ReadSerializer):
    id = serializers.UUIDField()
    tenantId = serializers.UUIDField(source="tenant_id")
    empresa = serializers.CharField()
    cnpj = serializers.CharField(allow_null=True)
    setor = serializers.CharField(allow_null=True)
    porte = serializers.CharField(allow_null=True)
    atividadePrincipal = serializers.CharField(source="atividade_principal", allow_null=True)
    contato = serializers.CharField(allow_null=True)
    telefone = serializers.CharField(allow_null=True)
    email = serializers.CharField(allow_null=True)
    status = serializers.CharField()
    priorityScore = serializers.IntegerField(source="priority_score", allow_null=True)
    name = serializers.CharField(allow_null=True)
    phone = serializers.CharField(allow_null=True)
    company = serializers.CharField(allow_null=True)
    utmSource = serializers.CharField(source="utm_source", allow_null=True)
    utmMedium = serializers.CharField(source="utm_medium", allow_null=True)
    utmCampaign = serializers.CharField(source="utm_campaign", allow_null=True)
    consentGiven = serializers.BooleanField(source="consent_given")
    consentDate = serializers.DateTimeField(source="consent_date", allow_null=True)
    consentSource = serializers.CharField(source="consent_source", allow_null=True)
    consentIpAddress = serializers.CharField(source="consent_ip_address", allow_null=True)
    createdAt = serializers.DateTimeField(source="created_at", allow_null=True)
    updatedAt = serializers.DateTimeField(source="updated_at", allow_null=True)


class LeadDetailSerializer(LeadSerializer):
    """A lead with the columns the list leaves out (free text, metadata, origin)."""

    message = serializers.CharField(allow_null=True)
    metadata = serializers.JSONField(allow_null=True)
    ipAddress = serializers.CharField(source="ip_address", allow_null=True)
    userAgent = serializers.CharField(source="user_agent", allow_null=True)


class LeadListApi(ApiView):
    """`GET /api/leads`: newest first, keyset-paginated."""

    permission_model = Lead
    platform_users = True

    class FilterSerializer(PageQuerySerializer):
        tenantId = serializers.UUIDField(required=False, source="tenant_id")
        status = serializers.CharField(required=False, max_length=50)
        consentGiven = serializers.BooleanField(
            required=False, allow_null=True, default=None, source="consent_given"
        )
        email = serializers.CharField(required=False, max_length=255)
        telefone = serializers.CharField(required=False, max_length=20)

    @extend_schema(
        operation_id="leads_list",
        tags=["leads"],
        parameters=[FilterSerializer],
        responses={
            200: page_serializer("LeadPage", "leads", LeadSerializer),
            **AUTHENTICATED_ERRORS,
        },
    )
    def get(self, request: Request) -> Response:
        query = validated_query(request, self.FilterSerializer)
        leads = selectors.lead_list(
            tenant_id=query.get("tenant_id"),
            status=query.get("status"),
            consent_given=query.get("consent_given"),
            email=query.get("email"),
            telefone=query.get("telefone"),
        )
        return keyset_response(
            leads,
            items_key="leads",
            serializer_class=LeadSerializer,
            query=query,
            query_serializer=self.FilterSerializer,
        )


class LeadDetailApi(ApiView):
    """`GET /api/leads/{id}`: one lead; 404 for another tenant's."""

    permission_model = Lead
    platform_users = True

    @extend_schema(
        operation_id="leads_retrieve",
        tags=["leads"],
        responses={200: LeadDetailSerializer, **DETAIL_ERRORS},
    )
    def get(self, request: Request, lead_id) -> Response:
        lead = selectors.lead_get(lead_id=lead_id)
        if lead is None:
            raise NotFound()
        return Response(LeadDetailSerializer(lead).data)


class LeadInteractionListApi(ApiView):
    """`GET /api/leads/{id}/interactions`: the lead's interactions, newest first."""

    permission_model = Interacao
    platform_users = True

    class InteractionSerializer(ReadSerializer):
        id = serializers.UUIDField()
        leadId = serializers.UUIDField(source="lead_id")
        tipo = serializers.CharField()
        canal = serializers.CharField()
        mensagem = serializers.CharField()
        sentimento = serializers.CharField(allow_null=True)
        intensidade = serializers.IntegerField(allow_null=True)
        traceId = serializers.UUIDField(source="trace_id")
        createdAt = serializers.DateTimeField(source="created_at", allow_null=True)

    @extend_schema(
        operation_id="leads_interactions_list",
        tags=["leads"],
        parameters=[PageQuerySerializer],
        responses={
            200: page_serializer("InteractionPage", "interactions", InteractionSerializer),
            **DETAIL_ERRORS,
        },
    )
    def get(self, request: Request, lead_id) -> Response:
        query = validated_query(request, PageQuerySerializer)
        if selectors.lead_get(lead_id=lead_id) is None:
            raise NotFound()
        return keyset_response(
            selectors.interacao_list(lead_id=lead_id),
            items_key="interactions",
            serializer_class=self.InteractionSerializer,
            query=query,
        )


# LGPD ------------------------------------------------------------------------------
# Thin: each view validates its input, calls one service (nigredo.services) as the
# caller, and shapes the answer. A platform user acts on its own tenant's leads only
# (row-level security, and the services' own check).


class ConsentSerializer(ReadSerializer):
    leadId = serializers.UUIDField(source="id")
    consentGiven = serializers.BooleanField(source="consent_given")
    consentDate = serializers.DateTimeField(source="consent_date", allow_null=True)
    consentSource = serializers.CharField(source="consent_source", allow_null=True)
    consentIpAddress = serializers.CharField(source="consent_ip_address", allow_null=True)


class LeadConsentApi(ApiView):
    """`POST /api/leads/{id}/consent` records the lead's consent; `DELETE` withdraws it."""

    permission_model = Lead
    platform_users = True
    staff_permissions = {"POST": ["nigredo.change_lead"], "DELETE": ["nigredo.change_lead"]}

    class InputSerializer(StrictInputSerializer):
        source = serializers.CharField(max_length=100)  # type: ignore[assignment]
        ipAddress = serializers.CharField(required=False, allow_null=True, max_length=64)

    @extend_schema(
        operation_id="leads_consent_record",
        tags=["lgpd"],
        request=InputSerializer,
        responses={200: ConsentSerializer, **DETAIL_ERRORS, 409: CONFLICT},
    )
    def post(self, request: Request, lead_id) -> Response:
        data = validated_body(request, self.InputSerializer)
        lead = lead_consent_record(
            acting_user=actor_for_request(request),
            lead_id=lead_id,
            source=data["source"],
            ip_address=data.get("ipAddress"),
        )
        return Response(ConsentSerializer(lead).data)

    @extend_schema(
        operation_id="leads_consent_withdraw",
        tags=["lgpd"],
        responses={200: ConsentSerializer, **DETAIL_ERRORS, 409: CONFLICT},
    )
    def delete(self, request: Request, lead_id) -> Response:
        lead = lead_consent_withdraw(acting_user=actor_for_request(request), lead_id=lead_id)
        return Response(ConsentSerializer(lead).data)


class UnsubscribeApi(ApiView):
    """`POST /api/lgpd/descadastro`: production's path and answer."""

    permission_model = Lead
    platform_users = True
    staff_permissions = {"POST": ["nigredo.change_lead"]}

    class InputSerializer(StrictInputSerializer):
        leadId = serializers.UUIDField()
        reason = serializers.CharField(required=False, allow_null=True, max_length=1000)

    class OutputSerializer(serializers.Serializer):
        success = serializers.BooleanField()
        message = serializers.CharField()
        leadId = serializers.UUIDField()
        actionsPerformed = serializers.ListField(child=serializers.CharField())
        traceId = serializers.CharField()

    @extend_schema(
        operation_id="lgpd_descadastro",
        tags=["lgpd"],
        request=InputSerializer,
        responses={200: OutputSerializer, **DETAIL_ERRORS, 409: CONFLICT},
    )
    def post(self, request: Request) -> Response:
        data = validated_body(request, self.InputSerializer)
        outcome = lead_unsubscribe(
            acting_user=actor_for_request(request),
            lead_id=data["leadId"],
            reason=data.get("reason"),
        )
        return Response(outcome.as_production_answer())


class ErasureRequestApi(ApiView):
    """`POST /api/lgpd/esquecimento`: asks the Encarregado LGPD to approve erasing the
    person behind the lead; 202 with the approval request (nothing changes until it is
    approved, then the approvals workflow runs the erasure once)."""

    permission_model = Lead
    platform_users = True
    staff_permissions = {"POST": ["platform_app.add_approvalrequest"]}
    DEFAULT_REASON = "Pedido do titular recebido pela API"

    class InputSerializer(StrictInputSerializer):
        leadId = serializers.UUIDField()
        reason = serializers.CharField(required=False, allow_null=True, max_length=1000)

    class OutputSerializer(ReadSerializer):
        approvalId = serializers.CharField(source="id")
        tenantId = serializers.UUIDField(source="tenant_id")
        requestedBy = serializers.UUIDField(source="requested_by_id")
        actionType = serializers.CharField(source="action_type")
        resourceType = serializers.CharField(source="resource_type")
        resourceId = serializers.CharField(source="resource_id")
        actionDetails = serializers.JSONField(source="action_details")
        approvers = serializers.JSONField()
        requiredApprovals = serializers.IntegerField(source="required_approvals")
        status = serializers.CharField()
        expiresAt = serializers.DateTimeField(source="expires_at")

    @extend_schema(
        operation_id="lgpd_esquecimento",
        tags=["lgpd"],
        request=InputSerializer,
        responses={202: OutputSerializer, **DETAIL_ERRORS, 409: CONFLICT},
    )
    def post(self, request: Request) -> Response:
        data = validated_body(request, self.InputSerializer)
        actor = actor_for_request(request)
        if is_platform_caller(request):
            # The lead must be the caller's (read under its row-level security); the
            # request then names approvers of the internal team, which the tenant's role
            # may not read: the service, which checks the lead's tenant again, runs as
            # the back-office.
            if selectors.lead_get(lead_id=data["leadId"]) is None:
                raise NotFound()
            leave_tenant_role()
        approval = lead_erasure_request(
            acting_user=actor,
            lead_id=data["leadId"],
            reason=data.get("reason") or self.DEFAULT_REASON,
        )
        return Response(self.OutputSerializer(approval).data, status=202)


class SubjectReportApi(ApiView):
    """`GET /api/lgpd/subject-report?email=|phone=|cnpj=`: everything the platform holds
    about the person (a platform user: in its own tenant); audited, not the data."""

    permission_model = Lead
    platform_users = True

    class QuerySerializer(StrictInputSerializer):
        email = serializers.CharField(required=False, max_length=255)
        phone = serializers.CharField(required=False, max_length=40)
        cnpj = serializers.CharField(required=False, max_length=40)

    @extend_schema(
        operation_id="lgpd_subject_report",
        tags=["lgpd"],
        parameters=[QuerySerializer],
        responses={200: OpenApiTypes.OBJECT, **AUTHENTICATED_ERRORS},
    )
    def get(self, request: Request) -> Response:
        if is_staff_caller(request) and not staff_sees_personal_data(request.user):
            raise PermissionDenied("O relatório do titular é do Encarregado LGPD.")
        query = validated_query(request, self.QuerySerializer)
        report = subject_report_generate(
            acting_user=actor_for_request(request), export_format="api", **query
        )
        return Response(report.as_json())
