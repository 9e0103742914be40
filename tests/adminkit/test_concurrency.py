"""A change form saved after the platform wrote the row: refused, or writing only what the
staff member changed. The platform's writes come from a connection of their own,
committed between the page's GET and its POST."""

import json
import re
import uuid
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from django.contrib.admin import AdminSite
from django.contrib.auth.models import User
from django.db import connection
from django.test import override_settings
from django.urls import path, reverse
from django.utils import timezone

from adminkit.concurrency import FINGERPRINT_FIELD, STALE_MESSAGE
from adminkit.options import PlatformAdmin
from billing.models import Trial
from nigredo.models import Agendamento
from platform_app.models import Agent, AgentActivation, Tenant
from tests.factories import AgentFactory, LeadFactory, PlatformUserFactory, TenantFactory
from tests.support.forms import form_data

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def tenant():
    tenant = TenantFactory(settings={"timezone": "America/Sao_Paulo"})
    yield tenant
    Tenant.objects.filter(pk=tenant.pk).delete()


@pytest.fixture
def staff_client(client):
    client.force_login(User.objects.create_superuser("root", "root@exemplo.com.br", "x"))
    return client


def platform_writes(sql: str, *params) -> None:
    """The Lambdas' UPDATE, on a connection of their own, committed."""
    with psycopg.connect(autocommit=True, **connection.get_connection_params()) as conn:
        conn.execute(sql, params)


def loaded_form(client, tenant) -> tuple[str, dict[str, str]]:
    url = reverse("admin:platform_app_tenant_change", args=[tenant.pk])
    page = client.get(url).content.decode()
    fingerprint = re.search(rf'name="{FINGERPRINT_FIELD}" value="([0-9a-f]+)"', page)
    assert fingerprint is not None
    return url, {
        FINGERPRINT_FIELD: fingerprint.group(1),
        "company_name": tenant.company_name,
        "cnpj": tenant.cnpj,
        "subscription_tier": tenant.subscription_tier,
        "settings": json.dumps(tenant.settings),
    }


def test_a_save_after_the_platform_changed_an_edited_column_is_refused(staff_client, tenant):
    url, data = loaded_form(staff_client, tenant)
    platform_writes(
        "UPDATE alquimista_platform.tenants SET settings = %s WHERE id = %s",
        json.dumps({"timezone": "America/Manaus"}),
        tenant.pk,
    )

    response = staff_client.post(url, {**data, "company_name": "Renomeada Ltda"})

    assert response.status_code == 200
    assert STALE_MESSAGE in response.content.decode()
    tenant.refresh_from_db()
    assert tenant.settings == {"timezone": "America/Manaus"}
    assert tenant.company_name != "Renomeada Ltda"
    # Saving again from the same (stale) page is refused again.
    again = staff_client.post(url, {**data, "company_name": "Renomeada Ltda"})
    assert STALE_MESSAGE in again.content.decode()


def test_a_column_the_form_does_not_edit_keeps_the_platforms_value(staff_client, tenant):
    url, data = loaded_form(staff_client, tenant)
    platform_writes(
        "UPDATE alquimista_platform.tenants SET subscription_status = 'suspended' WHERE id = %s",
        tenant.pk,
    )

    response = staff_client.post(url, {**data, "company_name": "Renomeada Ltda"})

    assert response.status_code == 302
    tenant.refresh_from_db()
    assert tenant.company_name == "Renomeada Ltda"
    assert tenant.subscription_status == "suspended"


def test_a_save_of_an_unchanged_page_goes_through(staff_client, tenant):
    url, data = loaded_form(staff_client, tenant)

    response = staff_client.post(url, {**data, "company_name": "Renomeada Ltda"})

    assert response.status_code == 302
    tenant.refresh_from_db()
    assert tenant.company_name == "Renomeada Ltda"
    assert tenant.settings == {"timezone": "America/Sao_Paulo"}


@pytest.fixture
def lead_with_meeting():
    lead = LeadFactory()
    meeting = Agendamento.objects.create(
        lead=lead,
        tenant=lead.tenant,
        data_hora=datetime(2026, 12, 1, 13, 30, 15, 123456, tzinfo=UTC),
        duracao=30,
        status=Agendamento.Status.PROPOSTO,
    )
    yield lead, meeting
    Agendamento.objects.filter(pk=meeting.pk).delete()
    lead.delete()
    Tenant.objects.filter(pk=lead.tenant_id).delete()


