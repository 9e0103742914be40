"""The data subject's report: every table that holds the person, audited without the data."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.exceptions import ApplicationError
from nigredo.services import subject_report_generate
from platform_app.actors import Actor
from platform_app.models import AuditLog
from tests.factories import PlatformUserFactory
from tests.nigredo.builders import EMAIL, PHONE

pytestmark = pytest.mark.django_db

EVERY_SECTION = {
    "leads": 2,
    "interactions": 2,
    "meetings": 3,
    "formSubmissions": 1,
    "webhookLogs": 1,
    "blocklist": 1,
    "auditLogs": 2,
    "approvalRequests": 0,
    "events": 1,
    "spans": 1,
    "rateLimits": 1,
    "platformUsers": 0,
    "commercialRequests": 1,
}


def test_the_report_by_email_holds_rows_from_every_table_that_holds_them(person, staff_actor):
    report = subject_report_generate(acting_user=staff_actor, email=" JOANA.Prado@exemplo.com.br")

    assert report.counts == EVERY_SECTION
    assert {lead.pk for lead in report.section("leads").rows} == {
        person.lead.pk,
        person.other_lead.pk,
    }
    data = json.loads(json.dumps(report.as_json()))
    lead = next(row for row in data["leads"] if row["id"] == str(person.lead.pk))
    assert (lead["consentGiven"], lead["consentSource"], lead["email"]) == (
        True,
        "formulario_site",
        "Joana.Prado@Exemplo.com.br",
    )
    assert data["lookup"] == "email" and data["truncated"] == []
    row = AuditLog.objects.get(action_type="lgpd.subject_report")
    assert row.context == {
        "lookup": "email",
        "format": "html",
        "rows": EVERY_SECTION,
        "staff": "suporte",
    }
    assert EMAIL not in json.dumps(row.context).lower()


def test_the_report_by_phone_and_by_cnpj(person, staff_actor):
    by_phone = subject_report_generate(acting_user=staff_actor, phone="(11) 98765-4321")
    by_cnpj = subject_report_generate(acting_user=staff_actor, cnpj="11222333000181")

    assert by_phone.counts["leads"] == 2 and by_phone.counts["blocklist"] == 1
    assert by_phone.counts["commercialRequests"] == 1
    assert [lead.pk for lead in by_cnpj.section("leads").rows] == [person.lead.pk]


def test_a_customer_tenant_user_sees_its_own_tenant_only(person):
    user = PlatformUserFactory(tenant=person.lead.tenant)

    report = subject_report_generate(
        acting_user=Actor(platform_user_id=user.pk, tenant_id=user.tenant_id), phone=PHONE
    )

    assert [lead.pk for lead in report.section("leads").rows] == [person.lead.pk]
    assert "platformUsers" not in report.counts
    assert AuditLog.objects.get(action_type="lgpd.subject_report").tenant_id == user.tenant_id


@pytest.mark.parametrize(
    "arguments",
    [{}, {"email": "a@b.com", "phone": "11987654321"}, {"email": "sem-arroba"}, {"phone": "12"}],
)
def test_one_valid_identifier_is_required(staff_actor, arguments):
    with pytest.raises(ApplicationError):
        subject_report_generate(acting_user=staff_actor, **arguments)

    assert not AuditLog.objects.exists()


def test_every_lookup_reads_an_index(person, staff_actor):
    """No sequential scan: each statement of the report, explained with seqscans off
    costing what an index read costs (a Seq Scan left in a plan means no index fits)."""
    with CaptureQueriesContext(connection) as queries:
        subject_report_generate(acting_user=staff_actor, email=EMAIL)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for query in queries.captured_queries:
            sql = query["sql"]
            if not sql.startswith("SELECT") or "set_config" in sql or "unnest" in sql:
                continue
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "Seq Scan" not in plan, sql + "\n" + plan
