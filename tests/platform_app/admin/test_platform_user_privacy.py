"""Issue 15, defect 11: an Encarregado LGPD, who may not open the platform users, does
not see their names and e-mails through the audit trail (its list, its user filter, its
page, the autocomplete), a tenant's page, the approvals or the API; the roles that may
open platform users see them whole, and every staff member sees the staff's own
accounts (the internal tenant's users) whole."""

import uuid

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from api.services import api_token_create
from platform_app.models import AuditLog, PlatformUser
from platform_app.services import approval_request_create, internal_tenant_ensure
from staff.roles import LGPD_OFFICERS, SUPPORT
from tests.factories import PlatformUserFactory, StaffUserFactory
from tests.support.approvals import actor

pytestmark = pytest.mark.django_db

EMAIL = "renata.bastos@cliente.com.br"
NAME = "Renata Bastos"


@pytest.fixture
def row():
    user = PlatformUserFactory(email=EMAIL, full_name=NAME)
    return AuditLog.objects.create(
        trace_id=uuid.uuid4(),
        tenant_id=user.tenant_id,
        user_id=user.pk,
        action_type="user.login",
        result="success",
    )


def pages(client, row) -> dict[str, str]:
    changelist = reverse("admin:platform_app_auditlog_changelist")
    return {
        "list": client.get(changelist).content.decode(),
        "filtered list": client.get(changelist, {"user": str(row.user_id)}).content.decode(),
        "page": client.get(
            reverse("admin:platform_app_auditlog_change", args=[row.pk])
        ).content.decode(),
    }


def test_an_lgpd_officer_sees_no_platform_users_name_or_email_in_the_audit_trail(client, row):
    client.force_login(StaffUserFactory(groups=[LGPD_OFFICERS]))

    assert client.get(reverse("admin:platform_app_platformuser_changelist")).status_code == 403
    for where, html in pages(client, row).items():
        assert EMAIL not in html and NAME not in html, where
        assert "r***@c***.com.br" in html and "R*** B***" in html, where
    autocomplete = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "platform_app",
            "model_name": "notification",
            "field_name": "user",
            "term": "renata",
        },
    )
    assert autocomplete.status_code == 403


def test_roles_that_may_open_platform_users_see_them_whole_there(client, row):
    client.force_login(StaffUserFactory(groups=[SUPPORT]))

    for where, html in pages(client, row).items():
        assert EMAIL in html and NAME in html, where


def test_an_lgpd_officer_sees_no_platform_user_on_the_tenant_page_nor_in_the_api(client, row):
    officer = StaffUserFactory(groups=[LGPD_OFFICERS])
    client.force_login(officer)
    _, key = api_token_create(user=officer)

    page = client.get(reverse("admin:platform_app_tenant_change", args=[row.tenant_id]))
    api = APIClient().get(
        "/api/audit-logs", {"tenantId": str(row.tenant_id)}, HTTP_AUTHORIZATION=f"Token {key}"
    )

    assert page.status_code == 200
    html = page.content.decode()
    assert EMAIL not in html and NAME not in html and "R*** B***" in html
    assert api.status_code == 200, api.content
    [log] = api.json()["logs"]
    assert (log["userEmail"], log["userName"]) == ("r***@c***.com.br", "R*** B***")


def test_an_lgpd_officer_sees_customers_masked_and_colleagues_whole_in_approvals(client, row):
    customer_user = PlatformUser.objects.get(pk=row.user_id)
    customer_request = approval_request_create(
        acting_user=actor(customer_user),
        action_type="agent.activate",
        resource_type="agent",
        action_details={"note": "pedido do cliente"},
        approvers=[PlatformUserFactory(tenant=customer_user.tenant).pk],
    )
    internal, _ = internal_tenant_ensure()
    colleague = PlatformUserFactory(tenant=internal, full_name="Bruno Teles")
    client.force_login(StaffUserFactory(groups=[LGPD_OFFICERS]))

    inbox = client.get(
        reverse("admin:platform_app_approvalrequest_changelist"), {"caixa": "todas"}
    ).content.decode()
    page = client.get(
        reverse("admin:platform_app_approvalrequest_change", args=[customer_request.pk])
    ).content.decode()
    audit = AuditLog.objects.create(
        trace_id=uuid.uuid4(), user_id=colleague.pk, action_type="user.login", result="success"
    )
    colleague_row = client.get(
        reverse("admin:platform_app_auditlog_change", args=[audit.pk])
    ).content.decode()

    for where, html in {"inbox": inbox, "decision page": page}.items():
        assert NAME not in html and EMAIL not in html, where
        assert "R*** B***" in html, where
    assert "Bruno Teles" in colleague_row
