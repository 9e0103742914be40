import pytest

from billing.models import Subnucleo, TenantSubscriptionSummary
from billing.selectors import Usage, subnucleo_release, tenant_subscription, tenant_usage
from platform_app.models import Agent, Tenant

pytestmark = pytest.mark.django_db


def test_usage_counts_equal_the_summary_views_for_every_demo_tenant(demo_data):
    summaries = list(TenantSubscriptionSummary.objects.all())
    assert {s.tenant_id for s in summaries} == set(Tenant.objects.values_list("pk", flat=True))
    for summary in summaries:
        # The view shows a cancelled subscription's plan; weigh the usage against it too.
        subscription = tenant_subscription(summary.tenant_id)
        plan = subscription.plan if subscription is not None else None
        usage = tenant_usage(tenant_id=summary.tenant_id, plan=plan)
        assert (usage.agents.used, usage.agents.limit) == (
            summary.active_agents,
            summary.max_agents,
        ), summary.company_name
        assert (usage.subnucleos.used, usage.subnucleos.limit) == (
            summary.active_subnucleos,
            summary.max_subnucleos,
        ), summary.company_name


@pytest.mark.parametrize(
    ("usage", "text"),
    [
        (Usage("agents", 7, 16), "7 de 16 agentes"),
        (Usage("subnucleos", 1, 1), "1 de 1 SubNúcleo"),
        (Usage("subnucleos", 0, 2), "0 de 2 SubNúcleos"),
        (Usage("users", 4, 999_999), "4 usuários (ilimitado)"),
        (Usage("users", 1, None), "1 usuário (sem plano)"),
    ],
)
def test_usage_reads_as_the_staff_say_it(usage, text):
    assert str(usage) == text


def test_a_subnucleos_release_spares_agents_another_active_subnucleo_offers(demo_data):
    # Horizonte has every SubNúcleo: saúde's option "confirmacao-presenca" is eventos' own
    tenant = Tenant.objects.get(company_name="Grupo Horizonte Facilities e Serviços S.A.")
    saude = Subnucleo.objects.get(name="saude-telemedicina")

    release = subnucleo_release(tenant_id=tenant.pk, subnucleo_id=saude.pk)

    names = dict(Agent.objects.values_list("pk", "name"))
    assert [names[pk] for pk in release.kept] == ["confirmacao-presenca"]
    assert len(release.released) == 4
    assert "confirmacao-presenca" not in {names[pk] for pk in release.released}
