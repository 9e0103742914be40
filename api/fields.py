"""Serializer fields for the platform's columns, shaped as production's JSON."""

from decimal import Decimal, InvalidOperation
from typing import Any

from rest_framework import serializers


def money(value: Any) -> str | None:
    """A price as production sends it (node-pg's numeric): a string with two decimals."""
    if value is None or isinstance(value, bool):
        return None
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    if not amount.is_finite():
        return None
    return str(amount.quantize(Decimal("0.01")))


class MoneyField(serializers.DecimalField):
    """Output-only money: `"297.00"`."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("coerce_to_string", True)
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)
