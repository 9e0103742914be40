"""Paginators that never run an unbounded COUNT(*) over a big table, nor (for a big
table's list) a bounded one that would have to scan it."""

import json
from typing import cast

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property

EXACT_COUNT_LIMIT = 10_000
# The planner's cost (PostgreSQL's units: about one sequential page read each) above which
# even the bounded count is not run. Reading 10,001 entries of an index costs ~300; a
# filter no index serves costs thousands (a rare value: the whole table).
COUNT_COST_LIMIT = 10_000
# An estimate this many times past the limit is taken as it is: counting would only
# confirm that the list is longer than EXACT_COUNT_LIMIT, and show the estimate anyway.
ESTIMATE_MARGIN = 10


def count_up_to(queryset, limit: int) -> int:
    """The number of rows, reading at most limit + 1 of them.

    Without ORDER BY: kept, it can lead the planner to walk the ordering index across the
    whole table instead of using the filter's own index.
    """
    return queryset.order_by()[: limit + 1].count()


def _explain(queryset: QuerySet, sql: str, params) -> dict:
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return plan[0]["Plan"]


def planner_estimate(queryset) -> int:
    """The row count PostgreSQL's planner expects for `queryset` (EXPLAIN, not run)."""
    sql, params = queryset.order_by().query.sql_with_params()
    return int(_explain(queryset, sql, params)["Plan Rows"])


class EstimatedCountPaginator(Paginator):
    """Counts exactly up to EXACT_COUNT_LIMIT rows; beyond that, trusts the planner.

    The bounded count reads at most EXACT_COUNT_LIMIT + 1 rows, so its cost does not
    grow with the table; `count_is_estimate` tells the template to say "cerca de".
    """

    count_is_estimate = False

    @cached_property
    def count(self) -> int:
        bounded = count_up_to(self.object_list, EXACT_COUNT_LIMIT)
        if bounded <= EXACT_COUNT_LIMIT:
            return bounded
        self.count_is_estimate = True
        return max(planner_estimate(self.object_list), bounded)


class GuardedCountPaginator(EstimatedCountPaginator):
    """The count of a big table's list: never a scan, even a bounded one.

    Reading 10,001 rows is cheap when an index yields them, but a filter no index serves
    (a rare value of an unindexed column) makes even the bounded count read the whole
    table. So one EXPLAIN of the bounded count comes first: it gives the planner's
    estimate of the rows and the cost of counting up to the limit. The estimate stands
    alone when that cost is over COUNT_COST_LIMIT or the estimate is far past the limit;
    otherwise the bounded count runs.
    """

    @cached_property
    def count(self) -> int:
        queryset = cast(QuerySet, self.object_list)
        if queryset.query.is_empty():
            return 0
        bounded = queryset.order_by().values("pk")[: EXACT_COUNT_LIMIT + 1]
        try:
            sql, params = bounded.query.sql_with_params()
        except EmptyResultSet:
            return 0
        sql = f"SELECT COUNT(*) FROM ({sql}) bounded"
        plan = _explain(queryset, sql, params)
        estimate = _rows_under_limit(plan)
        if plan["Total Cost"] > COUNT_COST_LIMIT or estimate > ESTIMATE_MARGIN * EXACT_COUNT_LIMIT:
            self.count_is_estimate = True
            return estimate
        with connections[queryset.db].cursor() as cursor:
            cursor.execute(sql, params)
            counted = cursor.fetchone()[0]
        if counted <= EXACT_COUNT_LIMIT:
            return counted
        self.count_is_estimate = True
        return max(estimate, counted)


def _rows_under_limit(plan: dict) -> int:
    """The planner's estimate of the rows below the bounded count's LIMIT."""
    nodes = [plan]
    while nodes:
        node = nodes.pop(0)
        if node["Node Type"] == "Limit":
            return int(node["Plans"][0]["Plan Rows"])
        nodes.extend(node.get("Plans", []))
    return int(plan["Plan Rows"])
