"""A person's contacts as the platform compares them: normalised, hashed, found in text.

Normalisation is the platform import's (SQL migration 015 holds the same rules as
`nigredo_leads.normalize_email` / `normalize_phone`, tested equal): e-mails trimmed and
lower-cased; phones `+` and their digits, +55 added to a Brazilian national number.

Erased contacts stay in the blocklist as keyed hashes (HMAC-SHA256 of the normalised
value). The key is the secret `settings.LGPD_BLOCKLIST_KEY`; PostgreSQL computes the
hashes (`nigredo_leads.contact_hash`) with the key the transaction sets
(`blocklist_key_enable`), so the back-office and the platform's import, calling
`nigredo_leads.is_blocked(email, telefone)`, can never disagree on them.
"""

import ipaddress
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from core.brazil import cnpj_digits, format_cnpj
from core.exceptions import ApplicationError
from core.validators import validate_email, validate_phone

NON_DIGITS = re.compile(r"[^0-9]")
EMAIL_IN_TEXT = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
BLANKS = " \t\r\n"
PLACEHOLDER = "ANONIMIZADO"


def normalize_email(value: str | None) -> str | None:
    """Trimmed and lower-cased; None when nothing is left."""
    if value is None:
        return None
    return value.strip(BLANKS).lower() or None


def normalize_phone(value: str | None) -> str | None:
    """`+` and the digits, +55 before a Brazilian national number; None without digits."""
    if value is None:
        return None
    digits = NON_DIGITS.sub("", value)
    if not digits:
        return None
    if value.strip(BLANKS).startswith("+"):
        return "+" + digits
    if digits.startswith("00") and len(digits) > 2:
        return "+" + digits[2:]
    if digits.startswith("0") and len(digits) in (11, 12):
        return "+55" + digits[1:]
    if len(digits) in (10, 11):
        return "+55" + digits
    return "+" + digits


def normalize_cnpj(value: str | None) -> str | None:
    """The 14 digits of a CNPJ, or None."""
    digits = cnpj_digits(value or "")
    return digits if len(digits) == 14 else None


def cnpj_spellings(digits: str) -> list[str]:
    """How a CNPJ is stored: formatted (the platform's way) or digits only."""
    return sorted({digits, format_cnpj(digits)})


def normalize_ip(value: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((value or "").strip())) if value else None
    except ValueError:
        return None


def national_digits(phone: str) -> str:
    """The digits a phone shows in any spelling: a Brazilian number without its +55."""
    digits = NON_DIGITS.sub("", phone)
    return digits[2:] if digits.startswith("55") and len(digits) in (12, 13) else digits


# Contacts the blocklist holds -----------------------------------------------------


def blocklist_email(value: str | None) -> str | None:
    """An e-mail as the blocklist stores it, or a refusal when it is not one."""
    email = normalize_email(value)
    if email is not None:
        try:
            validate_email(email)
        except ValidationError:
            raise ApplicationError("invalid_email", "Informe um e-mail válido.") from None
    return email


def blocklist_phone(value: str | None) -> str | None:
    """A phone as the blocklist stores it (`+` and 8 to 15 digits), or a refusal."""
    if value is not None and value.strip(BLANKS):
        try:
            validate_phone(value.strip(BLANKS))
        except ValidationError:
            raise ApplicationError(
                "invalid_phone", "Informe um telefone com DDD (de 8 a 15 dígitos)."
            ) from None
    return normalize_phone(value)


def lead_contacts(lead: Any) -> tuple[list[str], list[str]]:
    """The lead's normalised e-mail and phones (the enrichment's and the form's)."""
    emails = [email] if (email := normalize_email(lead.email)) else []
    phones: list[str] = []
    for value in (lead.telefone, lead.phone):
        try:
            phone = blocklist_phone(value)
        except ApplicationError:
            phone = None  # not a phone the blocklist can hold; nothing to match it with
        if phone and phone not in phones:
            phones.append(phone)
    return emails, phones


# The key ---------------------------------------------------------------------------


