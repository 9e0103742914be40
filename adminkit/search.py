"""Search that only uses indexed columns: exact ids and contacts, names by substring."""

import ipaddress
import re
import uuid
from dataclasses import dataclass

from django.db.models import F, Func, Q, QuerySet, Value
from django.db.models.lookups import Exact

from core.brazil import cnpj_digits

PHONE_CHARACTERS = re.compile(r"^\+?[\d\s().-]+$")
CNPJ_CHARACTERS = re.compile(r"^[\d\s./-]+$")
# pg_trgm reads a pattern as trigrams: a shorter term has none, and its index would be
# read whole, so such terms match the start of a name instead.
TRIGRAM_MIN_LENGTH = 3
# A phone or CNPJ shared by more leads than this is searched by its condition alone.
MAX_IDS = 1000

# What each kind of term is called in the help text, in its order there.
KIND_LABELS = (
    ("email", "e-mail"),
    ("phone", "telefone"),
    ("cnpj", "CNPJ"),
    ("ip", "IP"),
    ("uuid", "id"),
)


class Digits(Func):
    """A column's digits only: `regexp_replace(column, '[^0-9]', '', 'g')`, the
    expression of the CNPJ indexes (migration 014)."""

    function = "regexp_replace"

    def __init__(self, expression, **extra):
        super().__init__(expression, Value("[^0-9]"), Value(""), Value("g"), **extra)


class NormalizedPhone(Func):
    """The platform import's phone normalisation (migration 015), the expression of the
    leads' phone indexes."""

    function = "nigredo_leads.normalize_phone"


@dataclass(frozen=True)
class IndexedSearch:
    """Which columns a search term may touch, by the kind of term typed.

    uuid: exact uuid columns; ip: exact inet columns; email: exact e-mail columns (as
    typed or lower-cased); phone: the normalised phone (any spelling; the column needs an
    index on `nigredo_leads.normalize_phone(column)`); cnpj: the digits (any
    punctuation; an index on `Digits(column)`); exact: text columns matched whole;
    contains: text columns holding the term anywhere, case-insensitively (a trigram
    index on `upper(column)`); prefix: columns matched by their start, case-insensitively
    (an `upper(column) text_pattern_ops` index), also what a term too short for
    trigrams matches in the contains columns. A term matching no kind the model searches
    falls back to the text columns. `names` is what the text columns hold, in plain
    words, for the help text ("nome", "empresa").
    """

    uuid: tuple[str, ...] = ()
    email: tuple[str, ...] = ()
    phone: tuple[str, ...] = ()
    cnpj: tuple[str, ...] = ()
    ip: tuple[str, ...] = ()
    exact: tuple[str, ...] = ()
    contains: tuple[str, ...] = ()
    prefix: tuple[str, ...] = ()
    names: tuple[str, ...] = ()

    @property
    def fields(self) -> tuple[str, ...]:
        fields = self.uuid + self.email + self.phone + self.cnpj + self.ip + self.exact
        return tuple(dict.fromkeys(fields + self.contains + self.prefix))

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
            if kind == "cnpj":
                digits = _or(Q(Exact(Digits(F(column)), values[0])) for column in columns)
                return _ids_first(queryset, digits)
            if kind == "phone":
                normalized = NormalizedPhone(Value(term))
                phones = _or(
                    Q(**{f"{column}__isnull": False})
                    & Q(Exact(NormalizedPhone(F(column)), normalized))
                    for column in columns
                )
                return _ids_first(queryset, phones)
            return _or(Q(**{f"{column}__in": values}) for column in columns)
        return self._text_condition(term)

    def _text_condition(self, term: str) -> Q | None:
        short = len(term) < TRIGRAM_MIN_LENGTH
        text = [Q(**{column: term}) for column in self.exact]
        for column in dict.fromkeys(self.contains + self.prefix):
            if column in self.contains and not short:
                text.append(Q(**{f"{column}__icontains": term}))
            elif column not in self.exact:
                text.append(Q(**{f"{column}__istartswith": term}))
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
        if CNPJ_CHARACTERS.match(term) and len(digits) == 14:
            yield "cnpj", self.cnpj, [digits]
        if PHONE_CHARACTERS.match(term) and 8 <= len(digits) <= 15:
            yield "phone", self.phone, [term]

    def help_text(self) -> str:
        """What can be typed, in plain words: "Busque por nome, empresa, e-mail ou id."."""
        parts = list(self.names)
        parts += [label for kind, label in KIND_LABELS if getattr(self, kind)]
        if not parts:
            return ""
        listed = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} ou {parts[-1]}"
        return f"Busque por {listed}."


def _ids_first(queryset: QuerySet, condition: Q) -> Q:
    """The rows matching an expression index's condition, looked up on their own first.

    PostgreSQL keeps no statistics for the expression of a partial index, so it guesses
    that 0.5% of the table matches and, under the list's ORDER BY … LIMIT, walks the date
    index filtering every row (18 s at 1M leads). Read without an order, the same
    condition is a bitmap scan of its index (3 ms); the list then filters by those ids.
    """
    ids = list(queryset.filter(condition).order_by().values_list("pk", flat=True)[: MAX_IDS + 1])
    return Q(pk__in=ids) if len(ids) <= MAX_IDS else condition


def _or(conditions) -> Q:
    result = Q()
    for condition in conditions:
        result |= condition
    return result
