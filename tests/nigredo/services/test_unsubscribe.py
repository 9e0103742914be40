"""Unsubscribe (descadastro): production's strings and shape, idempotent, also concurrently."""

import threading
import uuid
from datetime import timedelta

import pytest
from django.db import close_old_connections, connection
from django.utils import timezone

from core.exceptions import Conflict
from nigredo.contacts import contact_is_blocked
from nigredo.models import Agendamento, BlocklistEntry, Lead
from nigredo.services import lead_unsubscribe
from platform_app.actors import Actor
from platform_app.models import AuditLog, Tenant
from tests.factories import LeadFactory, TenantFactory


def meeting(lead, *, days, status=Agendamento.Status.PROPOSTO):
    return Agendamento.objects.create(
        lead=lead,
        tenant_id=lead.tenant_id,
        data_hora=timezone.now() + timedelta(days=days),
        status=status,
    )


def statuses(lead):
    return sorted(Agendamento.objects.filter(lead=lead).values_list("status", flat=True))


@pytest.mark.django_db
def test_unsubscribe_does_what_production_meant_with_its_strings(staff_actor):
    lead = LeadFactory(
        email="Joana@Exemplo.COM", telefone="(11) 98765-4321", phone="+5521999887766"
    )
    future = meeting(lead, days=2, status=Agendamento.Status.CONFIRMADO)
    done_future = meeting(lead, days=3, status=Agendamento.Status.REALIZADO)
    past = meeting(lead, days=-2)

    outcome = lead_unsubscribe(acting_user=staff_actor, lead_id=lead.pk)

    lead.refresh_from_db()
    assert lead.status == "descadastrado"
    recorded = lead.metadata["descadastro"]
    assert set(recorded) == {"date", "reason", "trace_id"}
    assert recorded["reason"] == "Solicitação do lead"
    assert outcome.as_production_answer() == {
        "success": True,
        "message": "Descadastro realizado com sucesso. Seus dados foram removidos conforme LGPD.",
        "leadId": str(lead.pk),
        "actionsPerformed": [
            "Status do lead alterado para descadastrado",
            "1 agendamento(s) futuro(s) cancelado(s)",
            "Contato adicionado à blocklist (2 entrada(s))",
        ],
        "traceId": recorded["trace_id"],
    }
    assert Agendamento.objects.get(pk=future.pk).status == "cancelado"
    assert Agendamento.objects.get(pk=done_future.pk).status == "realizado"
    assert Agendamento.objects.get(pk=past.pk).status == "proposto"
    entries = sorted(
        BlocklistEntry.objects.filter(lead=lead).values_list("email", "telefone", "reason"),
        key=str,
    )
    assert entries == [
        ("joana@exemplo.com", "+5511987654321", "Solicitação do lead"),
        (None, "+5521999887766", "Solicitação do lead"),
    ]
    (row,) = AuditLog.objects.filter(action_type="descadastro")
    assert (row.agent_id, row.user_id, row.tenant_id, str(row.trace_id)) == (
        None,
        None,
        lead.tenant_id,
        recorded["trace_id"],
    )
    assert row.context["leadId"] == str(lead.pk) and row.context["meetingsCancelled"] == 1
    assert contact_is_blocked(phone="11987654321")


@pytest.mark.django_db
def test_repeating_it_changes_nothing_more(staff_actor):
    lead = LeadFactory(telefone="+5511987654321", email="joana@exemplo.com")
    meeting(lead, days=2)
    first = lead_unsubscribe(acting_user=staff_actor, lead_id=lead.pk, reason="Pediu por e-mail")
    snapshot = Lead.objects.filter(pk=lead.pk).values("status", "metadata", "updated_at").get()

    again = lead_unsubscribe(acting_user=staff_actor, lead_id=lead.pk, reason="Outro motivo")

    assert again.actions_performed == [] and again.trace_id == first.trace_id
    assert Lead.objects.filter(pk=lead.pk).values("status", "metadata", "updated_at").get() == (
        snapshot
    )
    assert BlocklistEntry.objects.count() == 1
    assert AuditLog.objects.filter(action_type="descadastro").count() == 1


@pytest.mark.django_db
def test_a_contact_already_blocked_in_another_spelling_is_not_added_again(staff_actor):
    BlocklistEntry.objects.create(telefone="011 98765-4321", reason="manual")
    lead = LeadFactory(telefone="+5511987654321", email="joana@exemplo.com")

    outcome = lead_unsubscribe(acting_user=staff_actor, lead_id=lead.pk)

    assert outcome.blocklist_entries == 1
    assert list(BlocklistEntry.objects.filter(lead=lead).values_list("email", "telefone")) == [
        ("joana@exemplo.com", None)
    ]


@pytest.mark.django_db
def test_an_anonymized_lead_is_refused(staff_actor):
    lead = LeadFactory(status=Lead.Status.ANONIMIZADO)

    with pytest.raises(Conflict) as refused:
        lead_unsubscribe(acting_user=staff_actor, lead_id=lead.pk)

    assert refused.value.code == "lead_anonymized"
    assert not BlocklistEntry.objects.exists()


ROUNDS = 8
THREADS = 4


def unsubscribe(
    actor: Actor, lead_id: uuid.UUID, barrier: threading.Barrier, errors: list[BaseException]
) -> None:
    """One caller on its own connection, released with the others."""
    try:
        barrier.wait()
        lead_unsubscribe(acting_user=actor, lead_id=lead_id)
    except BaseException as exc:
        errors.append(exc)
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_concurrent_unsubscribes_of_one_person_add_each_contact_once():
    """Four real connections at once, eight rounds: the lead twice and a second lead of
    the same person (same phone in another spelling) twice."""
    tenant = TenantFactory()
    actor = Actor(staff_username="suporte")
    try:
        for round_number in range(ROUNDS):
            phone_digits = f"119{round_number:08d}"
            first = LeadFactory(tenant=tenant, email=f"p{round_number}@x.com", telefone=None)
            first.telefone = f"+55{phone_digits}"
            first.save()
            second = LeadFactory(
                tenant=tenant, email=None, telefone=f"({phone_digits[:2]}) {phone_digits[2:]}"
            )
            barrier = threading.Barrier(THREADS)
            errors: list[BaseException] = []
            threads = [
                threading.Thread(target=unsubscribe, args=(actor, lead_id, barrier, errors))
                for lead_id in (first.pk, first.pk, second.pk, second.pk)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()

            assert errors == []
            phones = BlocklistEntry.objects.filter(telefone=f"+55{phone_digits}").count()
            emails = BlocklistEntry.objects.filter(email=f"p{round_number}@x.com").count()
            assert (phones, emails) == (1, 1), round_number
            assert (
                AuditLog.objects.filter(
                    action_type="descadastro", context__leadId=str(first.pk)
                ).count()
                == 1
            )
            assert (
                AuditLog.objects.filter(
                    action_type="descadastro", context__leadId=str(second.pk)
                ).count()
                == 1
            )
    finally:
        close_old_connections()
        leads = Lead.objects.filter(tenant_id=tenant.pk)
        AuditLog.objects.filter(tenant_id=tenant.pk).delete()
        BlocklistEntry.objects.filter(lead__in=leads).delete()
        leads.delete()
        Tenant.objects.filter(pk=tenant.pk).delete()
