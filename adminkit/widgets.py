"""Form fields that spare staff from typing JSON, and money as staff read and type it.

- `KeyValueField`: a JSON object edited as one `chave: valor` per line (groups by dotted
  keys: `horario_comercial.inicio: 08:00`); a whole JSON object is accepted too.
- `LinesField`: a JSON list of texts, one per line.
- `MoneyFormField`: reais typed as `R$ 3.270,00`, `3270,00` or `3270.00`, kept with two
  decimals.
- `format_money`: `R$ 297,00`; `format_number`: a float without its binary noise
  (`0.060000000000000005` is shown `0.06`).
"""

import json
import math
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.validators import DecimalValidator
from django.utils.formats import number_format

KEY = re.compile(r"^[\w-]+(\.[\w-]+)*$")
# Fifteen significant digits: every decimal a staff member types survives a float
# round trip, and the noise of binary arithmetic (…000000005) does not show.
FLOAT_DIGITS = 15
CENTS = Decimal("0.01")
MONEY_HELP = "Em reais, com duas casas decimais (ex.: 297,00)."


def format_number(value: float) -> str:
    text = format(value, f".{FLOAT_DIGITS}g")
    if re.fullmatch(r"-?\d+", text):
        text += ".0"  # still a float once read back
    return text


def format_money(value: Any) -> str:
    """R$ 6.970,00"""
    amount = Decimal(str(value)).quantize(CENTS, rounding=ROUND_HALF_UP)
    return f"R$ {number_format(amount, 2, force_grouping=True)}"


def to_json_text(value: Any) -> str:
    """Compact JSON, floats without noise, accents as they are."""
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, list):
        return "[" + ", ".join(to_json_text(item) for item in value) + "]"
    if isinstance(value, dict):
        items = (
            f"{json.dumps(str(k), ensure_ascii=False)}: {to_json_text(v)}" for k, v in value.items()
        )
        return "{" + ", ".join(items) + "}"
    return json.dumps(value, ensure_ascii=False)


def _refuse_constant(name: str) -> Any:
    raise ValueError(name)


def parse_json(text: str) -> Any:
    """JSON as PostgreSQL's jsonb takes it: no NaN or infinities, no NUL character."""
    value = json.loads(text, parse_constant=_refuse_constant)
    _check_storable(value)
    return value


def _check_storable(value: Any) -> None:
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("not finite")
    if isinstance(value, str) and "\x00" in value:
        raise ValueError("NUL")
    if isinstance(value, list):
        for item in value:
            _check_storable(item)
    if isinstance(value, dict):
        for key, item in value.items():
            _check_storable(key)
            _check_storable(item)


def _value_text(value: Any) -> str:
    if isinstance(value, str):
        try:
            looks_like_json = True
            json.loads(value)
        except ValueError:
            looks_like_json = False
        # Quoted when read back unquoted it would change: "0800", "true", " x".
        if looks_like_json or not value or value != value.strip():
            return json.dumps(value, ensure_ascii=False)
        return value
    return to_json_text(value)


def _lines(obj: dict, prefix: str = "") -> list[str] | None:
    """The object as `key: value` lines, or None when a key cannot be written so."""
    lines: list[str] = []
    for key, value in obj.items():
        if not isinstance(key, str) or not KEY.match(key) or "." in key:
            return None
        path = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            nested = _lines(value, f"{path}.")
            if nested is None:
                return None
            lines += nested
        else:
            lines.append(f"{path}: {_value_text(value)}")
    return lines


