"""The cells a changelist writes for every row, built without per-row template or reverse()."""

import uuid

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags import admin_list
from django.urls import reverse
from django.utils import translation

from adminkit import rows
from adminkit.links import change_url
from core.models import platform_models
from nigredo.models import Lead
from platform_app.models import Tenant

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead():
    tenant = Tenant.objects.create(id=uuid.uuid4(), company_name="Irmãos <Souza> & Cia")
    return Lead.objects.create(
        id=uuid.uuid4(), tenant=tenant, empresa='Souza & "Filhos" <Ltda>', email="a@b.com.br"
    )


def test_the_row_checkbox_is_the_html_django_writes(lead):
    model_admin = admin.site._registry[Lead]

    with translation.override("pt-br"):
        ours = model_admin.action_checkbox(lead)
        django = admin.ModelAdmin.action_checkbox(model_admin, lead)

    assert ours == django


def test_change_urls_are_the_ones_reverse_gives(lead):
    for obj in (lead, lead.tenant):
        opts = obj._meta
        expected = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        assert change_url(obj) == expected


def test_rows_are_the_html_django_writes_for_every_admin(admin_user, rf, demo_data):
    # Some rows with what escapes: markup in a name, a lead whose tenant is gone.
    Lead.objects.create(
        id=uuid.uuid4(), tenant_id=uuid.uuid4(), empresa="<b>Órfã</b> & Cia", email="x@y.com.br"
    )
    compared = 0
    for model in platform_models():
        model_admin = admin.site._registry[model]
        request = rf.get(changelist_url(model), {"status": "novo"} if model is Lead else {})
        request.user = admin_user
        cl = model_admin.get_changelist_instance(request)
        cl.formset = None

        ours = [list(row) for row in rows.results(cl)]
        django = [list(row) for row in admin_list.results(cl)]

        assert ours == django, model._meta.label
        compared += len(ours)
    assert compared > 100


def changelist_url(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
