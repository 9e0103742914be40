"""Contacts normalised and hashed the same way in Python and in SQL (migration 015), and
`nigredo_leads.is_blocked` recognising plain and erased entries in any spelling."""

import hashlib
import hmac

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import override_settings

from nigredo.contacts import (
    Identifiers,
    contact_hashes,
    contact_is_blocked,
    normalize_email,
    normalize_phone,
)
from nigredo.models import BlocklistEntry

pytestmark = pytest.mark.django_db

PHONES = {
    "(11) 98765-4321": "+5511987654321",
    "11 98765 4321": "+5511987654321",
    "011 98765-4321": "+5511987654321",
    "+55 11 98765-4321": "+5511987654321",
    "5511987654321": "+5511987654321",
    "0055 11 987654321": "+5511987654321",
    " +55 (11) 3333-4444 ": "+551133334444",
    "1133334444": "+551133334444",
    "+1 415 555 1234": "+14155551234",
    "55 99999 8888": "+5555999998888",  # DDD 55 (Santa Maria), national
    "98765432": "+98765432",
    "": None,
    "sem telefone": None,
}
EMAILS = {
    " Joana.Prado@Exemplo.COM.br\t": "joana.prado@exemplo.com.br",
    "a@b.co": "a@b.co",
    "   ": None,
}


def sql(query: str, params: list) -> object:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchone()[0]


@pytest.mark.parametrize(("spelling", "expected"), PHONES.items())
def test_phones_normalise_alike_in_python_and_sql(spelling, expected):
    assert normalize_phone(spelling) == expected
    assert sql("SELECT nigredo_leads.normalize_phone(%s)", [spelling]) == expected


@pytest.mark.parametrize(("spelling", "expected"), EMAILS.items())
def test_emails_normalise_alike_in_python_and_sql(spelling, expected):
    assert normalize_email(spelling) == expected
    assert sql("SELECT nigredo_leads.normalize_email(%s)", [spelling]) == expected


@pytest.mark.parametrize("key", ["k", "a-longer-secret-key-" * 5])
def test_the_sql_hmac_is_rfc_2104_hmac_sha256(key):
    message = "+5511987654321"
    expected = hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest()

    with override_settings(LGPD_BLOCKLIST_KEY=key):
        assert contact_hashes([message]) == {message: expected}


def test_the_hash_functions_refuse_to_run_without_the_key():
    missing = r"lgpd\.blocklist_key is not set"
    with pytest.raises(DatabaseError, match=missing), transaction.atomic():
        sql("SELECT nigredo_leads.contact_hash(%s)", ["+5511987654321"])
    with pytest.raises(DatabaseError, match=missing), transaction.atomic():
        sql("SELECT nigredo_leads.is_blocked(%s, %s)", ["x@y.com", None])


def erased_entry(email=None, phone=None):
    hashes = contact_hashes([value for value in (email, phone) if value])
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO nigredo_leads.blocklist (email_hash, telefone_hash, reason)"
            " VALUES (%s, %s, 'esquecido')",
            [hashes.get(email), hashes.get(phone)],
        )


def test_is_blocked_recognises_plain_and_erased_entries_in_any_spelling():
    BlocklistEntry.objects.create(email=" Plain@Exemplo.com ", telefone="(41) 3222-1111")
    erased_entry(email="erased@exemplo.com", phone="+5511987654321")

    for email, phone in [
        ("plain@exemplo.com", None),
        ("PLAIN@EXEMPLO.COM", None),
        (None, "+55 41 3222-1111"),
        (None, "04132221111"),
        (" Erased@Exemplo.com", None),
        (None, "(11) 98765-4321"),
        (None, "5511987654321"),
        ("outro@exemplo.com", "11 98765 4321"),
    ]:
        assert contact_is_blocked(email=email, phone=phone), (email, phone)
    for email, phone in [
        ("outro@exemplo.com", None),
        (None, "(11) 98765-4320"),
        (None, None),
        ("", ""),
    ]:
        assert not contact_is_blocked(email=email, phone=phone), (email, phone)


def test_a_different_key_does_not_recognise_erased_entries():
    erased_entry(email="erased@exemplo.com")

    with override_settings(LGPD_BLOCKLIST_KEY="another-key"):
        assert not contact_is_blocked(email="erased@exemplo.com")


def test_the_lookups_use_the_expression_indexes():
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT 1 FROM nigredo_leads.leads WHERE email IS NOT NULL"
            " AND nigredo_leads.normalize_email(email) = 'x@y.com'"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "idx_leads_email_normalized" in plan


def test_identifiers_are_found_in_text_and_json_in_any_spelling():
    person = Identifiers()
    person.add_email("Joana@Exemplo.com")
    person.add_phone("+5511987654321")
    person.add_text("Joana Prado")

    for text in [
        "escreva para JOANA@exemplo.com",
        "ligue 11 98765-4321",
        "+55 (11) 98765.4321",
        "https://x.com/?e=joana%40exemplo.com",
        "a Joana prado pediu",
    ]:
        assert person.found_in(text), text
    assert not person.found_in("ligue 11 98765-4320, fale com a Joana")
    assert person.redact_json(
        {"lead": {"tel": 5511987654321, "ok": True, "n": 3}, "joana@exemplo.com": "x"}
    ) == {"lead": {"tel": "ANONIMIZADO", "ok": True, "n": 3}, "ANONIMIZADO-1": "x"}