def blocklist_key_enable() -> None:
    """Give this transaction the blocklist key (`lgpd.blocklist_key`, local to it): the
    SQL hash functions refuse to run without it. Call inside `transaction.atomic`."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('lgpd.blocklist_key', %s, true)", [settings.LGPD_BLOCKLIST_KEY]
        )


def contact_hashes(values: Iterable[str]) -> dict[str, str]:
    """Normalised contact → its keyed hash (computed by PostgreSQL with the key)."""
    values = sorted(set(values))
    if not values:
        return {}
    with transaction.atomic(), connection.cursor() as cursor:  # the key lives as long
        blocklist_key_enable()
        cursor.execute(
            "SELECT value, nigredo_leads.contact_hash(value) FROM unnest(%s::text[]) AS value",
            [values],
        )
        return dict(cursor.fetchall())


def contact_is_blocked(*, email: str | None = None, phone: str | None = None) -> bool:
    """`nigredo_leads.is_blocked`: plain or erased entries, any spelling."""
    with transaction.atomic(), connection.cursor() as cursor:
        blocklist_key_enable()
        cursor.execute("SELECT nigredo_leads.is_blocked(%s, %s)", [email, phone])
        return bool(cursor.fetchone()[0])


# A person's identifiers, found in free text and JSON ----------------------------------


@dataclass
class Identifiers:
    """What identifies one person in text: normalised e-mails and phones, and other
    strings (names, CNPJs, IPs) matched case-insensitively as substrings."""

    emails: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)
    texts: set[str] = field(default_factory=set)

    def add_email(self, value: str | None) -> None:
        if email := normalize_email(value):
            self.emails.add(email)

    def add_phone(self, value: str | None) -> None:
        if (phone := normalize_phone(value)) and len(national_digits(phone)) >= 8:
            self.phones.add(phone)

    def add_text(self, value: str | None, minimum: int = 4) -> None:
        text = (value or "").strip().lower()
        if len(text) >= minimum:
            self.texts.add(text)

    def add_cnpj(self, value: str | None) -> None:
        if digits := normalize_cnpj(value):
            self.texts.update(spelling.lower() for spelling in cnpj_spellings(digits))

    def __bool__(self) -> bool:
        return bool(self.emails or self.phones or self.texts)

    def found_in(self, text: str) -> bool:
        """Whether `text` holds one of them in any spelling (a phone: its national digits
        among the text's digits, whatever separates them)."""
        lowered = text.lower()
        if "%" in lowered:  # a URL's query string: e-mails arrive as joana%40exemplo.com
            lowered += " " + unquote(lowered)
        if any(email in lowered for email in self.emails):
            return True
        if any(value in lowered for value in self.texts):
            return True
        if self.phones:
            digits = NON_DIGITS.sub("", text)
            return any(national_digits(phone) in digits for phone in self.phones)
        return False

    def redact_text(self, text: str | None, placeholder: str = PLACEHOLDER) -> str | None:
        """The text, or the placeholder when it holds one of the identifiers."""
        if text is None or not self.found_in(text):
            return text
        return placeholder

    def redact_json(self, value: Any, placeholder: str = PLACEHOLDER) -> Any:
        """The JSON value with every string, number or key holding an identifier
        replaced by the placeholder."""
        if isinstance(value, dict):
            redacted = {}
            for index, (key, item) in enumerate(value.items()):
                key = f"{placeholder}-{index}" if self.found_in(str(key)) else key
                redacted[key] = self.redact_json(item, placeholder)
            return redacted
        if isinstance(value, list):
            return [self.redact_json(item, placeholder) for item in value]
        if isinstance(value, str):
            return self.redact_text(value, placeholder)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return placeholder if self.found_in(str(value)) else value
        return value

    def spellings(self) -> Iterator[str]:
        """Strings to look for in indexed exact columns: each contact as normalised."""
        yield from sorted(self.emails)
        yield from sorted(self.phones)


def blocked_contacts(*, emails: Iterable[str] = (), phones: Iterable[str] = ()) -> set[str]:
    """Which of these normalised contacts the blocklist already holds, plain (any
    spelling) or erased (by keyed hash): `is_blocked` per contact, which reads the whole
    blocklist through 015's indexes whatever rows the caller's role may see."""
    emails, phones = sorted(set(emails)), sorted(set(phones))
    if not emails and not phones:
        return set()
    with transaction.atomic(), connection.cursor() as cursor:
        blocklist_key_enable()
        cursor.execute(
            """
            SELECT c.value FROM unnest(%s::text[]) AS c(value)
            WHERE nigredo_leads.is_blocked(c.value, NULL)
            UNION
            SELECT c.value FROM unnest(%s::text[]) AS c(value)
            WHERE nigredo_leads.is_blocked(NULL, c.value)
            """,
            [emails, phones],
        )
        return {row[0] for row in cursor.fetchall()}
