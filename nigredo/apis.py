"""nigredo_leads endpoints: leads (with their LGPD consent) and their interactions."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from api.schema import AUTHENTICATED_ERRORS, DETAIL_ERRORS
from api.serializers import (
    PageQuerySerializer,
    ReadSerializer,
    page_serializer,
    validated_query,
)
from api.views import ApiView, keyset_response
from nigredo import selectors
from nigredo.models import Interacao, Lead


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
