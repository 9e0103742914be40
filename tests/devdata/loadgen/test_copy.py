"""COPY of named rows: each value lands in the column its field names."""

import pytest
from django.db import connection

from devdata.loadgen.copy import copy_rows
from devdata.loadgen.rows import COLUMNS, TENANTS, TenantRow

pytestmark = pytest.mark.django_db


def test_named_rows_land_in_their_columns() -> None:
    row = TenantRow(
        id="5f0c6a0e8a6e4d1f9a3b2c1d0e9f8a7b",
        company_name="Empresa\tcom tab e \\ barra",
        cnpj="11.222.333/0001-81",
        subscription_tier="starter",
        subscription_status="active",
        settings='{"idioma": "pt-BR"}',
        created_at="2025-01-02 03:04:05.000006",
    )
    logged: list[str] = []

    with connection.cursor() as cursor:
        copy_rows(cursor, TENANTS, 1, lambda *_: [row], 1, logged.append)
        cursor.execute(
            f"SELECT {', '.join(COLUMNS[TENANTS])} FROM {TENANTS} WHERE id = %s", [row.id]
        )
        stored = cursor.fetchone()

    assert COLUMNS[TENANTS] == TenantRow._fields
    assert [str(value) for value in stored] == [
        "5f0c6a0e-8a6e-4d1f-9a3b-2c1d0e9f8a7b",
        "Empresa\tcom tab e \\ barra",
        "11.222.333/0001-81",
        "starter",
        "active",
        '{"idioma": "pt-BR"}',
        "2025-01-02 03:04:05.000006",
    ]
