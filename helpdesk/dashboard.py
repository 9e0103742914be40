"""The admin index's charts: the figures of selectors.dashboard, each with the filtered
changelist behind it (the whole chart, and each bar or slice)."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Model
from django.utils import timezone

from adminkit.links import changelist_url
from billing.models import TenantSubscription, Trial
from fibonacci.models import Event
from helpdesk.selectors import dashboard as figures
from nigredo.models import Lead
from platform_app.models import ApprovalRequest, AuditLog, Tenant

STATUS_COLOURS = {
    "novo": "#79aec8",
    "em_contato": "#417690",
    "qualificado": "#5b9e5b",
    "agendado": "#2e7d32",
    "convertido": "#1b5e20",
    "perdido": "#b0b0b0",
    "descadastrado": "#ba2121",
    "anonimizado": "#666666",
    "success": "#2e7d32",
    "failure": "#ba2121",
    "partial": "#e0a800",
    "published": "#79aec8",
    "processed": "#2e7d32",
    "failed": "#ba2121",
}
PALETTE = ("#417690", "#79aec8", "#5b9e5b", "#e0a800", "#ba2121", "#8e6bbf", "#666666")


@dataclass
class Chart:
    key: str
    title: str
    kind: str  # bar (stacked when several datasets), doughnut
    labels: list[str]
    datasets: list[dict[str, Any]]  # label, data, links, colour(s)
    link: str
    note: str = ""
    total: int | None = None
    refreshed_at: datetime | None = None
    available: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "kind": self.kind,
            "labels": self.labels,
            "datasets": self.datasets,
        }


def _colour(key: str, index: int) -> str:
    return STATUS_COLOURS.get(key, PALETTE[index % len(PALETTE)])


def _day_filter(field_name: str, day: date) -> dict[str, int]:
    return {
        f"{field_name}__year": day.year,
        f"{field_name}__month": day.month,
        f"{field_name}__day": day.day,
    }


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def leads_chart(today: date | None = None) -> Chart:
    series = figures.leads_per_day(today=today)
    labels = dict(Lead.Status.choices)
    statuses = [status for status in labels if status in series.counts]
    statuses += sorted(set(series.counts) - set(statuses))
    datasets = [
        {
            "label": labels.get(status, status),
            "data": series.series(status),
            "links": [
                changelist_url(Lead, status=status, **_day_filter("created_at", day))
                for day in series.days
            ],
            "colour": _colour(status, index),
        }
        for index, status in enumerate(statuses)
    ]
    from_metricas = sum(1 for day in series.days if series.sources.get(day) == "metricas_diarias")
    note = (
        f"{from_metricas} de {len(series.days)} dias vêm de métricas diárias (novos, agendados,"
        " descadastrados); os demais, dos leads criados no dia pela situação atual."
        if from_metricas
        else "Leads criados em cada dia, pela situação atual."
    )
    return Chart(
        "leads",
        "Leads por dia e situação (30 dias)",
        "bar",
        [day.strftime("%d/%m") for day in series.days],
        datasets,
        changelist_url(Lead, created_at__gte=_iso(_local_midnight(series.days[0]))),
        note=note,
        total=sum(sum(series.series(key)) for key in series.counts),
        refreshed_at=series.refreshed_at,
        available=series.available,
    )


def audit_chart(today: date | None = None) -> Chart:
    series = figures.audit_results_per_day(today=today)
    labels = dict(AuditLog.Result.choices)
    results = [result for result in labels if result in series.counts]
    results += sorted(set(series.counts) - set(results))
    datasets = [
        {
            "label": labels.get(result, result),
            "data": series.series(result),
            "links": [
                changelist_url(AuditLog, result=result, **_day_filter("created_at", day))
                for day in series.days
            ],
            "colour": _colour(result, index),
        }
        for index, result in enumerate(results)
    ]
    return Chart(
        "audit",
        "Resultados da auditoria por dia (30 dias)",
        "bar",
        [day.strftime("%d/%m") for day in series.days],
        datasets,
        changelist_url(AuditLog, created_at__gte=_iso(_local_midnight(series.days[0]))),
        total=sum(sum(series.series(key)) for key in series.counts),
        refreshed_at=series.refreshed_at,
        available=series.available,
    )


def _counts_chart(
    key: str,
    title: str,
    kind: str,
    counts: figures.Counts,
    model: type[Model],
    link_for: Any,
    link: str,
    note: str = "",
) -> Chart:
    return Chart(
        key,
        title,
        kind,
        [label for _, label, _ in counts.items],
        [
            {
                "label": title,
                "data": [count for _, _, count in counts.items],
                "links": [link_for(item_key) for item_key, _, _ in counts.items],
                "colours": [
                    _colour(item_key, i) for i, (item_key, _, _) in enumerate(counts.items)
                ],
            }
        ],
        link,
        note=note,
        total=counts.total,
        refreshed_at=counts.refreshed_at,
        available=counts.available,
    )


def events_chart() -> Chart:
    return _counts_chart(
        "events",
        "Eventos por situação",
        "doughnut",
        figures.events_by_status(),
        Event,
        lambda status: changelist_url(Event, status=status),
        changelist_url(Event),
    )


def approvals_chart(now: datetime | None = None) -> Chart:
    now = now or timezone.now()

    def link(label: str) -> str:
        low, high = figures.age_bounds(label, now)
        bounds = {}
        if low is not None:
            bounds["created_at__gte"] = _iso(low)
        if high is not None:
            bounds["created_at__lt"] = _iso(high)
        return changelist_url(ApprovalRequest, status="pending", **bounds)

    return _counts_chart(
        "approvals",
        "Aprovações pendentes por tempo de espera",
        "bar",
        figures.pending_approvals_by_age(now=now),
        ApprovalRequest,
        link,
        changelist_url(ApprovalRequest, status="pending"),
    )


def trials_chart(now: datetime | None = None) -> Chart:
    now = now or timezone.now()

    def link(start: str) -> str:
        low, high = figures.trial_slot(now, int(start))
        return changelist_url(
            Trial, status="active", expires_at__gte=_iso(low), expires_at__lt=_iso(high)
        )

    return _counts_chart(
        "trials",
        "Testes que expiram nas próximas 24 h",
        "bar",
        figures.trials_expiring(now=now),
        Trial,
        link,
        changelist_url(
            Trial,
            status="active",
            expires_at__gte=_iso(now),
            expires_at__lt=_iso(now + timedelta(hours=24)),
        ),
    )


def plans_chart() -> Chart:
    def link(plan_id: str) -> str:
        return (
            changelist_url(TenantSubscription, plan=plan_id) if plan_id else changelist_url(Tenant)
        )

    return _counts_chart(
        "plans",
        "Tenants por plano",
        "doughnut",
        figures.tenants_by_plan(),
        Tenant,
        link,
        changelist_url(TenantSubscription),
    )


# (model the chart links to, builder): a chart shows when its list may be viewed.
CHARTS = (
    (Lead, leads_chart),
    (AuditLog, audit_chart),
    (Event, events_chart),
    (ApprovalRequest, approvals_chart),
    (Trial, trials_chart),
    (TenantSubscription, plans_chart),
)


def dashboard_charts(user: User | AnonymousUser) -> list[Chart]:
    charts = []
    for model, build in CHARTS:
        opts = model._meta
        if user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            charts.append(build())
    return charts
