"""The admin index's figures, each cheap at volume: the materialised summaries of SQL
migration 017 (refreshed by `manage.py refresh_dashboard`), metricas_diarias by its date
index, and live counts only over small indexed ranges (pending approvals, trials due)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone

from billing.models import Trial
from platform_app.models import ApprovalRequest

DAYS = 30
# metricas_diarias counters shown as the lead statuses they stand for.
METRICAS_STATUSES = {
    "leads_novos": "novo",
    "agendamentos": "agendado",
    "descadastros": "descadastrado",
}
AGE_BUCKETS = (
    ("< 1 h", timedelta(hours=1)),
    ("1 a 24 h", timedelta(hours=24)),
    ("1 a 7 dias", timedelta(days=7)),
    ("> 7 dias", None),
)
TRIAL_BUCKET_HOURS = 4

METRICAS_SQL = """
SELECT data,
       {sums}
FROM nigredo_leads.metricas_diarias
WHERE data BETWEEN %s AND %s
GROUP BY data
"""


@dataclass
class DailySeries:
    """Counts per day and series; `sources[day]` says which table a day's figures came from."""

    days: list[date]
    counts: dict[str, dict[date, int]] = field(default_factory=dict)
    sources: dict[date, str] = field(default_factory=dict)
    refreshed_at: datetime | None = None
    available: bool = True

    def series(self, name: str) -> list[int]:
        return [self.counts.get(name, {}).get(day, 0) for day in self.days]


def last_days(today: date, days: int = DAYS) -> list[date]:
    return [today - timedelta(days=offset) for offset in range(days - 1, -1, -1)]


def local_today() -> date:
    return timezone.localdate()


def summary_exists(name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [name])
        return bool(cursor.fetchone()[0])


def leads_per_day(*, today: date | None = None, days: int = DAYS) -> DailySeries:
    """New leads per day by status: a day with rows in metricas_diarias takes its counters
    (novos, agendados, descadastrados, all tenants added up); any other day counts the
    leads created that day by their current status (the 017 summary)."""
    result = DailySeries(last_days(today or local_today(), days))
    first, last = result.days[0], result.days[-1]
    sums = ",\n       ".join(
        f"sum(CASE WHEN jsonb_typeof(metricas -> '{key}') = 'number'"
        f" THEN (metricas ->> '{key}')::numeric ELSE 0 END)::bigint"
        for key in METRICAS_STATUSES
    )
    counts: dict[str, dict[date, int]] = defaultdict(dict)
    with connection.cursor() as cursor:
        cursor.execute(METRICAS_SQL.format(sums=sums), [first, last])
        for day, *values in cursor.fetchall():
            result.sources[day] = "metricas_diarias"
            for status, value in zip(METRICAS_STATUSES.values(), values, strict=True):
                counts[status][day] = int(value or 0)
        if not summary_exists("nigredo_leads.dashboard_leads_daily"):
            result.available = bool(result.sources)  # 017 not applied: metricas days only
        else:
            cursor.execute(
                "SELECT day, status, leads, refreshed_at FROM nigredo_leads.dashboard_leads_daily"
                " WHERE day BETWEEN %s AND %s",
                [first, last],
            )
            for day, status, leads, refreshed_at in cursor.fetchall():
                result.refreshed_at = _aware(refreshed_at)
                if result.sources.get(day) != "metricas_diarias":
                    counts[status][day] = int(leads)
    result.counts = dict(counts)
    for day in result.days:
        result.sources.setdefault(day, "leads")
    return result


def audit_results_per_day(*, today: date | None = None, days: int = DAYS) -> DailySeries:
    """Audit rows per day by result (success, failure, partial), from the 017 summary."""
    result = DailySeries(last_days(today or local_today(), days))
    if not summary_exists("alquimista_platform.dashboard_audit_daily"):
        result.available = False
        return result
    counts: dict[str, dict[date, int]] = defaultdict(dict)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT day, result, audit_rows, refreshed_at"
            " FROM alquimista_platform.dashboard_audit_daily WHERE day BETWEEN %s AND %s",
            [result.days[0], result.days[-1]],
        )
        for day, outcome, rows, refreshed_at in cursor.fetchall():
            counts[outcome][day] = int(rows)
            result.refreshed_at = _aware(refreshed_at)
    result.counts = dict(counts)
    return result


