"""Validators for values the platform stores: Brazilian identifiers, contacts, amounts.

They sit on the model fields, so the admin's forms and the API's serializers both get
them, and mirror what the platform means where the database has no CHECK: a CNPJ is 14
digits (punctuation allowed, letters refused), a phone is digits (E.164 or Brazilian
with DDD), an e-mail has a real domain (no `[127.0.0.1]` literal), an amount or a limit
is never negative (the unlimited plan says 999999, not -1).
"""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, MaxValueValidator, MinValueValidator

from core.brazil import is_valid_cnpj

PHONE_CHARACTERS = re.compile(r"\+?[\d\s().-]+")
PHONE_DIGITS = (8, 15)  # a national number with its area code … E.164's maximum


def validate_cnpj(value: str) -> None:
    if value and not is_valid_cnpj(value):
        raise ValidationError(
            "CNPJ inválido: confira os 14 dígitos (ex.: 11.222.333/0001-81).", code="invalid_cnpj"
        )


def validate_phone(value: str) -> None:
    """Digits with the usual punctuation and an optional leading +; 8 to 15 digits."""
    if not value:
        return
    digits = sum(character.isdigit() for character in value)
    if not PHONE_CHARACTERS.fullmatch(value.strip()) or not (
        PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1]
    ):
        raise ValidationError(
            "Telefone inválido: informe o número com DDD, só dígitos e pontuação "
            "(ex.: +55 11 99999-9999).",
            code="invalid_phone",
        )


class PlatformEmailValidator(EmailValidator):
    """Django's e-mail validation without its exceptions: no `localhost`, no IP literal."""

    message = "Informe um e-mail válido (ex.: nome@empresa.com.br)."

    def __init__(self) -> None:
        super().__init__(allowlist=())

    def validate_domain_part(self, domain_part: str) -> bool:
        return not domain_part.startswith("[") and super().validate_domain_part(domain_part)


validate_email = PlatformEmailValidator()


def non_negative(integer: bool = True) -> MinValueValidator:
    """Refuses a value below zero (an amount, a limit, a count, a duration)."""
    return MinValueValidator(
        0 if integer else Decimal(0), message="Informe um valor maior ou igual a zero."
    )


def at_least(minimum: int) -> MinValueValidator:
    return MinValueValidator(minimum, message=f"Informe um valor maior ou igual a {minimum}.")


def at_most(maximum: int) -> MaxValueValidator:
    return MaxValueValidator(maximum, message=f"Informe um valor menor ou igual a {maximum}.")
