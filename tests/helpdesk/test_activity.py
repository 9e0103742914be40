"""A lead's and a tenant's merged history, newest first, keyset-paginated."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from helpdesk.selectors.activity import Cursor, lead_activity, tenant_activity
from nigredo.models import Agendamento
from platform_app.models import ApprovalRequest
from tests.factories import LeadFactory, PlatformUserFactory, StaffUserFactory, TenantFactory
from tests.helpdesk.builders import audit, event, interacao, span

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


def meeting(lead, at):
    return Agendamento.objects.create(
        lead=lead, tenant_id=lead.tenant_id, data_hora=at + timedelta(days=2), created_at=at
    )


def approval(tenant, at, resource_id=None):
    return ApprovalRequest.objects.create(
        id=f"approval-{uuid.uuid4()}",
        tenant=tenant,
        requested_by=PlatformUserFactory(tenant=tenant),
        action_type="lead.delete",
        resource_type="lead",
        resource_id=resource_id,
        action_details={},
        approvers=[],
        expires_at=at + timedelta(days=1),
        created_at=at,
    )


@pytest.fixture
def lead_story():
    tenant = TenantFactory()
    lead = LeadFactory(tenant=tenant)
    intake = span(T0, name="intake", lead=lead, tenant=tenant)
    rows = {
        "span": intake,
        "audit_named": audit(T0 + timedelta(minutes=1), context={"leadId": str(lead.pk)}),
        "audit_traced": audit(T0 + timedelta(minutes=2), trace_id=intake.trace_id),
        "interacao": interacao(T0 + timedelta(minutes=3), lead=lead),
        "meeting": meeting(lead, T0 + timedelta(minutes=4)),
        "event_named": event(T0 + timedelta(minutes=5), lead=lead),
        "event_traced": event(T0 + timedelta(minutes=6), trace_id=intake.trace_id),
        "approval": approval(tenant, T0 + timedelta(minutes=7), resource_id=str(lead.pk)),
    }
    # Someone else's rows, never in this lead's history.
    other = LeadFactory(tenant=tenant)
    audit(T0 + timedelta(minutes=8), context={"leadId": str(other.pk)})
    event(T0 + timedelta(minutes=8), lead=other)
    interacao(T0 + timedelta(minutes=8), lead=other)
    approval(tenant, T0 + timedelta(minutes=8), resource_id=str(other.pk))
    return lead, rows


def walk(fetch, limit):
    """Every entry, page after page, following the cursors."""
    entries, cursor, pages = [], None, 0
    while True:
        page = fetch(cursor=cursor, limit=limit)
        entries += page.entries
        pages += 1
        if page.next_cursor is None:
            return entries, pages
        cursor = Cursor.decode(page.next_cursor)


def test_a_leads_history_merges_what_touched_it_newest_first(lead_story):
    lead, rows = lead_story

    page = lead_activity(lead)

    assert [entry.record.pk for entry in page.entries] == [
        rows[name].pk
        for name in (
            "approval",
            "event_traced",
            "event_named",
            "meeting",
            "interacao",
            "audit_traced",
            "audit_named",
            "span",
        )
    ]
    assert page.next_cursor is None


def test_pages_follow_each_other_without_gaps_or_repeats_even_on_ties():
    tenant = TenantFactory()
    lead = LeadFactory(tenant=tenant)
    expected = set()
    for minute in range(4):
        at = T0 + timedelta(minutes=minute)
        for _ in range(3):  # same instant, same table and across tables
            expected.add(audit(at, context={"leadId": str(lead.pk)}).pk)
            expected.add(event(at, lead=lead).pk)
            expected.add(interacao(at, lead=lead).pk)

    entries, pages = walk(lambda **kw: lead_activity(lead, **kw), limit=5)

    keys = [entry.record.pk for entry in entries]
    assert len(keys) == len(set(keys)) == len(expected) == 36
    assert set(keys) == expected
    assert pages == 8
    assert [e.at for e in entries] == sorted((e.at for e in entries), reverse=True)


def test_a_tenants_history(lead_story):
    lead, rows = lead_story
    tenant = lead.tenant
    tenant_audit = audit(T0 + timedelta(minutes=9), tenant=tenant, action="tenant.suspended")
    tenant_event = event(T0 + timedelta(minutes=10), tenant=tenant)
    audit(T0 + timedelta(minutes=10), tenant=TenantFactory())

    entries, _ = walk(lambda **kw: tenant_activity(tenant, **kw), limit=3)

    kinds = {(entry.kind, entry.record.pk) for entry in entries}
    assert ("audit", tenant_audit.pk) in kinds and ("event", tenant_event.pk) in kinds
    assert ("trace", rows["span"].pk) in kinds and ("agendamento", rows["meeting"].pk) in kinds
    assert ("approval", rows["approval"].pk) in kinds and ("lead", lead.pk) in kinds
    assert [e.at for e in entries] == sorted((e.at for e in entries), reverse=True)


def test_a_cursor_this_page_did_not_make_is_refused():
    with pytest.raises(ValueError):
        Cursor.decode("bm90LWEtY3Vyc29y")


def test_the_lead_page_shows_its_history_and_pages_in_place(client, lead_story):
    lead, rows = lead_story
    client.force_login(StaffUserFactory(groups=["Suporte"]))
    url = reverse("admin:nigredo_lead_change", args=[lead.pk])

    first = client.get(url)
    cursor = Cursor(rows["meeting"].created_at, 2, str(rows["meeting"].pk)).encode()
    older = client.get(url, {"atividade": cursor})
    full = client.get(reverse("helpdesk:lead_activity", args=[lead.pk]))

    assert first.status_code == older.status_code == full.status_code == 200
    assert 'id="atividade"' in first.text
    assert [e.record.pk for e, _ in older.context["entries"]] == [
        rows[name].pk for name in ("interacao", "audit_traced", "audit_named", "span")
    ]
    assert reverse("helpdesk:trace_timeline", args=[rows["span"].trace_id]) in full.text


def test_the_tenant_page_shows_its_history(client, lead_story):
    lead, _ = lead_story
    client.force_login(StaffUserFactory(groups=["Suporte"]))

    page = client.get(reverse("admin:platform_app_tenant_change", args=[lead.tenant_id]))

    assert page.status_code == 200 and 'id="atividade"' in page.text
    assert "lead criado" in page.text
