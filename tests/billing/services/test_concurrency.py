"""Two staff members at the plan's limit at the same moment: only one change succeeds.

Each side runs in its own thread, with its own database connection and transaction, as
two requests would. The rows are committed (the threads cannot see a test transaction),
so the test removes them itself.
"""

import threading
import uuid

import pytest
from django.db import connection, connections

from billing.models import SubscriptionPlan, TenantAgent, TenantSubnucleo
from billing.services import (
    tenant_agent_activate,
    tenant_subnucleo_activate,
    user_create,
)
from core.exceptions import ApplicationError
from platform_app.models import Agent, AgentActivation, AuditLog, PlatformUser, Tenant
from tests.billing.conftest import STAFF
from tests.factories import (
    AgentFactory,
    SubnucleoAgentFactory,
    SubnucleoFactory,
    TenantSubscriptionFactory,
)

ROUNDS = 25


def race(*calls):
    """Run the calls at the same time, one thread and connection each; (results, codes)."""
    barrier = threading.Barrier(len(calls))
    results, refusals = [], []

    def run(call):
        try:
            barrier.wait()
            results.append(call())
        except ApplicationError as exc:
            refusals.append(exc.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results, refusals


@pytest.fixture
def committed(django_db_blocker):
    """A tenant on a plan of one agent, one SubNúcleo and one user, committed; removed after."""
    with django_db_blocker.unblock():
        subscription = TenantSubscriptionFactory(
            plan__max_agents=1, plan__max_subnucleos=1, plan__max_users=1
        )
        tenant = subscription.tenant
        agents = AgentFactory.create_batch(2)
        subnucleos = [SubnucleoFactory(), SubnucleoFactory()]
        links = [SubnucleoAgentFactory(subnucleo=subnucleo) for subnucleo in subnucleos]
        yield tenant, agents, subnucleos
        AuditLog.objects.filter(tenant=tenant).delete()
        Tenant.objects.filter(pk=tenant.pk).delete()  # the database cascades to its rows
        SubscriptionPlan.objects.filter(pk=subscription.plan_id).delete()
        for subnucleo in subnucleos:
            subnucleo.delete()
        agent_ids = [agent.pk for agent in agents] + [link.agent_id for link in links]
        Agent.objects.filter(pk__in=agent_ids).delete()
        connection.close()


def test_two_agent_activations_at_the_limit_never_both_succeed(committed):
    tenant, (first, second), _ = committed
    for _ in range(ROUNDS):
        results, refusals = race(
            lambda: tenant_agent_activate(
                acting_user=STAFF, tenant_id=tenant.pk, agent_id=first.pk
            ),
            lambda: tenant_agent_activate(
                acting_user=STAFF, tenant_id=tenant.pk, agent_id=second.pk
            ),
        )
        active = TenantAgent.objects.filter(tenant=tenant, is_active=True).count()
        running = AgentActivation.objects.filter(tenant=tenant, status="active").count()
        assert (len(results), refusals, active, running) == (1, ["plan_limit_reached"], 1, 1)
        TenantAgent.objects.filter(tenant=tenant).delete()
        AgentActivation.objects.filter(tenant=tenant).delete()
    assert AuditLog.objects.filter(tenant=tenant, action_type="agent.activated").count() == ROUNDS


def test_two_subnucleo_activations_at_the_limit_never_both_succeed(committed):
    tenant, _, (one, other) = committed
    for _ in range(ROUNDS):
        results, refusals = race(
            lambda: tenant_subnucleo_activate(
                acting_user=STAFF, tenant_id=tenant.pk, subnucleo_id=one.pk
            ),
            lambda: tenant_subnucleo_activate(
                acting_user=STAFF, tenant_id=tenant.pk, subnucleo_id=other.pk
            ),
        )
        active = TenantSubnucleo.objects.filter(tenant=tenant, is_active=True).count()
        agents = TenantAgent.objects.filter(tenant=tenant, is_active=True).count()
        assert (len(results), refusals, active, agents) == (1, ["plan_limit_reached"], 1, 1)
        TenantSubnucleo.objects.filter(tenant=tenant).delete()
        TenantAgent.objects.filter(tenant=tenant).delete()
        AgentActivation.objects.filter(tenant=tenant).delete()


def test_two_users_added_on_the_last_seat_never_both_succeed(committed):
    tenant, _, _ = committed
    for _ in range(ROUNDS):
        results, refusals = race(
            *[
                lambda: user_create(
                    acting_user=STAFF,
                    tenant_id=tenant.pk,
                    email=f"{uuid.uuid4().hex}@exemplo.com.br",
                    full_name="Pessoa de Teste",
                )
                for _ in range(2)
            ]
        )
        seats = PlatformUser.objects.filter(tenant=tenant).count()
        assert (len(results), refusals, seats) == (1, ["plan_limit_reached"], 1)
        PlatformUser.objects.filter(tenant=tenant).delete()
