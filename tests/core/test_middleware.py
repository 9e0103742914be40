"""Every response, admin pages included, carries the request's X-Trace-Id."""

import logging
import uuid

import pytest

from core.tracing import TraceIdLogFilter

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/admin/", "/admin/login/", "/health", "/api/plans", "/api/leads"])
def test_every_response_has_a_fresh_trace_id(client, url):
    first, second = client.get(url), client.get(url)

    assert uuid.UUID(first["X-Trace-Id"]).version == 4
    assert first["X-Trace-Id"] != second["X-Trace-Id"]


def test_a_valid_incoming_trace_id_is_kept(admin_client):
    incoming = str(uuid.uuid4())

    assert admin_client.get("/admin/", HTTP_X_TRACE_ID=incoming)["X-Trace-Id"] == incoming
    assert admin_client.get("/admin/", HTTP_X_TRACE_ID=incoming.upper())["X-Trace-Id"] == incoming


@pytest.mark.parametrize("bad", ["abc", "x" * 100, "'; DROP TABLE", ""])
def test_an_invalid_incoming_trace_id_is_replaced(client, bad):
    response = client.get("/admin/login/", HTTP_X_TRACE_ID=bad)

    assert response["X-Trace-Id"] != bad
    uuid.UUID(response["X-Trace-Id"])


def test_log_records_of_the_request_carry_its_trace_id(client):
    incoming = str(uuid.uuid4())
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.addFilter(TraceIdLogFilter())
    handler.emit = records.append
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        client.get("/api/leads", HTTP_X_TRACE_ID=incoming)  # 401: logged as a warning
    finally:
        logger.removeHandler(handler)
    outside = logging.LogRecord("x", logging.INFO, __file__, 1, "m", None, None)
    TraceIdLogFilter().filter(outside)

    assert [record.trace_id for record in records] == [incoming]
    assert outside.trace_id == "-"
