"""The schema drift system check and the model ↔ catalog mapping."""

import re

import pytest
from django.db import connection

from core.models import platform_models
from dbschema.catalog import read_shape
from dbschema.checks import check_schema_drift, table_of
from tests.support.databases import build_like_production

pytestmark = pytest.mark.django_db
# The runner's own bookkeeping (011), read and written by it with SQL: mapping it would
# make the check fail on production until 011 is applied there.
RUNNER_COLUMNS = {("public", "migrations", c) for c in ("checksum", "execution_ms", "installed_by")}
# The keyed hashes of erased contacts (015), read and written with SQL by the LGPD services.
BLOCKLIST_HASHES = {("nigredo_leads", "blocklist", c) for c in ("email_hash", "telefone_hash")}


def drift_messages() -> list[str]:
    return [f"{error.id} {error.msg}" for error in check_schema_drift()]


def test_models_agree_with_the_database_built_by_the_sql_files():
    assert drift_messages() == []


def test_every_table_view_and_column_of_the_live_catalog_has_a_model_field():
    with connection.cursor() as cursor:
        shape = read_shape(cursor)
    mapped = {table_of(model): model for model in platform_models()}
    unmapped = []
    for name, relation in shape.items():
        if name == "functions":
            continue
        if relation["kind"] == "materialized view":
            continue  # the back-office's own summaries (017), read with SQL, not mapped
        schema, table = name.split(".")
        model = mapped.get((schema, table))
        if model is None:
            unmapped.append(name)
            continue
        columns = {field.column for field in model._meta.concrete_fields}
        unmapped += [
            f"{name}.{column}"
            for column in relation["columns"]
            if column not in columns
            and (schema, table, column) not in RUNNER_COLUMNS | BLOCKLIST_HASHES
        ]
    assert unmapped == []
    assert len(mapped) == 33


def test_a_missing_column_is_an_error_naming_model_table_and_column():
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE nigredo_leads.leads DROP COLUMN utm_source")

    assert drift_messages() == [
        "dbschema.E002 nigredo.Lead (nigredo_leads.leads): column 'utm_source' does not exist."
    ]


def test_type_and_nullability_mismatches_are_errors():
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE alquimista_platform.tenants ALTER COLUMN cnpj TYPE varchar(20)")
        cursor.execute("ALTER TABLE fibonacci_core.events ALTER COLUMN detail DROP NOT NULL")

    assert sorted(drift_messages()) == [
        "dbschema.E003 platform_app.Tenant (alquimista_platform.tenants): column 'cnpj' is "
        "character varying(20), the field expects character varying(18).",
        "dbschema.E004 fibonacci.Event (fibonacci_core.events): column 'detail' is nullable, "
        "the field has null=False.",
    ]


def test_a_missing_table_is_an_error():
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE nigredo_leads.blocklist RENAME TO blocklist_old")

    assert drift_messages() == [
        "dbschema.E001 nigredo.BlocklistEntry (nigredo_leads.blocklist): the table does not exist."
    ]


def test_manage_py_check_passes_on_a_production_built_database_and_fails_loudly_on_drift(
    scratch_db,
):
    build_like_production(scratch_db)

    clean = scratch_db.run("check")
    assert clean.returncode == 0, clean.stderr
    # No drift; only the reminder that the search indexes of 012 (name prefixes), 014
    # (trigrams, CNPJ digits) and 015 (normalised phones) are not there yet.
    assert "dbschema.E" not in clean.stderr + clean.stdout
    assert set(re.findall(r"searching '(\w+)'", clean.stderr)) == {
        "empresa",
        "contato",
        "company",
        "name",
        "cnpj",
        "telefone",
        "phone",
        "action_type",
    }

    with scratch_db.connect() as conn:
        conn.execute("ALTER TABLE nigredo_leads.leads DROP COLUMN consent_source")
    drifted = scratch_db.run("check")
    assert drifted.returncode != 0
    assert "column 'consent_source' does not exist" in drifted.stderr