def test_an_inline_row_the_platform_changed_is_refused(staff_client, lead_with_meeting):
    lead, meeting = lead_with_meeting
    url = reverse("admin:nigredo_lead_change", args=[lead.pk])
    shown = form_data(staff_client.get(url).content.decode(), "lead_form")
    platform_writes(
        "UPDATE nigredo_leads.agendamentos SET status = 'confirmado' WHERE id = %s", meeting.pk
    )

    response = staff_client.post(url, {**shown, "empresa": "Renomeada Ltda"})

    assert response.status_code == 200
    assert STALE_MESSAGE in response.content.decode()
    meeting.refresh_from_db()
    lead.refresh_from_db()
    assert meeting.status == "confirmado"
    assert lead.empresa != "Renomeada Ltda"


def test_a_page_with_inline_rows_saves_when_nobody_else_wrote(staff_client, lead_with_meeting):
    lead, meeting = lead_with_meeting
    url = reverse("admin:nigredo_lead_change", args=[lead.pk])
    shown = form_data(staff_client.get(url).content.decode(), "lead_form")
    duration = next(name for name in shown if name.endswith("-duracao") and "initial" not in name)

    response = staff_client.post(url, {**shown, "empresa": "Renomeada Ltda", duration: "45"})

    assert response.status_code == 302, response.content.decode()[:3000]
    meeting.refresh_from_db()
    lead.refresh_from_db()
    assert (lead.empresa, meeting.duracao, meeting.status) == ("Renomeada Ltda", 45, "proposto")


# The mechanism belongs to PlatformAdmin, so any table gets it: trials and agent
# activations (read-only in the back-office's own admin, written there by services) are
# served here by a plain PlatformAdmin on a site of the test's.
trial_site = AdminSite(name="trial_site")
trial_site.register(Trial, PlatformAdmin)
trial_site.register(AgentActivation, PlatformAdmin)
urlpatterns = [path("trials/", trial_site.urls)]


@pytest.fixture
def trial():
    user = PlatformUserFactory()
    trial = Trial.objects.create(
        user_id=user.pk,
        target_type=Trial.TargetType.AGENT,
        target_id=uuid.uuid4(),
        expires_at=timezone.now() + timedelta(days=7),
        usage_count=4,
        max_usage=5,
        status=Trial.Status.ACTIVE,
    )
    yield trial
    Trial.objects.filter(pk=trial.pk).delete()
    Tenant.objects.filter(pk=user.tenant_id).delete()


@override_settings(ROOT_URLCONF=__name__)
def test_raising_max_usage_after_the_platform_expired_the_trial_is_refused(staff_client, trial):
    url = reverse("trial_site:billing_trial_change", args=[trial.pk])
    shown = form_data(staff_client.get(url).content.decode(), "trial_form")
    assert shown["usage_count"] == ["4"]
    platform_writes(
        "UPDATE public.trials SET usage_count = 5, status = 'expired' WHERE id = %s", trial.pk
    )

    response = staff_client.post(url, {**shown, "max_usage": "10"})

    assert response.status_code == 200
    assert STALE_MESSAGE in response.content.decode()
    trial.refresh_from_db()
    assert (trial.usage_count, trial.status, trial.max_usage) == (5, "expired", 5)


@pytest.fixture
def activation():
    tenant = TenantFactory()
    activation = AgentActivation.objects.create(
        tenant=tenant, agent=AgentFactory(), usage_metrics={"executions": 10}
    )
    yield activation
    AgentActivation.objects.filter(pk=activation.pk).delete()
    Agent.objects.filter(pk=activation.agent_id).delete()
    Tenant.objects.filter(pk=tenant.pk).delete()


@override_settings(ROOT_URLCONF=__name__)
def test_changing_an_activations_status_keeps_the_platforms_usage_metrics(staff_client, activation):
    url = reverse("trial_site:platform_app_agentactivation_change", args=[activation.pk])
    shown = form_data(staff_client.get(url).content.decode(), "agentactivation_form")
    platform_writes(
        "UPDATE alquimista_platform.agent_activations SET usage_metrics = %s WHERE id = %s",
        json.dumps({"executions": 11}),
        activation.pk,
    )

    response = staff_client.post(url, {**shown, "status": "inactive"})

    assert response.status_code == 200
    assert STALE_MESSAGE in response.content.decode()
    activation.refresh_from_db()
    assert (activation.status, activation.usage_metrics) == ("active", {"executions": 11})
