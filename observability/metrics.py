"""The back-office's Prometheus metrics (prometheus_client's default registry).

Labels stay few and bounded: the view's URL name (never the path, which holds ids), the
method and the status class. With several gunicorn workers set PROMETHEUS_MULTIPROC_DIR
(an empty folder per deployment); `/metrics` then adds up every worker's figures.
"""

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 2.5, 5.0, 10.0)
QUERY_BUCKETS = (1, 2, 5, 10, 20, 50, 100, 200)

REQUEST_LATENCY = Histogram(
    "backoffice_request_duration_seconds",
    "Time to answer a request, by view.",
    ["view", "method"],
    buckets=LATENCY_BUCKETS,
)
REQUESTS = Counter(
    "backoffice_requests_total",
    "Requests answered, by view and status class (2xx, 3xx, 4xx, 5xx).",
    ["view", "method", "status"],
)
REQUEST_QUERIES = Histogram(
    "backoffice_request_db_queries",
    "SQL statements one request ran, by view.",
    ["view"],
    buckets=QUERY_BUCKETS,
)
DB_QUERIES = Counter(
    "backoffice_db_queries_total", "SQL statements run while answering requests, by view.", ["view"]
)
ERRORS = Counter(
    "backoffice_request_errors_total",
    "Requests that ended in an unhandled exception or a 5xx answer, by view.",
    ["view"],
)


def status_class(status: int) -> str:
    return f"{status // 100}xx"


def exposition() -> tuple[bytes, str]:
    """The metrics in Prometheus' text format, and its content type."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
