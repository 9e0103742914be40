"""Every admin page a staff member can reach answers, on the demo data."""

import pytest
from django.contrib import admin

from adminkit.options import ReadOnlyAdmin
from core.models import PlatformModel, platform_models
from nigredo.models import Lead
from platform_app.models import Tenant

pytestmark = pytest.mark.django_db
READ_ONLY = {
    "fibonacci.event",
    "fibonacci.trace",
    "fibonacci.metric",
    "platform_app.auditlog",
    "nigredo.interacao",
    "nigredo.webhooklog",
    "nigredo.formsubmission",
    "nigredo.ratelimit",
    "billing.paymentevent",
    "billing.legacysubscription",
    "dbschema.migrationrecord",
    "billing.tenantsubscriptionsummary",
    # Written only through the services (from the tenant's page) or by the platform.
    "platform_app.agentactivation",
    "billing.tenantsubscription",
    "billing.tenantsubnucleo",
    "billing.tenantagent",
    "billing.trial",
}


def platform_admins():
    return [(model, admin.site._registry[model]) for model in platform_models()]


def admin_url(model, view: str, *args) -> str:
    from django.urls import reverse

    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_platform_model_is_registered():
    registered = {model for model in admin.site._registry if issubclass(model, PlatformModel)}

    assert registered == set(platform_models())


@pytest.mark.parametrize("label", sorted(READ_ONLY))
def test_tables_written_by_other_services_are_read_only(label, admin_client, demo_data):
    model = next(model for model, _ in platform_admins() if model._meta.label_lower == label)
    model_admin = admin.site._registry[model]
    assert isinstance(model_admin, ReadOnlyAdmin)
    row = model._default_manager.first()

    assert admin_client.get(admin_url(model, "add")).status_code == 403
    assert admin_client.post(admin_url(model, "change", row.pk), {}).status_code == 403
    assert admin_client.post(admin_url(model, "delete", row.pk), {"post": "yes"}).status_code == 403
    assert model._default_manager.filter(pk=row.pk).exists()


def test_superuser_crawl_of_every_changelist_add_and_change_page(
    admin_client, admin_user, rf, demo_data
):
    request = rf.get("/admin/")
    request.user = admin_user
    failures = []
    for model, model_admin in platform_admins():
        urls = [admin_url(model, "changelist")]
        if model_admin.has_add_permission(request):
            urls.append(admin_url(model, "add"))
        row = model._default_manager.first()
        assert row is not None, f"no demo row for {model._meta.label}"
        urls.append(admin_url(model, "change", row.pk))
        if model_admin.search_fields:
            urls.append(admin_url(model, "changelist") + "?q=demo")
        for url in urls:
            response = admin_client.get(url)
            if response.status_code != 200:
                failures.append(f"{url}: {response.status_code}")
    assert failures == []


def test_a_lead_whose_tenant_is_gone_is_listed_and_opens(admin_client, demo_data):
    lead = Lead.objects.exclude(tenant_id__in=Tenant.objects.values("id")).get()

    listing = admin_client.get(admin_url(Lead, "changelist"), {"tenant": lead.tenant_id})
    page = admin_client.get(admin_url(Lead, "change", lead.pk))

    assert listing.status_code == 200
    assert list(listing.context["cl"].result_list) == [lead]
    assert f"{lead.tenant_id} (removido)" in listing.text
    assert f"{lead.tenant_id} (não encontrado)" in listing.text
    assert page.status_code == 200 and lead.empresa in page.text


def test_json_columns_are_shown_indented(admin_client, demo_data):
    from fibonacci.models import Event

    event = Event.objects.exclude(detail={}).first()

    page = admin_client.get(admin_url(Event, "change", event.pk))

    first_key = next(iter(event.detail))
    assert f"{{<br>  &quot;{first_key}&quot;: " in page.text