@dataclass
class Counts:
    """Labelled counts, in display order, with the time their source was computed."""

    items: list[tuple[str, str, int]]  # (key, label, count)
    refreshed_at: datetime | None = None
    available: bool = True

    @property
    def total(self) -> int:
        return sum(count for _, _, count in self.items)


def events_by_status() -> Counts:
    """Events per status, from the 017 summary."""
    if not summary_exists("fibonacci_core.dashboard_events_status"):
        return Counts([], available=False)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT status, events, refreshed_at FROM fibonacci_core.dashboard_events_status"
            " ORDER BY events DESC, status"
        )
        rows = cursor.fetchall()
    from fibonacci.models import Event

    labels = dict(Event.Status.choices)
    return Counts(
        [(status, labels.get(status, status), int(events)) for status, events, _ in rows],
        refreshed_at=_aware(rows[0][2]) if rows else None,
    )


def pending_approvals_by_age(*, now: datetime | None = None) -> Counts:
    """Pending approval requests by how long they have waited (the status index)."""
    now = now or timezone.now()
    buckets = {label: age_bounds(label, now) for label, _ in AGE_BUCKETS}
    figures = ApprovalRequest.objects.filter(status=ApprovalRequest.Status.PENDING).aggregate(
        **{
            f"b{index}": Count("pk", filter=_between("created_at", *bounds))
            for index, bounds in enumerate(buckets.values())
        }
    )
    return Counts([(label, label, figures[f"b{index}"]) for index, label in enumerate(buckets)])


def age_bounds(label: str, now: datetime) -> tuple[datetime | None, datetime | None]:
    """(created_at >=, created_at <) of an age bucket: "< 1 h" is (now - 1 h, now + ∞)."""
    lower: timedelta | None = None
    for bucket, limit in AGE_BUCKETS:
        if bucket == label:
            return (now - limit if limit else None, now - lower if lower else None)
        lower = limit
    raise ValueError(label)


def trials_expiring(*, now: datetime | None = None, hours: int = 24) -> Counts:
    """Active trials expiring in the next `hours`, by 4-hour slot (the expires_at index)."""
    now = now or timezone.now()
    slots = {start: trial_slot(now, start) for start in range(0, hours, TRIAL_BUCKET_HOURS)}
    figures = Trial.objects.filter(
        status=Trial.Status.ACTIVE,
        expires_at__gte=now,
        expires_at__lt=now + timedelta(hours=hours),
    ).aggregate(
        **{
            f"s{index}": Count("pk", filter=_between("expires_at", *bounds))
            for index, bounds in enumerate(slots.values())
        }
    )
    return Counts(
        [
            (str(start), f"{start} a {start + TRIAL_BUCKET_HOURS} h", figures[f"s{index}"])
            for index, start in enumerate(slots)
        ]
    )


def trial_slot(now: datetime, start_hour: int) -> tuple[datetime, datetime]:
    """(expires_at >=, expires_at <) of the slot starting `start_hour` hours from now."""
    return (
        now + timedelta(hours=start_hour),
        now + timedelta(hours=start_hour + TRIAL_BUCKET_HOURS),
    )


def _between(column: str, low: datetime | None, high: datetime | None) -> Q:
    condition = Q()
    if low is not None:
        condition &= Q(**{f"{column}__gte": low})
    if high is not None:
        condition &= Q(**{f"{column}__lt": high})
    return condition


def tenants_by_plan() -> Counts:
    """Tenants per subscription plan (tenants without a subscription counted apart)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.id, COALESCE(p.display_name, 'sem assinatura'), count(*)"
            " FROM alquimista_platform.tenants t"
            " LEFT JOIN public.tenant_subscriptions s ON s.tenant_id = t.id"
            " LEFT JOIN public.subscription_plans p ON p.id = s.plan_id"
            " GROUP BY p.id, p.display_name, p.sort_order"
            " ORDER BY p.sort_order NULLS LAST, 2"
        )
        return Counts(
            [(str(pk or ""), label, int(count)) for pk, label, count in cursor.fetchall()]
        )


def _aware(value: datetime | None) -> datetime | None:
    if value is None or timezone.is_aware(value):
        return value
    return timezone.make_aware(value, timezone.get_default_timezone())
