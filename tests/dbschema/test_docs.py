"""docs/schema.md is the catalogue the migrations build, regenerated and compared."""

from io import StringIO

import pytest
from django.core.management import call_command

from dbschema.catalog import PLATFORM_SCHEMAS
from tests.support.databases import ROOT

pytestmark = pytest.mark.django_db
COMMITTED = ROOT / "docs" / "schema.md"


@pytest.mark.usefixtures("needs_pg_trgm")
def test_the_committed_schema_reference_matches_the_migrations(tmp_path):
    output = tmp_path / "schema.md"

    call_command("dbmigrations", "docs", "--output", str(output), stdout=StringIO())

    assert output.read_text() == COMMITTED.read_text(), (
        "docs/schema.md is out of date: apply the migrations to a fresh database, run "
        "`python manage.py dbmigrations docs` and commit the file."
    )


def test_the_reference_names_every_table_and_the_trigram_indexes():
    text = COMMITTED.read_text()

    for schema in PLATFORM_SCHEMAS:
        assert f"## Schema `{schema}`" in text
    for table in ("nigredo_leads.leads", "alquimista_platform.tenants", "public.migrations"):
        assert f"### `{table}`" in text
    assert "- `idx_leads_empresa_trgm`: `gin (upper((empresa)::text) gin_trgm_ops)`" in text
    assert "014_add_trigram_search_indexes.sql" in text
