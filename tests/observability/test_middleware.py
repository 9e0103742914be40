"""One JSON log line per request, the X-Trace-Id header, Prometheus metrics."""

import json
import logging
import uuid

import pytest
from django.urls import reverse

from observability.logging import JSONFormatter

pytestmark = pytest.mark.django_db


def request_lines(caplog):
    return [r for r in caplog.records if r.name == "backoffice.requests"]


def test_every_response_carries_a_trace_id_and_logs_one_line(admin_client, admin_user, caplog):
    caplog.set_level(logging.INFO, logger="backoffice.requests")

    response = admin_client.get("/admin/nigredo/lead/", {"q": "maria@exemplo.com.br"})

    trace_id = uuid.UUID(response["X-Trace-Id"])
    [record] = request_lines(caplog)
    line = json.loads(JSONFormatter().format(record))
    assert line["trace_id"] == str(trace_id)
    assert uuid.UUID(line["request_id"]) == uuid.UUID(response["X-Request-Id"])
    assert (line["user_id"], line["method"], line["path"], line["status"]) == (
        admin_user.pk,
        "GET",
        "/admin/nigredo/lead/",
        200,
    )
    assert line["view"] == "admin:nigredo_lead_changelist"
    assert line["duration_ms"] > 0 and line["db_queries"] > 0
    assert "maria" not in json.dumps(line)  # the query string never reaches the log


def test_an_incoming_trace_id_is_kept_and_garbage_is_replaced(client):
    sent = uuid.uuid4()

    kept = client.get("/admin/login/", headers={"X-Trace-Id": str(sent)})
    replaced = client.get("/admin/login/", headers={"X-Trace-Id": "<script>"})

    assert kept["X-Trace-Id"] == str(sent)
    assert uuid.UUID(replaced["X-Trace-Id"])


def test_an_anonymous_request_logs_no_user(client, caplog):
    caplog.set_level(logging.INFO, logger="backoffice.requests")

    client.get("/admin/login/")

    assert request_lines(caplog)[0].user_id is None


def test_metrics_need_the_token(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404

    settings.METRICS_TOKEN = "s3gredo"
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer errado"}).status_code == 401


def test_metrics_count_latency_queries_and_errors_by_view(admin_client, client, settings):
    settings.METRICS_TOKEN = "s3gredo"
    admin_client.get(reverse("admin:nigredo_lead_changelist"))

    text = client.get("/metrics", headers={"Authorization": "Bearer s3gredo"}).text

    view = 'view="admin:nigredo_lead_changelist"'
    assert f'backoffice_request_duration_seconds_bucket{{le="0.3",method="GET",{view}}}' in text
    assert f"backoffice_db_queries_total{{{view}}}" in text
    assert "backoffice_request_errors_total" in text
    assert 'backoffice_requests_total{method="GET",status="2xx",' in text


def test_the_health_check_answered_ahead_of_the_url_resolver_is_counted_as_health(client, settings):
    settings.METRICS_TOKEN = "s3gredo"
    client.get("/health")

    text = client.get("/metrics", headers={"Authorization": "Bearer s3gredo"}).text

    assert 'backoffice_requests_total{method="GET",status="2xx",view="health"}' in text
