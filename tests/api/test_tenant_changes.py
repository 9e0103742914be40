"""The staff's changes to a tenant over the API (issue 8): agents, SubNúcleos, the
subscription, users, the suspension asked for (202) and the reactivation; the tenant's
usage and production's subscription summary. Each goes through the admin's services."""

import uuid

import pytest

from api.services import api_token_create
from billing.models import (
    TenantAgent,
    TenantSubnucleo,
    TenantSubscription,
    TenantSubscriptionSummary,
)
from platform_app.models import (
    AgentActivation,
    ApprovalRequest,
    AuditLog,
    PlatformUser,
    Tenant,
)
from staff.roles import APPROVERS, SUPPORT, TENANT_MANAGERS
from staff.services import staff_link_platform_user
from tests.api.conftest import bearer, token_auth
from tests.factories import (
    AgentFactory,
    PlatformUserFactory,
    StaffUserFactory,
    SubnucleoAgentFactory,
    SubnucleoFactory,
    SubscriptionPlanFactory,
    TenantFactory,
    TenantSubscriptionFactory,
)
from tests.support.approvals import build_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscribed():
    """A tenant on a plan of 2 agents, 1 SubNúcleo and 2 users."""
    return TenantSubscriptionFactory(
        plan__max_agents=2, plan__max_subnucleos=1, plan__max_users=2
    ).tenant


@pytest.fixture
def manager(staff_key):
    return token_auth(staff_key(TENANT_MANAGERS))


@pytest.fixture
def support(staff_key):
    return token_auth(staff_key(SUPPORT))


def post(client, url, auth, body=None):
    return client.post(url, body or {}, format="json", **auth)


def test_agent_activation_writes_both_tables_and_stops_at_the_plan_limit(
    client, subscribed, manager
):
    agents = AgentFactory.create_batch(3)
    base = f"/api/tenants/{subscribed.pk}/agents"

    for agent in agents[:2]:
        response = post(client, f"{base}/{agent.pk}/activate", manager)
        assert response.status_code == 200, response.content
        assert response.json()["isActive"] is True
        assert response.json()["agentId"] == str(agent.pk)
    refused = post(client, f"{base}/{agents[2].pk}/activate", manager)

    assert refused.status_code == 409
    assert refused.json()["error"] == "plan_limit_reached"
    assert refused.json()["details"]["limit"] == 2
    assert refused.json()["details"]["resource"] == "agents"
    assert TenantAgent.objects.filter(tenant=subscribed, is_active=True).count() == 2
    assert AgentActivation.objects.filter(tenant=subscribed, status="active").count() == 2
    assert AuditLog.objects.filter(tenant=subscribed, action_type="agent.activated").count() == 2

    again = post(client, f"{base}/{agents[0].pk}/activate", manager)
    assert (again.status_code, again.json()["error"]) == (409, "agent_already_active")
    off = post(client, f"{base}/{agents[0].pk}/deactivate", manager)
    assert off.status_code == 200 and off.json()["isActive"] is False
    assert not AgentActivation.objects.filter(
        tenant=subscribed, agent=agents[0], status="active"
    ).exists()
    detail = client.get(f"/api/tenants/{subscribed.pk}", **manager).json()
    assert detail["usage"]["agents"] == {"used": 1, "limit": 2}


def test_unknown_ids_are_404_and_bad_ids_never_reach_the_service(client, subscribed, manager):
    unknown = post(client, f"/api/tenants/{subscribed.pk}/agents/{uuid.uuid4()}/activate", manager)
    assert (unknown.status_code, unknown.json()["error"]) == (404, "agent_not_found")
    no_tenant = post(
        client, f"/api/tenants/{uuid.uuid4()}/agents/{AgentFactory().pk}/activate", manager
    )
    assert (no_tenant.status_code, no_tenant.json()["error"]) == (404, "tenant_not_found")
    malformed = client.post(f"/api/tenants/{subscribed.pk}/agents/x/activate", **manager)
    assert malformed.status_code == 404


def test_support_reads_but_never_changes(client, subscribed, support):
    agent = AgentFactory()

    refused = post(client, f"/api/tenants/{subscribed.pk}/agents/{agent.pk}/activate", support)

    assert refused.status_code == 403
    assert not TenantAgent.objects.filter(tenant=subscribed).exists()
    assert client.get(f"/api/tenants/{subscribed.pk}", **support).status_code == 200


def test_platform_users_cannot_use_the_staff_changes(client, tenant_user):
    user, token = tenant_user()
    agent = AgentFactory()

    response = post(
        client, f"/api/tenants/{user.tenant_id}/agents/{agent.pk}/activate", bearer(token)
    )

    assert response.status_code == 403


