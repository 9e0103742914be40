"""The trace timeline: one trace across audit logs, events, spans and interactions."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from helpdesk.selectors.timeline import around_moment, trace_timeline
from tests.factories import LeadFactory, StaffUserFactory, TenantFactory
from tests.helpdesk.builders import audit, event, interacao, span

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


@pytest.fixture
def story():
    """A three-level span tree; an audit row, an event and an interaction on its spans."""
    tenant = TenantFactory()
    lead = LeadFactory(tenant=tenant)
    root = span(T0, name="intake", seconds=10, tenant=tenant, lead=lead)
    child = span(T0 + timedelta(seconds=1), parent=root, name="agente", seconds=4, lead=lead)
    grandchild = span(T0 + timedelta(seconds=2), parent=child, name="envio", seconds=1, lead=lead)
    log = audit(T0 + timedelta(seconds=3), trace_id=child.trace_id, tenant=tenant)
    published = event(T0 + timedelta(seconds=4), trace_id=grandchild.trace_id, tenant=tenant)
    message = interacao(T0 + timedelta(seconds=5), lead=lead, trace_id=grandchild.trace_id)
    return {
        "tenant": tenant,
        "lead": lead,
        "root": root,
        "child": child,
        "grandchild": grandchild,
        "audit": log,
        "event": published,
        "interacao": message,
    }


def test_a_timeline_joins_the_four_tables_oldest_first(story):
    timeline = trace_timeline(story["child"].trace_id)

    assert [(row.kind, row.record.pk) for row in timeline.rows] == [
        ("trace", story["root"].pk),
        ("trace", story["child"].pk),
        ("trace", story["grandchild"].pk),
        ("audit", story["audit"].pk),
        ("event", story["event"].pk),
        ("interacao", story["interacao"].pk),
    ]
    assert timeline.kinds == {"audit", "event", "trace", "interacao"}
    assert (timeline.tenant_id, timeline.lead_id) == (story["tenant"].pk, story["lead"].pk)


def test_the_span_tree_is_three_levels_deep_with_durations_on_one_axis(story):
    spans = trace_timeline(story["grandchild"].trace_id).spans

    assert [(s.trace.span_name, s.depth) for s in spans] == [
        ("intake", 0),
        ("agente", 1),
        ("envio", 2),
    ]
    assert [s.trace.duration_ms for s in spans] == [10_000, 4_000, 1_000]  # the trigger's
    assert [(s.offset_pct, s.width_pct) for s in spans] == [(0, 100), (10, 40), (20, 10)]
    assert spans[0].children == [spans[1]] and spans[1].children == [spans[2]]


def test_a_trace_id_no_table_knows_gives_an_empty_timeline():
    timeline = trace_timeline(uuid.uuid4())

    assert (timeline.rows, timeline.spans, timeline.started_at) == ([], [], None)


def test_a_parent_cycle_does_not_loop(story):
    from fibonacci.models import Trace

    Trace.objects.filter(pk=story["root"].pk).update(parent_trace_id=story["grandchild"].trace_id)

    spans = trace_timeline(story["child"].trace_id).spans

    assert {s.trace.span_name for s in spans} == {"intake", "agente", "envio"}


def test_around_this_moment_takes_the_same_tenants_rows_in_the_window(story):
    tenant = story["tenant"]
    other = TenantFactory()
    near = audit(T0 + timedelta(minutes=4), tenant=tenant, action="agent.activated")
    audit(T0 + timedelta(minutes=9), tenant=tenant)  # outside ±5 min
    audit(T0 + timedelta(minutes=1), tenant=other)  # another tenant
    near_event = event(T0 - timedelta(minutes=2), tenant=tenant)

    rows = around_moment(at=T0, minutes=5, tenant_id=tenant.pk)

    records = {(row.kind, row.record.pk) for row in rows}
    assert ("audit", near.pk) in records and ("event", near_event.pk) in records
    assert ("trace", story["root"].pk) in records  # the tenant's own span
    assert ("interacao", story["interacao"].pk) in records  # through the lead's tenant
    assert len([kind for kind, _ in records if kind == "audit"]) == 2  # story's + near
    assert [row.at for row in rows] == sorted(row.at for row in rows)


def test_around_this_moment_for_a_lead(story):
    lead = story["lead"]
    named = audit(T0 + timedelta(minutes=2), context={"leadId": str(lead.pk)})
    spelled = audit(T0 + timedelta(minutes=3), context={"lead_id": str(lead.pk)})
    audit(T0 + timedelta(minutes=3), context={"leadId": str(uuid.uuid4())})
    lead_event = event(T0 + timedelta(minutes=1), lead=lead)

    rows = around_moment(at=T0, minutes=5, lead_id=lead.pk)

    kinds = {(row.kind, row.record.pk) for row in rows}
    assert {("audit", named.pk), ("audit", spelled.pk), ("event", lead_event.pk)} <= kinds
    assert len([kind for kind, _ in kinds if kind == "audit"]) == 2
    assert len([kind for kind, _ in kinds if kind == "trace"]) == 3


def test_the_page_for_a_suporte_member_links_every_row_and_the_moment(client, story):
    client.force_login(StaffUserFactory(groups=["Suporte"]))
    url = reverse("helpdesk:trace_timeline", args=[story["child"].trace_id])

    page = client.get(url)
    around = client.get(url, {"em_volta": "tenant", "minutos": 15})

    assert page.status_code == 200
    for name in ("audit", "event", "interacao", "root"):
        record = story[name]
        opts = record._meta
        assert reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk]) in (
            page.text
        )
    assert "?em_volta=tenant&amp;minutos=5" in page.text
    assert "?em_volta=lead&amp;minutos=5" in page.text
    assert around.status_code == 200
    assert around.context["around_rows"] is not None and around.context["minutes"] == 15


def test_staff_without_any_of_the_tables_is_refused(client, story):
    client.force_login(StaffUserFactory(groups=["Aprovadores"]))

    response = client.get(reverse("helpdesk:trace_timeline", args=[story["child"].trace_id]))

    assert response.status_code == 403


def test_every_trace_id_in_the_admin_links_to_its_timeline(admin_client, story):
    timeline = reverse("helpdesk:trace_timeline", args=[story["audit"].trace_id])
    child_timeline = reverse("helpdesk:trace_timeline", args=[story["root"].trace_id])

    audit_list = admin_client.get(reverse("admin:platform_app_auditlog_changelist"))
    audit_page = admin_client.get(
        reverse("admin:platform_app_auditlog_change", args=[story["audit"].pk])
    )
    span_page = admin_client.get(reverse("admin:fibonacci_trace_change", args=[story["child"].pk]))

    assert f'href="{timeline}"' in audit_list.text
    assert f'href="{timeline}"' in audit_page.text
    assert f'href="{child_timeline}"' in span_page.text  # parent_trace_id too
