"""Request logs as JSON lines, the trace id of every response, Prometheus metrics."""
