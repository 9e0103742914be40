"""A paginator that never runs an unbounded COUNT(*) over a big table."""

import json

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

EXACT_COUNT_LIMIT = 10_000


def count_up_to(queryset, limit: int) -> int:
    """The number of rows, reading at most limit + 1 of them.

    Without ORDER BY: kept, it can lead the planner to walk the ordering index across the
    whole table instead of using the filter's own index.
    """
    return queryset.order_by()[: limit + 1].count()


def planner_estimate(queryset) -> int:
    """The row count PostgreSQL's planner expects for `queryset` (EXPLAIN, not run)."""
    sql, params = queryset.order_by().query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


class EstimatedCountPaginator(Paginator):
    """Counts exactly up to EXACT_COUNT_LIMIT rows; beyond that, trusts the planner.

    The bounded count reads at most EXACT_COUNT_LIMIT + 1 rows, so its cost does not
    grow with the table; `count_is_estimate` tells the template to say "about".
    """

    count_is_estimate = False

    @cached_property
    def count(self) -> int:
        bounded = count_up_to(self.object_list, EXACT_COUNT_LIMIT)
        if bounded <= EXACT_COUNT_LIMIT:
            return bounded
        self.count_is_estimate = True
        return max(planner_estimate(self.object_list), bounded)
