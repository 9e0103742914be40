"""Concurrent writes over HTTP: each request in its own thread and database connection,
committed, as two callers at the same instant. The services hold the rules (and have
their own, heavier concurrency tests); these check the endpoints keep them: no
transaction of the view's hides a lock, and a decision's own commit still happens."""

import threading
import uuid
from collections.abc import Callable

import pytest
from django.db import connection, connections
from rest_framework.test import APIClient

from api.services import api_token_create
from billing.models import SubscriptionPlan, TenantAgent
from platform_app.models import (
    Agent,
    AgentActivation,
    ApprovalDecision,
    AuditLog,
    PlatformUser,
    Tenant,
)
from staff.roles import TENANT_MANAGERS, sync_staff_groups
from tests.factories import (
    AgentFactory,
    PlatformUserFactory,
    StaffUserFactory,
    TenantFactory,
    TenantSubscriptionFactory,
)
from tests.support import cognito
from tests.support.approvals import delete_committed

pytestmark = pytest.mark.django_db(transaction=True)
ROUNDS = 8


def at_once(*calls: Callable[[APIClient], object]) -> list:
    """Run each call with its own client, thread and connection, released together."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index: int, call: Callable[[APIClient], object]) -> None:
        try:
            connection.ensure_connection()
            barrier.wait(timeout=10)
            results[index] = call(APIClient())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.fixture
def manager_auth() -> dict:
    """A Gestores de tenants key (the groups are made again: a transactional test before
    this one may have flushed them)."""
    sync_staff_groups()
    _, key = api_token_create(user=StaffUserFactory(groups=[TENANT_MANAGERS]))  # type: ignore[arg-type]
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


@pytest.fixture
def committed_tenant():
    """A tenant on a plan of one agent (committed), and the agents the test creates; all
    removed afterwards."""
    subscription = TenantSubscriptionFactory(plan__max_agents=1)
    tenant, agents = subscription.tenant, []
    yield tenant, agents
    AuditLog.objects.filter(tenant=tenant).delete()
    Tenant.objects.filter(pk=tenant.pk).delete()  # the database cascades to its rows
    SubscriptionPlan.objects.filter(pk=subscription.plan_id).delete()
    Agent.objects.filter(pk__in=[agent.pk for agent in agents]).delete()


def test_two_activations_at_the_limit_over_http_only_one_succeeds(committed_tenant, manager_auth):
    tenant, agents = committed_tenant
    auth = manager_auth

    for _ in range(ROUNDS):
        first, second = AgentFactory(), AgentFactory()
        agents += [first, second]
        responses = at_once(
            *(
                lambda client, agent=agent: client.post(
                    f"/api/tenants/{tenant.pk}/agents/{agent.pk}/activate", **auth
                )
                for agent in (first, second)
            )
        )
        statuses = sorted(response.status_code for response in responses)
        assert statuses == [200, 409], [r.content for r in responses]
        refused = next(r for r in responses if r.status_code == 409)
        assert refused.json()["error"] == "plan_limit_reached"
        assert TenantAgent.objects.filter(tenant=tenant, is_active=True).count() == 1
        assert AgentActivation.objects.filter(tenant=tenant, status="active").count() == 1
        TenantAgent.objects.filter(tenant=tenant).delete()
        AgentActivation.objects.filter(tenant=tenant).delete()


def test_two_users_added_for_the_last_seat_over_http_only_one_is(committed_tenant, manager_auth):
    tenant, _ = committed_tenant
    SubscriptionPlan.objects.filter(tenant_subscriptions__tenant=tenant).update(max_users=1)
    auth = manager_auth

    def add_user(client: APIClient):
        return client.post(
            f"/api/tenants/{tenant.pk}/users",
            {"email": f"{uuid.uuid4().hex}@exemplo.com", "fullName": "Pessoa Nova"},
            format="json",
            **auth,
        )

    for _ in range(ROUNDS):
        responses = at_once(add_user, add_user)
        assert sorted(r.status_code for r in responses) == [201, 409], [
            r.content for r in responses
        ]
        assert PlatformUser.objects.filter(tenant=tenant).count() == 1
        PlatformUser.objects.filter(tenant=tenant).delete()


@pytest.fixture
def customer():
    tenant = TenantFactory()
    requester = PlatformUserFactory(tenant=tenant)
    approvers = [PlatformUserFactory(tenant=tenant) for _ in range(2)]
    yield requester, approvers
    delete_committed([tenant])


def bearer_of(user) -> dict:
    return {
        "HTTP_AUTHORIZATION": "Bearer " + cognito.make_token(sub=user.pk, tenant_id=user.tenant_id)
    }


def create_request(requester, approvers) -> str:
    response = APIClient().post(
        "/api/approvals",
        {
            "actionType": "campaign.launch",
            "resourceType": "campaign",
            "actionDetails": {},
            "approvers": [str(a.pk) for a in approvers],
            "requiredApprovals": 2,
        },
        format="json",
        **bearer_of(requester),
    )
    assert response.status_code == 201, response.content
    return response.json()["approvalId"]


def decide(approval_id: str, user) -> Callable[[APIClient], object]:
    return lambda client: client.post(
        f"/api/approvals/{approval_id}/decide",
        {"decision": "approve"},
        format="json",
        **bearer_of(user),
    )


def test_the_last_two_approvals_at_once_approve_exactly_once(customer):
    requester, approvers = customer
    for _ in range(ROUNDS):
        approval_id = create_request(requester, approvers)

        responses = at_once(*(decide(approval_id, approver) for approver in approvers))

        assert [r.status_code for r in responses] == [200, 200], [r.content for r in responses]
        assert sorted(r.json()["status"] for r in responses) == ["approved", "pending"]
        assert ApprovalDecision.objects.filter(approval_id=approval_id).count() == 2


def test_one_approver_deciding_twice_at_once_decides_once(customer):
    requester, approvers = customer
    for _ in range(ROUNDS):
        approval_id = create_request(requester, approvers)

        responses = at_once(decide(approval_id, approvers[0]), decide(approval_id, approvers[0]))

        assert sorted(r.status_code for r in responses) == [200, 409]
        refused = next(r for r in responses if r.status_code == 409)
        assert refused.json()["error"] == "approval_already_decided"
        assert ApprovalDecision.objects.filter(approval_id=approval_id).count() == 1
