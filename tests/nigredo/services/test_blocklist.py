"""Blocklist entries added and removed by staff: normalised, no duplicates, audited."""

import pytest

from core.exceptions import ApplicationError, Conflict
from nigredo.models import BlocklistEntry
from nigredo.services import blocklist_entry_add, blocklist_entry_remove
from platform_app.models import AuditLog
from tests.factories import LeadFactory

pytestmark = pytest.mark.django_db


def test_an_entry_is_added_normalised_and_audited_without_the_contact(staff_actor):
    lead = LeadFactory()

    entry = blocklist_entry_add(
        acting_user=staff_actor,
        email=" Nao.Contatar@Exemplo.COM ",
        telefone="(11) 98765-4321",
        reason="Pedido do titular",
        lead_id=lead.pk,
    )

    assert (entry.email, entry.telefone, entry.lead_id) == (
        "nao.contatar@exemplo.com",
        "+5511987654321",
        lead.pk,
    )
    row = AuditLog.objects.get(action_type="blocklist.added")
    assert row.context == {
        "blocklistId": str(entry.pk),
        "leadId": str(lead.pk),
        "hasEmail": True,
        "hasPhone": True,
        "staff": "suporte",
    }


def test_a_contact_already_blocked_in_any_spelling_is_refused(staff_actor):
    blocklist_entry_add(acting_user=staff_actor, telefone="+5511987654321", reason="x")

    with pytest.raises(Conflict) as refused:
        blocklist_entry_add(acting_user=staff_actor, telefone="011 98765 4321", reason="y")

    assert refused.value.message == "Esse contato já está na blocklist."
    assert BlocklistEntry.objects.count() == 1
    # A new e-mail with a known phone adds the e-mail only.
    entry = blocklist_entry_add(
        acting_user=staff_actor, email="a@b.com", telefone="11987654321", reason="z"
    )
    assert (entry.email, entry.telefone) == ("a@b.com", None)


@pytest.mark.parametrize(
    ("arguments", "code"),
    [
        ({"reason": "x"}, "contact_required"),
        ({"email": "a@b.com", "reason": " "}, "reason_required"),
        ({"email": "sem-arroba", "reason": "x"}, "invalid_email"),
        ({"telefone": "123", "reason": "x"}, "invalid_phone"),
        ({"email": "user@[127.0.0.1]", "reason": "x"}, "invalid_email"),
        ({"email": "a@b.com", "telefone": "call me", "reason": "x"}, "invalid_phone"),
    ],
)
def test_invalid_entries_are_refused(staff_actor, arguments, code):
    with pytest.raises(ApplicationError) as refused:
        blocklist_entry_add(acting_user=staff_actor, **arguments)

    assert refused.value.code == code
    assert not BlocklistEntry.objects.exists() and not AuditLog.objects.exists()


def test_removal_requires_a_reason_and_is_audited(staff_actor):
    entry = blocklist_entry_add(acting_user=staff_actor, email="a@b.com", reason="x")

    with pytest.raises(ApplicationError) as refused:
        blocklist_entry_remove(acting_user=staff_actor, entry_id=entry.pk, reason="  ")
    assert refused.value.message == "Informe o motivo da remoção da blocklist."
    assert BlocklistEntry.objects.filter(pk=entry.pk).exists()

    blocklist_entry_remove(
        acting_user=staff_actor, entry_id=entry.pk, reason="Titular voltou a consentir"
    )

    assert not BlocklistEntry.objects.filter(pk=entry.pk).exists()
    row = AuditLog.objects.get(action_type="blocklist.removed")
    assert row.context == {
        "blocklistId": str(entry.pk),
        "leadId": None,
        "erasedContact": False,
        "reason": "Titular voltou a consentir",
        "staff": "suporte",
    }
