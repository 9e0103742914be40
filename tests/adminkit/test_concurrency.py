"""A change form saved after the platform wrote the row: refused, or writing only what the
staff member changed. The platform's writes come from a connection of their own,
committed between the page's GET and its POST."""

import json
import re

import psycopg
import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.urls import reverse

from adminkit.concurrency import FINGERPRINT_FIELD, STALE_MESSAGE
from platform_app.models import Tenant
from tests.factories import TenantFactory

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