class KeyValueField(forms.Field):
    """A JSON object (or NULL, shown empty) edited as one `chave: valor` per line."""

    widget = forms.Textarea(attrs={"rows": 8, "cols": 80, "class": "vLargeTextField"})
    default_error_messages = {
        "invalid": "Linha %(line)s: %(reason)s",
        "not_an_object": "Informe linhas “chave: valor” ou um objeto JSON entre chaves.",
    }
    help = (
        "Uma configuração por linha, no formato “chave: valor”. Grupos com ponto na chave "
        "(horario_comercial.inicio: 08:00); números, true, false e listas "
        '(["whatsapp", "sms"]) como em JSON; um texto que pareça número entre aspas ("0800").'
    )

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", self.help)
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, str):  # the text a staff member sent back
            return value
        if isinstance(value, dict):
            lines = _lines(value)
            if lines is not None:
                return "\n".join(lines)
        return json.dumps(value, ensure_ascii=False, indent=2)

    def to_python(self, value: Any) -> dict:
        if isinstance(value, dict):
            return value
        text = (value or "").strip()
        if not text:
            return {}
        if text.startswith("{"):
            try:
                parsed = parse_json(text)
            except ValueError:
                raise forms.ValidationError(
                    self.error_messages["not_an_object"], code="not_an_object"
                ) from None
            if not isinstance(parsed, dict):
                raise forms.ValidationError(
                    self.error_messages["not_an_object"], code="not_an_object"
                )
            return parsed
        result: dict = {}
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                self._add(result, number, line)
        return result

    def _add(self, result: dict, number: int, line: str) -> None:
        def error(reason: str) -> forms.ValidationError:
            return forms.ValidationError(
                self.error_messages["invalid"],
                code="invalid",
                params={"line": number, "reason": reason},
            )

        key, colon, text = line.partition(":")
        key = key.strip()
        if not colon:
            raise error("escreva “chave: valor”.")
        if not KEY.match(key):
            raise error(
                f"a chave “{key}” deve ter só letras, números, _ ou -, e pontos entre grupos."
            )
        text = text.strip()
        try:
            value = parse_json(text) if text else ""
        except ValueError:
            if "\x00" in text:
                raise error("caractere nulo não é aceito.") from None
            value = text
        *groups, last = key.split(".")
        target = result
        for depth, group in enumerate(groups):
            target = target.setdefault(group, {})
            if not isinstance(target, dict):
                raise error(
                    f"“{'.'.join(groups[: depth + 1])}” já tem um valor; não pode ser um grupo."
                )
        if last in target:
            raise error(f"a chave “{key}” aparece mais de uma vez.")
        target[last] = value

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return (initial or {}) != self.to_python(data)
        except forms.ValidationError:
            return True


class JSONTextarea(forms.Textarea):
    """A JSON box whose empty value (SQL NULL) shows empty, not as the word `null`."""

    def format_value(self, value: Any) -> Any:
        return "" if value in (None, "null") else super().format_value(value)


class LinesField(forms.Field):
    """A JSON list of texts (or NULL, shown empty), edited as one item per line."""

    widget = forms.Textarea(attrs={"rows": 6, "cols": 80, "class": "vLargeTextField"})

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if value is None:
            return ""
        if isinstance(value, list):
            return "\n".join(
                item if isinstance(item, str) else to_json_text(item) for item in value
            )
        return value

    def to_python(self, value: Any) -> list[str]:
        if isinstance(value, list):
            return value
        text = str(value or "")
        if "\x00" in text:
            raise forms.ValidationError("Caractere nulo não é aceito.", code="null_character")
        return [line.strip() for line in text.splitlines() if line.strip()]

    def has_changed(self, initial: Any, data: Any) -> bool:
        return (initial or []) != self.to_python(data)


class MoneyFormField(forms.DecimalField):
    """Reais typed as staff type them (R$ 3.270,00, 3270,00 or 3270.00), rounded to
    cents, never negative."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.update(max_digits=kwargs.get("max_digits") or 10, decimal_places=2)
        kwargs.setdefault("min_value", Decimal("0.00"))
        kwargs.setdefault("localize", True)
        kwargs["help_text"] = (
            kwargs.get("help_text") or "Em reais, com duas casas decimais (ex.: 297,00)."
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.replace("R$", "").strip()
            if "," in value:
                value = value.replace(".", "").replace(",", ".")
        amount = super().to_python(value)
        if isinstance(amount, Decimal) and amount.is_finite():
            try:
                return amount.quantize(CENTS, rounding=ROUND_HALF_UP)
            except InvalidOperation:  # more digits than the decimal context holds (1e400)
                raise forms.ValidationError(
                    DecimalValidator.messages["max_digits"],
                    code="max_digits",
                    params={"max": self.max_digits, "value": value},
                ) from None
        return amount
