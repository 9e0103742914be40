"""Daily lead funnels and agent metrics of the last days."""

from datetime import datetime, timedelta
from decimal import Decimal

from devdata.demo.ids import demo_id
from devdata.demo.specs import TenantSpec
from devdata.demo.writer import DemoWriter
from fibonacci.models import Metric
from nigredo.models import MetricaDiaria


def write_metrica_diaria(w: DemoWriter, spec: TenantSpec, offset: int, day: datetime) -> None:
    """A tenant's lead funnel for one day."""
    enviadas = w.rng.randrange(20, 160)
    respostas = int(enviadas * w.rng.uniform(0.08, 0.3))
    w.put(
        MetricaDiaria,
        demo_id("metrica-diaria", spec.slug, offset),
        tenant_id=w.tenant_id(spec),
        data=day.date(),
        metricas={
            "leads_novos": w.rng.randrange(0, 12),
            "mensagens_enviadas": enviadas,
            "respostas": respostas,
            "agendamentos": w.rng.randrange(0, max(1, respostas // 3) + 1),
            "descadastros": w.rng.choice((0, 0, 0, 1)),
            "taxa_resposta": round(respostas / enviadas, 3),
        },
        created_at=day + timedelta(days=1, minutes=5),
    )


def write_agent_metrics(w: DemoWriter, spec: TenantSpec, offset: int, day: datetime) -> None:
    """A tenant's agent executions and mean latency for one day."""
    dimensions = {"tenant_id": str(w.tenant_id(spec)), "ambiente": "demo"}
    for name, unit, aggregation, value in (
        ("agentes.execucoes", "count", "sum", w.rng.randrange(50, 900)),
        ("agentes.latencia", "ms", "avg", round(w.rng.uniform(700, 3800), 1)),
    ):
        w.put(
            Metric,
            demo_id("metric", spec.slug, name, offset),
            metric_name=name,
            dimensions=dimensions,
            value=Decimal(str(value)),
            unit=unit,
            period_start=day,
            period_end=day + timedelta(days=1),
            aggregation_type=aggregation,
            created_at=day + timedelta(days=1, minutes=10),
        )


def write_daily_metrics(w: DemoWriter, specs: tuple[TenantSpec, ...]) -> None:
    """Fourteen days of lead metrics and seven of agent metrics per tenant with leads.

    Newest first, so that on a later day each row moves onto a date the previous row
    has just left and the unique (tenant, date) keys never collide.
    """
    today = w.now.replace(hour=0, minute=0, second=0, microsecond=0)
    for offset in range(1, 15):
        day = today - timedelta(days=offset)
        for spec in specs:
            if not spec.lead_count:
                continue
            if offset <= spec.age_days:
                write_metrica_diaria(w, spec, offset, day)
            if offset <= min(7, spec.age_days):
                write_agent_metrics(w, spec, offset, day)
