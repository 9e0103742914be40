"""Running a LoadPlan: reference reads, the COPYs table after table, index rebuilds, ANALYZE.

Timestamps rise monotonically through each table, and rows point at tenants, leads and
traces that existed at their time. Ids come from an unseeded source (a second run with the
same seed adds rows instead of colliding); everything else comes from the plan's seed.
Everything runs in one transaction, so a failed or interrupted load leaves the tables and
their catalogue as they were.
"""

import functools
import time
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.db import connection as default_connection
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper

from billing.reference import AGENTS
from devdata.loadgen.builders.audit_logs import audit_log_rows
from devdata.loadgen.builders.events import event_rows
from devdata.loadgen.builders.leads import lead_rows
from devdata.loadgen.builders.tenants import new_tenant, tier_for, user_rows
from devdata.loadgen.builders.traces import trace_rows
from devdata.loadgen.context import LoadContext
from devdata.loadgen.copy import Log, RowBuilder, copy_rows
from devdata.loadgen.indexes import (
    Deferred,
    drop_deferrable,
    estimated_rows,
    owns,
    rebuild,
    should_defer,
)
from devdata.loadgen.plan import LoadPlan, LoadPlanError, TableResult
from devdata.loadgen.refs import Sample, TenantRefs
from devdata.loadgen.rows import AUDIT_LOGS, EVENTS, LEADS, TENANTS, TRACES, USERS
from devdata.loadgen.timeline import epoch_seconds, utc_now

# Rows per call of a builder: big enough to amortise the call, small enough that the
# timeline (one step per chunk for the tenants and samples rows may point at) stays fine.
CHUNK_ROWS = {LEADS: 2000, TRACES: 2500, EVENTS: 3000, AUDIT_LOGS: 4000}
TIME_STEPS = 256
RECENT_LEADS = 20_000


