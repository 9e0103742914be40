"""Search that only uses indexed columns: exact ids and contacts, name prefixes."""

import ipaddress
import re
import uuid
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from core.brazil import cnpj_digits, format_cnpj

PHONE_CHARACTERS = re.compile(r"^\+?[\d\s().-]+$")


@dataclass(frozen=True)
class IndexedSearch:
    """Which columns a search term may touch, by the kind of term typed.

    uuid: exact uuid columns; ip: exact inet columns; email: exact e-mail columns (as
    typed or lower-cased); phone and cnpj: exact match on the usual spellings; exact: text
    columns matched whole; prefix: columns matched by their start, case-insensitively
    (each backed by an upper(column) text_pattern_ops index). A term matching no kind
    the model searches falls back to `exact` and `prefix`.
    """

    uuid: tuple[str, ...] = ()
    email: tuple[str, ...] = ()
    phone: tuple[str, ...] = ()
    cnpj: tuple[str, ...] = ()
    ip: tuple[str, ...] = ()
    exact: tuple[str, ...] = ()
    prefix: tuple[str, ...] = ()

    @property
    def fields(self) -> tuple[str, ...]:
        return self.uuid + self.email + self.phone + self.cnpj + self.ip + self.exact + self.prefix

    def filter(self, queryset: QuerySet, term: str) -> QuerySet:
        condition = self.condition(queryset, term.strip())
        return queryset.filter(condition) if condition is not None else queryset.none()

    def condition(self, queryset: QuerySet, term: str) -> Q | None:
        """The filter for `term`, or None when no column of this model can hold it."""
        for kind, columns, values in self._candidates(term):
            if not columns:
                continue
            if kind == "uuid":
                # A uuid OR-ed over trace_id and tenant_id alike misleads the planner (it
                # expects a tenant's many rows and walks the ordering index over the whole
                # table); one index probe per column keeps only the columns that hold it.
                columns = [c for c in columns if queryset.filter(**{c: values[0]}).exists()]
                if not columns:
                    return Q(pk__in=[])
            return _or(Q(**{f"{column}__in": values}) for column in columns)
        text = [Q(**{column: term}) for column in self.exact]
        text += [Q(**{f"{column}__istartswith": term}) for column in self.prefix]
        return _or(text) if text else None

    def _candidates(self, term: str):
        try:
            yield "uuid", self.uuid, [uuid.UUID(term)]
            return
        except ValueError:
            pass
        try:
            yield "ip", self.ip, [str(ipaddress.ip_address(term))]
            return
        except ValueError:
            pass
        if "@" in term:
            yield "email", self.email, sorted({term, term.lower()})
            return
        digits = cnpj_digits(term)
        if PHONE_CHARACTERS.match(term) and len(digits) == 14:
            yield "cnpj", self.cnpj, sorted({term, digits, format_cnpj(digits)})
        if PHONE_CHARACTERS.match(term) and 8 <= len(digits) <= 15:
            yield "phone", self.phone, sorted(phone_spellings(term, digits))

    def help_text(self) -> str:
        kinds = [
            (self.uuid, "UUID"),
            (self.email, "e-mail exato"),
            (self.phone, "telefone"),
            (self.cnpj, "CNPJ"),
            (self.ip, "IP"),
            (self.exact, "valor exato"),
            (self.prefix, "início do nome"),
        ]
        parts = [f"{label} ({', '.join(columns)})" for columns, label in kinds if columns]
        return "Busca por índice: " + "; ".join(parts) + "."


def phone_spellings(term: str, digits: str) -> set[str]:
    """The ways a phone is stored: as typed, digits only, E.164 with or without +55."""
    spellings = {term, digits, f"+{digits}"}
    if len(digits) in (10, 11):
        spellings |= {f"55{digits}", f"+55{digits}"}
    return spellings


def _or(conditions) -> Q:
    result = Q()
    for condition in conditions:
        result |= condition
    return result