def test_subnucleo_activation_with_optional_agents_and_its_limits(client, subscribed, manager):
    subnucleo = SubnucleoFactory()
    required = SubnucleoAgentFactory(subnucleo=subnucleo, is_required=True)
    optional = SubnucleoAgentFactory(subnucleo=subnucleo, is_required=False)
    other = SubnucleoAgentFactory(is_required=True).subnucleo
    base = f"/api/tenants/{subscribed.pk}/subnucleos"

    bad = post(client, f"{base}/{subnucleo.pk}/activate", manager, {"optionalAgentIds": ["x"]})
    assert bad.status_code == 400 and "optionalAgentIds.0" in bad.json()["details"]
    unknown = post(client, f"{base}/{subnucleo.pk}/activate", manager, {"extra": 1})
    assert unknown.status_code == 400 and unknown.json()["details"] == {
        "extra": ["Campo desconhecido."]
    }
    stranger = post(
        client,
        f"{base}/{subnucleo.pk}/activate",
        manager,
        {"optionalAgentIds": [str(uuid.uuid4())]},
    )
    assert (stranger.status_code, stranger.json()["error"]) == (400, "invalid_optional_agents")

    done = post(
        client,
        f"{base}/{subnucleo.pk}/activate",
        manager,
        {"optionalAgentIds": [str(optional.agent_id)]},
    )
    assert done.status_code == 200, done.content
    assert done.json()["isActive"] is True
    assert set(
        TenantAgent.objects.filter(tenant=subscribed, is_active=True).values_list(
            "agent_id", flat=True
        )
    ) == {required.agent_id, optional.agent_id}

    full = post(client, f"{base}/{other.pk}/activate", manager)
    assert (full.status_code, full.json()["error"]) == (409, "plan_limit_reached")
    assert full.json()["details"]["resource"] == "subnucleos"

    off = post(client, f"{base}/{subnucleo.pk}/deactivate", manager)
    assert off.status_code == 200 and off.json()["isActive"] is False
    assert not TenantSubnucleo.objects.filter(tenant=subscribed, is_active=True).exists()
    assert not TenantAgent.objects.filter(tenant=subscribed, is_active=True).exists()


