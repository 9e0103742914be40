"""Masking people's contacts and names for viewers not allowed to see them whole.

`mask()` is the one masking function: the admin's lists and pages, the exports and the
API all go through it. Which columns of which table a viewer sees masked is a policy
the request installs (`viewing`, set by `nigredo.privacy.PersonalDataMiddleware` from
the registry `nigredo.personal_data` and the viewer's roles); with no policy (commands,
services, the platform's own callers) values are whole. Labels built from personal
columns (a platform user's or a lead's `__str__`, so filter choices, foreign-key labels
and autocomplete answers) go through `shown()` too.
"""

import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.db.models import Model

MASK = "***"
M = TypeVar("M", bound=Model)

# (model, row or None) → {column: kind name} of the columns the current viewer sees masked
# (a row may be exempt: the registry's `whole_row`, e.g. the staff's own platform accounts).
Policy = Callable[[type[Model], Model | None], Mapping[str, str]]
_policy: ContextVar[Policy | None] = ContextVar("personal_data_policy", default=None)


def mask_email(value: str) -> str:
    """`joana.prado@dominio.com.br` → `j***@d***.com.br`."""
    local, _, domain = value.partition("@")
    if not domain:
        return f"{value[:1]}{MASK}"
    host, dot, suffix = domain.partition(".")
    return f"{local[:1]}{MASK}@{host[:1]}{MASK}{dot}{suffix}"


def mask_phone(value: str) -> str:
    """`+55 (11) 98765-1234` → `+55 11 9****-1234`: country and area codes, the first
    digit and the last four are kept (enough to tell two numbers apart on a call)."""
    digits = re.sub(r"\D", "", value)
    if len(digits) < 8:
        return MASK
    last, rest = digits[-4:], digits[:-4]
    country = ""
    if len(rest) > 7 and rest.startswith("55"):  # +55 AA 9XXXX: 2 + 2 + 5
        country, rest = "+55 ", rest[2:]
    area = ""
    if len(rest) > 5:
        area, rest = rest[:2] + " ", rest[2:]
    return f"{country}{area}{rest[:1]}{'*' * (len(rest) - 1)}-{last}"


def mask_name(value: str) -> str:
    """`Joana Prado` → `J*** P***`."""
    return " ".join(f"{word[:1]}{MASK}" for word in value.split())


MASKS: dict[str, Callable[[str], str]] = {
    "EMAIL": mask_email,
    "PHONE": mask_phone,
    "NAME": mask_name,
}


def mask(kind: str, value: Any) -> Any:
    """`value` of the registry's `kind` as a viewer without access sees it (None and
    empty values stay as they are; so does a value already masked)."""
    if not isinstance(value, str) or not value or MASK in value:
        return value
    return MASKS[kind](value)


def masked_columns(model: type[Model], obj: Model | None = None) -> Mapping[str, str]:
    """{column: kind} the current viewer sees masked on `model` (on the row `obj`, when
    given); empty: whole."""
    policy = _policy.get()
    return policy(model, obj) if policy is not None else {}


def shown(model: type[Model], column: str, value: Any, obj: Model | None = None) -> Any:
    """`value` of `model.column` (of the row `obj`) as the current viewer may see it."""
    kind = masked_columns(model, obj).get(column)
    return value if kind is None else mask(kind, value)


def mask_instance(obj: M) -> M:
    """Mask, in place, the columns of `obj` the current viewer may not see whole. Only
    for rows that are shown, never saved (lists, a view-only page)."""
    for column, kind in masked_columns(type(obj), obj).items():
        setattr(obj, column, mask(kind, getattr(obj, column, None)))
    return obj


@contextmanager
def viewing(policy: Policy | None) -> Iterator[None]:
    """Run a block (a request) under `policy`."""
    token = _policy.set(policy)
    try:
        yield
    finally:
        _policy.reset(token)
