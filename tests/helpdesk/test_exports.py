"""Exports of a filtered changelist: streamed, audited when the stream ends, and for
staff who lack the LGPD role, contacts masked and no other personal column."""

import csv
import io
import json
import os
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.urls import reverse

from helpdesk.exports import EXPORTS
from nigredo.models import Lead
from platform_app.models import AuditLog
from tests.factories import LeadFactory, StaffUserFactory, TenantFactory
from tests.helpdesk.builders import audit

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


def export_url(model, export_format, query=""):
    opts = model._meta
    url = reverse("helpdesk:export", args=[opts.app_label, opts.model_name, export_format])
    return f"{url}?{query}" if query else url


def body(response) -> str:
    return b"".join(response.streaming_content).decode()


def export_audits():
    return AuditLog.objects.filter(action_type="data.exported")


def test_a_filtered_audit_log_list_exports_as_csv_and_the_export_is_audited(
    admin_client, admin_user
):
    tenant = TenantFactory()
    wanted = [audit(T0 + timedelta(minutes=i), tenant=tenant, result="failure") for i in range(3)]
    audit(T0, tenant=tenant, result="success")
    audit(T0, tenant=TenantFactory(), result="failure")

    response = admin_client.get(export_url(AuditLog, "csv", f"tenant={tenant.pk}&result=failure"))
    assert not export_audits().exists()  # nothing counted before the stream is read
    rows = list(csv.reader(io.StringIO(body(response))))

    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert rows[0] == list(EXPORTS[AuditLog].columns)
    assert [row[0] for row in rows[1:]] == [str(log.pk) for log in reversed(wanted)]
    record = export_audits().get()
    assert (record.result, record.user_id, record.tenant_id) == ("success", None, None)
    assert record.context == {
        "export": "platform_app.auditlog",
        "format": "csv",
        "filters": f"tenant={tenant.pk}&result=failure",
        "rows": 3,
        "personalData": True,
        "staff": admin_user.username,
    }


def test_json_lines_carry_one_object_per_row(admin_client):
    log = audit(T0, context={"leadId": "x"})

    lines = body(admin_client.get(export_url(AuditLog, "jsonl", f"q={log.pk}"))).splitlines()

    assert [json.loads(line) for line in lines] == [
        {
            "id": str(log.pk),
            "created_at": "2026-11-20T15:00:00+00:00",
            "trace_id": str(log.trace_id),
            "tenant_id": None,
            "user_id": None,
            "agent_id": None,
            "action_type": "lead.update",
            "result": "success",
            "error_message": None,
            "context": {"leadId": "x"},
        }
    ]


def test_a_suporte_member_exports_leads_contacts_masked_and_no_other_personal_column(client):
    lead = LeadFactory(email="maria@exemplo.com.br", telefone="+5511999990000")
    staff = StaffUserFactory(groups=["Suporte"])
    client.force_login(staff)

    text = body(client.get(export_url(Lead, "csv", f"q={lead.email}")))

    rows = list(csv.DictReader(io.StringIO(text)))
    spec = EXPORTS[Lead]
    left_out = spec.personal - spec.maskable
    assert list(rows[0]) == [c for c in spec.columns if c not in left_out]
    assert not set(rows[0]) & left_out
    assert {"email", "telefone", "contato"} <= set(rows[0])
    assert [row["id"] for row in rows] == [str(lead.pk)]
    assert (rows[0]["email"], rows[0]["telefone"]) == ("m***@e***.com.br", "+55 11 9****-0000")
    assert "maria@exemplo.com.br" not in text and "99999" not in text
    record = export_audits().get()
    assert record.context["personalData"] is False and record.context["rows"] == 1
    # The search term (an e-mail) is kept as a hash, never as typed.
    assert record.context["filters"].startswith("q=sha256%3A")
    assert "maria" not in json.dumps(record.context)


def test_an_lgpd_officer_exports_the_personal_columns(client):
    lead = LeadFactory(email="joao@exemplo.com.br")
    client.force_login(StaffUserFactory(groups=["Encarregado LGPD"]))

    rows = list(
        csv.DictReader(io.StringIO(body(client.get(export_url(Lead, "csv", f"q={lead.pk}")))))
    )

    assert [row["email"] for row in rows] == ["joao@exemplo.com.br"]


def test_staff_who_cannot_see_the_list_cannot_export_it(client):
    client.force_login(StaffUserFactory(groups=["Aprovadores"]))

    assert client.get(export_url(Lead, "csv")).status_code == 403
    assert not export_audits().exists()


def test_lists_without_an_export_and_unknown_formats_are_not_found(admin_client):
    assert (
        admin_client.get(
            reverse("helpdesk:export", args=["platform_app", "tenant", "csv"])
        ).status_code
        == 404
    )
    assert admin_client.get(export_url(Lead, "xlsx")).status_code == 404


def test_an_export_the_client_stops_reading_is_audited_as_partial(admin_client):
    tenant = TenantFactory()
    _bulk_audit_rows(tenant.pk, 5_000)
    response = admin_client.get(export_url(AuditLog, "csv", f"tenant={tenant.pk}"))

    chunks = iter(response.streaming_content)
    next(chunks)
    next(chunks)
    # The client goes away: the server closes the stream. (The test client's wrapper of
    # the stream closes the response the way the test client does, keeping the test's
    # transaction and connection open.)
    response._iterator.close()

    record = export_audits().get()
    assert record.result == "partial"
    assert 0 < record.context["rows"] < 5_000
    assert record.error_message == "Exportação interrompida antes do fim."


def _bulk_audit_rows(tenant_id: uuid.UUID, count: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO alquimista_platform.audit_logs"
            " (trace_id, tenant_id, action_type, result, context, created_at)"
            " SELECT gen_random_uuid(), %s, 'lead.update', 'success',"
            " jsonb_build_object('campos', jsonb_build_array('status', 'priority_score')),"
            " timestamp '2026-11-01' + n * interval '1 second'"
            " FROM generate_series(1, %s) AS n",
            [tenant_id, count],
        )


def rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="reads Linux's /proc")
def test_an_export_of_200_000_rows_streams_with_flat_memory(admin_client):
    # given 200,000 rows (about 40 MB of CSV)
    tenant = TenantFactory()
    _bulk_audit_rows(tenant.pk, 200_000)
    response = admin_client.get(export_url(AuditLog, "csv", f"tenant={tenant.pk}"))

    # when the stream is read chunk by chunk, the resident memory sampled as it goes
    chunks = iter(response.streaming_content)
    sent = len(next(chunks))
    baseline = peak = rss_bytes()
    lines = 0
    for index, chunk in enumerate(chunks):
        sent += len(chunk)
        lines += chunk.count(b"\n")
        if index % 20 == 0:
            peak = max(peak, rss_bytes())
    peak = max(peak, rss_bytes())

    # then every row went out, and memory grew by a small fraction of what was sent
    assert export_audits().get().context["rows"] == 200_000
    assert sent > 30_000_000
    growth = peak - baseline
    assert growth < 15_000_000, f"RSS grew {growth / 1e6:.1f} MB while {sent / 1e6:.1f} MB streamed"
