"""Refreshing the dashboard's materialised summaries (SQL migration 017)."""

from django.db import connection

SUMMARIES = (
    "nigredo_leads.dashboard_leads_daily",
    "alquimista_platform.dashboard_audit_daily",
    "fibonacci_core.dashboard_events_status",
)


def dashboard_summaries_refresh() -> list[str]:
    """Recompute every summary that exists, CONCURRENTLY (readers never wait); returns
    the names refreshed."""
    refreshed = []
    with connection.cursor() as cursor:
        for name in SUMMARIES:
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [name])
            row = cursor.fetchone()
            if row is None or not row[0]:
                continue
            cursor.execute(f"REFRESH MATERIALIZED VIEW CONCURRENTLY {name}")
            refreshed.append(name)
    return refreshed