def test_plan_change_cancel_and_reactivate(client, subscribed, manager):
    bigger = SubscriptionPlanFactory(max_agents=10)
    smaller = SubscriptionPlanFactory(max_agents=0)
    url = f"/api/tenants/{subscribed.pk}/subscription"
    agent = AgentFactory()
    post(client, f"/api/tenants/{subscribed.pk}/agents/{agent.pk}/activate", manager)

    bad = client.put(url, {"planId": "nope", "billingCycle": "weekly"}, format="json", **manager)
    assert bad.status_code == 400
    assert set(bad.json()["details"]) == {"planId", "billingCycle"}

    changed = client.put(
        url, {"planId": str(bigger.pk), "billingCycle": "yearly"}, format="json", **manager
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["planId"] == str(bigger.pk)
    assert changed.json()["billingCycle"] == "yearly"
    assert changed.json()["amount"] == f"{bigger.price_yearly:.2f}"

    blocked = client.put(
        url, {"planId": str(smaller.pk), "billingCycle": "monthly"}, format="json", **manager
    )
    assert (blocked.status_code, blocked.json()["error"]) == (409, "plan_downgrade_blocked")
    assert blocked.json()["details"]["exceeded"][0]["resource"] == "agents"
    assert TenantSubscription.objects.get(tenant=subscribed).plan_id == bigger.pk

    cancelled = client.delete(url, **manager)
    assert cancelled.status_code == 200 and cancelled.json()["cancelAtPeriodEnd"] is True
    twice = client.delete(url, **manager)
    assert (twice.status_code, twice.json()["error"]) == (409, "subscription_cancel_scheduled")
    back = post(client, f"{url}/reactivate", manager)
    assert back.status_code == 200 and back.json()["cancelAtPeriodEnd"] is False
    assert AuditLog.objects.filter(
        tenant=subscribed, action_type="subscription.plan_changed"
    ).exists()


def test_users_are_added_within_the_seats_suspended_and_reactivated(client, subscribed, manager):
    url = f"/api/tenants/{subscribed.pk}/users"

    bad = post(client, url, manager, {"email": "não é e-mail", "fullName": ""})
    assert bad.status_code == 400 and set(bad.json()["details"]) == {"email", "fullName"}
    created = [
        post(client, url, manager, {"email": f"u{i}@exemplo.com", "fullName": f"Pessoa {i}"})
        for i in range(3)
    ]
    assert [r.status_code for r in created] == [201, 201, 409]
    assert created[0].json()["userRole"] == "viewer"
    assert created[2].json()["error"] == "plan_limit_reached"
    assert created[2].json()["details"] == {
        "resource": "users",
        "used": 2,
        "limit": 2,
        "requested": 1,
        "plan": subscribed.subscription.plan.name,
    }
    taken = PlatformUser.objects.filter(tenant=subscribed).count()
    assert taken == 2

    first = created[0].json()["id"]
    suspended = client.patch(f"{url}/{first}", {"status": "suspended"}, format="json", **manager)
    assert suspended.status_code == 200 and suspended.json()["status"] == "suspended"
    third = post(client, url, manager, {"email": "u9@exemplo.com", "fullName": "Pessoa 9"})
    assert third.status_code == 201
    full = client.patch(f"{url}/{first}", {"status": "active"}, format="json", **manager)
    assert (full.status_code, full.json()["error"]) == (409, "plan_limit_reached")
    role = client.patch(f"{url}/{first}", {"userRole": "manager"}, format="json", **manager)
    assert role.status_code == 200 and role.json()["userRole"] == "manager"
    empty = client.patch(f"{url}/{first}", {}, format="json", **manager)
    assert empty.status_code == 400
    elsewhere = PlatformUserFactory()
    other = client.patch(f"{url}/{elsewhere.pk}", {"status": "suspended"}, format="json", **manager)
    assert other.status_code == 404


def test_suspension_is_asked_for_and_reactivation_is_direct(client, staff_key):
    team = build_team()
    staff = StaffUserFactory(groups=[TENANT_MANAGERS])
    staff_link_platform_user(user=staff, platform_user_id=team.requester.pk)
    for approver in team.approvers:
        linked = StaffUserFactory(groups=[APPROVERS])
        staff_link_platform_user(user=linked, platform_user_id=approver.pk)
    _, key = api_token_create(user=staff)
    auth = token_auth(key)

    asked = post(client, f"/api/tenants/{team.customer.pk}/suspend", auth, {"reason": "Calote"})

    assert asked.status_code == 202, asked.content
    body = asked.json()
    assert body["actionType"] == "tenant.suspend"
    assert body["status"] == "pending"
    assert set(body["approvers"]) == {str(a.pk) for a in team.approvers}
    team.customer.refresh_from_db()
    assert team.customer.subscription_status == Tenant.Status.ACTIVE
    duplicate = post(client, f"/api/tenants/{team.customer.pk}/suspend", auth, {"reason": "x"})
    assert (duplicate.status_code, duplicate.json()["error"]) == (409, "approval_already_pending")
    assert ApprovalRequest.objects.filter(resource_id=str(team.customer.pk)).count() == 1
    missing = post(client, f"/api/tenants/{team.customer.pk}/suspend", auth, {})
    assert missing.status_code == 400 and "reason" in missing.json()["details"]

    unlinked = post(
        client,
        f"/api/tenants/{team.customer.pk}/suspend",
        token_auth(staff_key(TENANT_MANAGERS)),
        {"reason": "x"},
    )
    assert (unlinked.status_code, unlinked.json()["error"]) == (403, "actor_not_linked")

    suspended = TenantFactory(subscription_status=Tenant.Status.SUSPENDED)
    back = post(client, f"/api/tenants/{suspended.pk}/reactivate", auth)
    assert back.status_code == 200 and back.json()["subscriptionStatus"] == "active"
    again = post(client, f"/api/tenants/{suspended.pk}/reactivate", auth)
    assert (again.status_code, again.json()["error"]) == (409, "tenant_not_suspended")
    support = post(
        client, f"/api/tenants/{suspended.pk}/reactivate", token_auth(staff_key(SUPPORT))
    )
    assert support.status_code == 403


def test_a_platform_user_reads_its_usage_and_subscription_only(client, tenant_user):
    subscription = TenantSubscriptionFactory()
    user, token = tenant_user(tenant=subscription.tenant)
    subnucleo = SubnucleoFactory()
    link = SubnucleoAgentFactory(subnucleo=subnucleo)
    TenantSubnucleo.objects.create(tenant=user.tenant, subnucleo=subnucleo, is_active=True)
    TenantAgent.objects.create(
        tenant=user.tenant, agent=link.agent, subnucleo=subnucleo, is_active=True
    )
    other = TenantSubscriptionFactory().tenant

    own = client.get("/api/billing/subscription", **bearer(token))
    assert own.status_code == 200, own.content
    body = own.json()
    assert body["hasSubscription"] is True
    row = body["subscription"]
    assert row["tenant_id"] == str(user.tenant_id)
    assert row["plan_name"] == subscription.plan.name
    assert row["amount"] == f"{subscription.amount:.2f}"
    assert (row["active_subnucleos"], row["active_agents"]) == (1, 1)
    assert row["activeSubnucleos"][0]["id"] == str(subnucleo.pk)
    assert row["activeAgents"][0]["subnucleoId"] == str(subnucleo.pk)
    usage = client.get(f"/api/tenants/{user.tenant_id}", **bearer(token)).json()["usage"]
    assert usage["agents"]["used"] == 1 and usage["subnucleos"]["used"] == 1

    hidden = client.get(f"/api/billing/subscription?tenantId={other.pk}", **bearer(token))
    assert hidden.status_code == 404
    assert client.get(f"/api/tenants/{other.pk}", **bearer(token)).status_code == 404


def test_the_summary_equals_the_billing_view(client, staff_key, demo_data):
    auth = token_auth(staff_key(SUPPORT))
    assert client.get("/api/billing/subscription", **auth).status_code == 400
    for summary in TenantSubscriptionSummary.objects.filter(subscription_id__isnull=False):
        row = client.get(f"/api/billing/subscription?tenantId={summary.tenant_id}", **auth).json()[
            "subscription"
        ]
        assert (row["active_agents"], row["active_subnucleos"]) == (
            summary.active_agents,
            summary.active_subnucleos,
        )
        assert (row["max_agents"], row["plan_name"]) == (summary.max_agents, summary.plan_name)
    bare = TenantFactory()
    answer = client.get(f"/api/billing/subscription?tenantId={bare.pk}", **auth).json()
    assert answer == {"subscription": None, "hasSubscription": False}


def test_staff_create_and_update_a_tenant_platform_users_only_read(client, manager, support):
    created = post(
        client, "/api/tenants", manager, {"companyName": "Nova Ltda", "cnpj": "11222333000181"}
    )

    assert created.status_code == 201, created.content
    tenant_id = created.json()["id"]
    assert created.json()["cnpj"] == "11.222.333/0001-81"
    assert created.json()["subscriptionStatus"] == "active"
    assert AuditLog.objects.filter(tenant_id=tenant_id, action_type="tenant.created").exists()

    bad = post(client, "/api/tenants", manager, {"subscriptionTier": "gold"})
    assert bad.status_code == 400
    assert set(bad.json()["details"]) == {"companyName", "subscriptionTier"}
    number = post(client, "/api/tenants", manager, {"companyName": 5})
    assert number.json()["details"] == {"companyName": ["Informe um texto."]}
    wrong_cnpj = post(client, "/api/tenants", manager, {"companyName": "X", "cnpj": "123"})
    assert (wrong_cnpj.status_code, wrong_cnpj.json()["error"]) == (400, "invalid_cnpj")
    lettered = post(
        client, "/api/tenants", manager, {"companyName": "X", "cnpj": "11a222b333c0001d81"}
    )
    assert (lettered.status_code, lettered.json()["error"]) == (400, "invalid_cnpj")
    assert post(client, "/api/tenants", support, {"companyName": "X"}).status_code == 403

    url = f"/api/tenants/{tenant_id}"
    changed = client.patch(url, {"companyName": "Nova S.A."}, format="json", **manager)
    assert changed.status_code == 200 and changed.json()["companyName"] == "Nova S.A."
    assert "usage" in changed.json()
    same = client.patch(url, {"companyName": "Nova S.A."}, format="json", **manager)
    assert (same.status_code, same.json()["error"]) == (409, "tenant_unchanged")
    assert client.patch(url, {}, format="json", **manager).status_code == 400
    status = client.patch(url, {"subscriptionStatus": "suspended"}, format="json", **manager)
    assert status.status_code == 400
    assert client.patch(url, {"companyName": "Y"}, format="json", **support).status_code == 403
    missing = client.patch(
        f"/api/tenants/{uuid.uuid4()}", {"companyName": "Y"}, format="json", **manager
    )
    assert missing.status_code == 404


def test_a_platform_user_cannot_create_or_update_tenants(client, tenant_user):
    user, token = tenant_user()

    create = post(client, "/api/tenants", bearer(token), {"companyName": "X"})
    update = client.patch(
        f"/api/tenants/{user.tenant_id}", {"companyName": "X"}, format="json", **bearer(token)
    )

    assert (create.status_code, update.status_code) == (403, 403)
    assert client.get(f"/api/tenants/{user.tenant_id}", **bearer(token)).status_code == 200