class Loader:
    """Runs a LoadPlan on one cursor."""

    def __init__(
        self,
        plan: LoadPlan,
        cursor: CursorWrapper,
        connection: BaseDatabaseWrapper,
        log: Log,
        verbose: bool,
    ) -> None:
        self.plan = plan
        self.cursor = cursor
        self.quote = connection.ops.quote_name
        self.log = log
        self.verbose = verbose
        self.now = utc_now()
        self.results: list[TableResult] = []
        agents = self.fetch("SELECT id::text, name FROM alquimista_platform.agents ORDER BY name")
        fallback = [name for _subnucleo, name, *_ in AGENTS]  # the reference catalogue's
        self.ctx = LoadContext(plan, [(str(a), str(n)) for a, n in agents], fallback, self.now)

    def run(self) -> list[TableResult]:
        """Write everything the plan asks for; return one result per table written."""
        plan, ctx = self.plan, self.ctx
        existing = self.existing_tenants()
        if not existing and not plan.tenants and (plan.leads or plan.audit_logs):
            raise LoadPlanError(
                "Leads and audit logs need at least one tenant, and the database has none: "
                "pass --tenants N (N > 0)."
            )
        ctx.tenants = self.write_tenants(existing)
        if plan.leads:
            self.bulk(LEADS, plan.leads, functools.partial(lead_rows, ctx))
        elif plan.audit_logs or plan.events or plan.trace_count:
            ctx.leads = self.recent_leads(ctx.tenants)
        self.bulk(TRACES, plan.trace_count, functools.partial(trace_rows, ctx))
        self.bulk(EVENTS, plan.events, functools.partial(event_rows, ctx))
        self.bulk(AUDIT_LOGS, plan.audit_logs, functools.partial(audit_log_rows, ctx))
        self.analyze()
        return self.results

    def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """All rows of a query."""
        self.cursor.execute(sql, params)
        return list(self.cursor.fetchall())

    def existing_tenants(self) -> list[tuple[str, datetime | None]]:
        """Tenants already in the database, oldest first."""
        return [
            (str(tenant_id), created)
            for tenant_id, created in self.fetch(
                f"SELECT id::text, created_at FROM {TENANTS} ORDER BY created_at, id"
            )
        ]

    def write_tenants(self, existing: list[tuple[str, datetime | None]]) -> TenantRefs:
        """Write the new tenants and their users; return every tenant rows may point at."""
        ctx, rng, count = self.ctx, self.ctx.rng, self.plan.tenants
        ranks = list(range(1, len(existing) + count + 1))
        rng.shuffle(ranks)
        first = self.now - timedelta(days=730 + 120)
        stretch = (self.now - timedelta(days=7) - first).total_seconds()
        created = sorted(first + timedelta(seconds=rng.random() * stretch) for _ in range(count))
        new = [
            new_tenant(ctx, when, tier_for(rank, len(ranks)))
            for when, rank in zip(created, ranks[len(existing) :], strict=True)
        ]
        taken = {str(email) for (email,) in self.fetch(f"SELECT email FROM {USERS}")}
        users = [row for tenant in new for row in user_rows(ctx, tenant, taken)]
        self.small(TENANTS, [tenant.row for tenant in new])
        self.small(USERS, users)
        window = self.now - timedelta(days=730)
        entries = [(min(c or window, window), tenant_id) for tenant_id, c in existing]
        entries += [(tenant.created, tenant.id) for tenant in new]
        by_tenant: dict[str, list[str]] = {}
        for user_id, tenant_id in self.fetch(f"SELECT id::text, tenant_id::text FROM {USERS}"):
            by_tenant.setdefault(tenant_id, []).append(user_id)
        return tenant_refs(entries, ranks, by_tenant)

    def recent_leads(self, tenants: TenantRefs) -> Sample:
        """A sample of the newest leads already written, for rows to point at."""
        index = {tenant_id: n for n, tenant_id in enumerate(tenants.ids)}
        rows = self.fetch(
            f"SELECT id::text, tenant_id::text, created_at FROM {LEADS}"
            f" WHERE created_at IS NOT NULL ORDER BY created_at DESC LIMIT {RECENT_LEADS}"
        )
        sample = Sample()
        for lead_id, tenant_id, created in reversed(rows):
            if tenant_id in index:
                sample.ids.append(lead_id)
                sample.tenants.append(index[tenant_id])
                sample.epochs.append(epoch_seconds(created))
        return sample

    def small(self, table: str, rows: Sequence[tuple[object, ...]]) -> None:
        """COPY a few rows at once."""
        if rows:
            seconds = copy_rows(self.cursor, table, len(rows), lambda *_: rows, len(rows), self.log)
            self.report(TableResult(table, len(rows), seconds))

    def bulk(self, table: str, rows: int, build: RowBuilder) -> None:
        """COPY many rows, dropping and rebuilding indexes around it when that is faster."""
        if not rows:
            return
        existing = estimated_rows(self.cursor, table)
        deferred = Deferred(table)
        if should_defer(self.plan.index_mode, rows, existing):
            if owns(self.cursor, table):
                deferred = drop_deferrable(self.cursor, table, self.quote)
            else:
                self.log(f"  {table}: not its owner, so its indexes are kept during the load")
        if deferred:
            self.log(
                f"  {table}: {len(deferred.indexes)} indexes and {len(deferred.constraints)}"
                f" key constraints dropped for the load, rebuilt after it"
                f" (~{existing:,} rows before)"
            )
        chunk_rows = min(CHUNK_ROWS[table], max(50, -(-rows // TIME_STEPS)))
        seconds = copy_rows(self.cursor, table, rows, build, chunk_rows, self.log)
        result = TableResult(table, rows, seconds)
        if deferred:
            started = time.perf_counter()
            rebuild(self.cursor, deferred, self.quote, self.log if self.verbose else None)
            result.index_seconds = time.perf_counter() - started
        self.report(result)

    def report(self, result: TableResult) -> None:
        """Record a table's result and print its timings."""
        self.results.append(result)
        line = (
            f"{result.table}: {result.rows:,} rows, COPY {result.copy_seconds:.1f} s"
            f" ({result.rows / max(result.copy_seconds, 1e-9):,.0f} rows/s)"
        )
        if result.index_seconds:
            line += (
                f", index/key rebuild {result.index_seconds:.1f} s"
                f", overall {result.rows_per_second:,.0f} rows/s"
            )
        self.log(line)

    def analyze(self) -> None:
        """Refresh planner statistics of every table written."""
        started = time.perf_counter()
        tables = list(dict.fromkeys(result.table for result in self.results))
        for table in tables:
            self.cursor.execute(f"ANALYZE {table}")
        if tables:
            self.log(f"ANALYZE {', '.join(tables)}: {time.perf_counter() - started:.1f} s")


def tenant_refs(
    entries: list[tuple[datetime, str]], ranks: list[int], users: dict[str, list[str]]
) -> TenantRefs:
    """Tenants ordered by when rows may start pointing at them, with Zipf-like weights."""
    refs = TenantRefs()
    total = 0.0
    for n in sorted(range(len(entries)), key=lambda n: entries[n][0]):
        since, tenant_id = entries[n]
        total += ranks[n] ** -1.1
        refs.ids.append(tenant_id)
        refs.since.append(epoch_seconds(since))
        refs.cumulative.append(total)
        refs.users.append(tuple(users.get(tenant_id, ())))
    return refs


def load_volume(
    plan: LoadPlan,
    *,
    log: Log = print,
    connection: BaseDatabaseWrapper = default_connection,
    verbose: bool = False,
) -> list[TableResult]:
    """Add the plan's rows in one transaction (a savepoint inside an outer one)."""
    plan.validate()
    started = time.perf_counter()
    with (
        transaction.atomic(using=connection.alias),
        connection.wrap_database_errors,
        connection.cursor() as cursor,
    ):
        results = Loader(plan, cursor, connection, log, verbose).run()
    log(f"Done in {time.perf_counter() - started:.1f} s.")
    return results
