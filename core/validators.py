"""Validators for Brazilian identifiers the platform stores."""

from django.core.exceptions import ValidationError

from core.brazil import is_valid_cnpj


def validate_cnpj(value: str) -> None:
    if value and not is_valid_cnpj(value):
        raise ValidationError(
            "CNPJ inválido: confira os 14 dígitos (ex.: 11.222.333/0001-81).", code="invalid_cnpj"
        )
