from io import StringIO

import pytest
from django.core.management import call_command

from platform_app.models import INTERNAL_TENANT_ID, Tenant

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_ensure_internal_tenant_creates_it_once_and_leaves_it_alone_after():
    first = run("ensure_internal_tenant")
    Tenant.objects.filter(pk=INTERNAL_TENANT_ID).update(company_name="Renomeado à mão")
    second = run("ensure_internal_tenant")

    assert first == (
        "Internal tenant 00000000-0000-0000-0000-000000000001 "
        "(AlquimistaAI (equipe interna)): created.\n"
    )
    assert second == (
        "Internal tenant 00000000-0000-0000-0000-000000000001 (Renomeado à mão): already present.\n"
    )
    assert Tenant.objects.filter(pk=INTERNAL_TENANT_ID).count() == 1


def test_expire_approvals_with_nothing_due():
    assert run("expire_approvals") == "0 approval request(s) expired.\n"
