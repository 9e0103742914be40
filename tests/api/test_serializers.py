"""ReadSerializer writes exactly what DRF's own field machinery would, for every output
serializer of the API, on the demo data."""

from datetime import UTC

import pytest
from django.utils import timezone
from rest_framework import serializers

from api.serializers import StrictInputSerializer
from billing import apis as billing_apis
from billing.models import SubnucleoAgent, TenantSubscription
from billing.selectors import active_plans, subnucleo_list_active
from fibonacci import apis as fibonacci_apis
from fibonacci.models import Event, Trace
from nigredo import apis as nigredo_apis
from nigredo.models import Interacao, Lead
from platform_app import apis as platform_apis
from platform_app.models import AuditLog, PlatformUser
from platform_app.selectors import agent_list_active, tenant_list

pytestmark = pytest.mark.django_db


def drf(serializer_class, instance):
    """What DRF's Serializer.to_representation gives, nested ReadSerializers included."""
    serializer = serializer_class(instance)
    return serializers.Serializer.to_representation(serializer, instance)


@pytest.mark.parametrize(
    ("serializer_class", "rows"),
    [
        (platform_apis.AgentSerializer, lambda: agent_list_active()),
        (platform_apis.TenantSerializer, lambda: tenant_list()),
        (platform_apis.TenantUserListApi.UserSerializer, lambda: PlatformUser.objects.all()),
        (
            platform_apis.AuditLogListApi.LogSerializer,
            lambda: AuditLog.objects.select_related("user", "agent"),
        ),
        (billing_apis.PlanSerializer, lambda: active_plans()),
        (
            platform_apis.SubscriptionSerializer,
            lambda: TenantSubscription.objects.select_related("plan"),
        ),
        (
            billing_apis.SubnucleoAgentSerializer,
            lambda: SubnucleoAgent.objects.select_related("agent"),
        ),
        (billing_apis.SubnucleoSerializer, lambda: subnucleo_list_active()),
        (nigredo_apis.LeadDetailSerializer, lambda: Lead.objects.all()),
        (
            nigredo_apis.LeadInteractionListApi.InteractionSerializer,
            lambda: Interacao.objects.all(),
        ),
        (fibonacci_apis.EventListApi.EventSerializer, lambda: Event.objects.all()[:50]),
        (fibonacci_apis.TraceListApi.TraceSerializer, lambda: Trace.objects.all()[:50]),
    ],
)
def test_the_fast_path_equals_drfs(serializer_class, rows, demo_data):
    with timezone.override(UTC):
        for instance in rows():
            fast = serializer_class(instance).data
            slow = drf(serializer_class, instance)
            assert fast == _plain(slow)


def _plain(value):
    """DRF's nested output (OrderedDict/ReturnDict, nested fast serializers) as plain data."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def test_a_json_body_gives_text_fields_strings_only():
    class Body(StrictInputSerializer):
        name = serializers.CharField()
        note = serializers.CharField(required=False, allow_null=True)

    refused = Body(data={"name": 0, "note": False})
    assert not refused.is_valid()
    assert refused.errors == {"name": ["Informe um texto."], "note": ["Informe um texto."]}
    accepted = Body(data={"name": "0", "note": None})
    assert accepted.is_valid(), accepted.errors
