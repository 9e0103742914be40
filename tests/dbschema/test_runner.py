"""The SQL migration runner, run as operators run it: `manage.py dbmigrations ...`."""

import copy
import json
import re
import shutil
import time

import pytest

from dbschema.catalog import read_shape, shape_differences
from dbschema.runner import LOCK_KEY
from tests.support.databases import MIGRATIONS_DIR, ROOT, build_like_production

# A copy of ../shared/schema/shape.json (production's catalog), so a lone checkout can test.
SHAPE_FILE = ROOT / "tests" / "fixtures" / "production_shape.json"
SHARED_SHAPE_FILE = ROOT.parent / "shared" / "schema" / "shape.json"
SHAPE = json.loads(SHAPE_FILE.read_text())
FILE_NAMES = sorted(path.stem for path in MIGRATIONS_DIR.glob("*.sql"))


RLS_TABLES = [
    "alquimista_platform.tenants",
    "alquimista_platform.users",
    "alquimista_platform.agent_activations",
    "alquimista_platform.audit_logs",
    "alquimista_platform.approval_requests",
    "alquimista_platform.approval_decisions",
    "alquimista_platform.notifications",
    "alquimista_platform.permissions",
    "nigredo_leads.leads",
    "nigredo_leads.campanhas",
    "nigredo_leads.agendamentos",
    "nigredo_leads.metricas_diarias",
    "nigredo_leads.interacoes",
    "nigredo_leads.blocklist",
    "nigredo_leads.form_submissions",
    "nigredo_leads.webhook_logs",
    "fibonacci_core.events",
    "fibonacci_core.traces",
    "fibonacci_core.metrics",
    "public.tenant_subscriptions",
    "public.tenant_subnucleos",
    "public.tenant_agents",
    "public.payment_events",
    "public.commercial_requests",
    "public.subscriptions",
    "public.trials",
]


def later_additions(shape: dict) -> dict:
    """The reference shape plus what the files after 010 add on purpose."""
    shape = copy.deepcopy(shape)
    shape["public.migrations"]["columns"].update(
        {
            "checksum": ["character varying(64)", False, None],
            "execution_ms": ["integer", False, None],
            "installed_by": ["character varying(100)", False, "CURRENT_USER"],
        }
    )
    shape["nigredo_leads.leads"]["indexes"].update(
        {
            "idx_leads_empresa_prefix": "btree (upper((empresa)::text) text_pattern_ops)",
            "idx_leads_contato_prefix": "btree (upper((contato)::text) text_pattern_ops)"
            " WHERE (contato IS NOT NULL)",
            "idx_leads_company_prefix": "btree (upper((company)::text) text_pattern_ops)"
            " WHERE (company IS NOT NULL)",
            "idx_leads_name_prefix": "btree (upper((name)::text) text_pattern_ops)"
            " WHERE (name IS NOT NULL)",
        }
    )
    _search_additions(shape)
    _lgpd_additions(shape)
    # 013: row-level security on every tenant-owned table (policies are not in the shape).
    for name in RLS_TABLES:
        shape[name]["rls"] = True
    # 016: the admin's keyset pagination.
    for table, indexes in {
        "nigredo_leads.leads": {
            "idx_leads_created_at_id": "created_at DESC, id DESC",
            "idx_leads_tenant_created_at_id": "tenant_id, created_at DESC, id DESC",
        },
        "nigredo_leads.interacoes": {"idx_interacoes_created_at_id": "created_at DESC, id DESC"},
        "nigredo_leads.form_submissions": {
            "idx_form_submissions_submitted_at_id": "submitted_at DESC, id DESC"
        },
        "nigredo_leads.webhook_logs": {"idx_webhook_logs_sent_at_id": "sent_at DESC, id DESC"},
        "alquimista_platform.audit_logs": {
            "idx_audit_created_at_id": "created_at DESC, id DESC",
            "idx_audit_trace_created_at_id": "trace_id, created_at DESC, id DESC",
        },
        "fibonacci_core.events": {
            "idx_events_created_at_id": "created_at DESC, id DESC",
            "idx_events_trace_created_at_id": "trace_id, created_at DESC, id DESC",
        },
        "fibonacci_core.traces": {"idx_traces_start_time_id": "start_time DESC, id DESC"},
    }.items():
        shape[table]["indexes"].update(
            {name: f"btree ({columns})" for name, columns in indexes.items()}
        )
    _support_additions(shape)
    return shape


def _search_additions(shape: dict) -> None:
    """014: trigram indexes for substring search, CNPJs by their digits."""
    trigram = {
        "nigredo_leads.leads": ["empresa", "contato", "company", "name"],
        "alquimista_platform.audit_logs": ["action_type"],
        "alquimista_platform.tenants": ["company_name"],
        "alquimista_platform.users": ["full_name"],
        "public.commercial_requests": ["company_name"],
    }
    prefixes = {"audit_logs": "audit", "commercial_requests": "commercial_requests"}
    for table, columns in trigram.items():
        name = table.split(".")[1]
        for column in columns:
            shape[table]["indexes"][f"idx_{prefixes.get(name, name)}_{column}_trgm"] = (
                f"gin (upper(({column})::text) gin_trgm_ops)"
            )
    for table in (
        "nigredo_leads.leads",
        "alquimista_platform.tenants",
        "public.commercial_requests",
    ):
        shape[table]["indexes"][f"idx_{table.split('.')[1]}_cnpj_digits"] = (
            "btree (regexp_replace((cnpj)::text, '[^0-9]'::text, ''::text, 'g'::text))"
            " WHERE (cnpj IS NOT NULL)"
        )


def _lgpd_additions(shape: dict) -> None:
    """015: normalised contacts, the blocklist's keyed hashes of erased contacts and
    `is_blocked`, the LGPD lookups' indexes."""
    blocklist = shape["nigredo_leads.blocklist"]
    blocklist["columns"].update(
        {
            "email_hash": ["character varying(64)", False, None],
            "telefone_hash": ["character varying(64)", False, None],
        }
    )
    del blocklist["constraints"]["blocklist_contact_required"]
    blocklist["constraints"]["blocklist_contact_or_hash_required"] = (
        "CHECK (((telefone IS NOT NULL) OR (email IS NOT NULL) OR (telefone_hash IS NOT NULL)"
        " OR (email_hash IS NOT NULL)))"
    )

    def normalized(function: str, column: str, partial: bool = True) -> str:
        where = f" WHERE ({column} IS NOT NULL)" if partial else ""
        return f"btree (nigredo_leads.{function}(({column})::text)){where}"

    blocklist["indexes"].update(
        {
            "idx_blocklist_email_normalized": normalized("normalize_email", "email"),
            "idx_blocklist_telefone_normalized": normalized("normalize_phone", "telefone"),
            "idx_blocklist_lead_id": "btree (lead_id) WHERE (lead_id IS NOT NULL)",
            "idx_blocklist_email_hash": "btree (email_hash) WHERE (email_hash IS NOT NULL)",
            "idx_blocklist_telefone_hash": (
                "btree (telefone_hash) WHERE (telefone_hash IS NOT NULL)"
            ),
        }
    )
    shape["nigredo_leads.leads"]["indexes"].update(
        {
            "idx_leads_email_normalized": normalized("normalize_email", "email"),
            "idx_leads_telefone_normalized": normalized("normalize_phone", "telefone"),
            "idx_leads_phone_normalized": normalized("normalize_phone", "phone"),
        }
    )
    shape["public.commercial_requests"]["indexes"].update(
        {
            "idx_commercial_requests_email_normalized": normalized(
                "normalize_email", "email", partial=False
            ),
            "idx_commercial_requests_whatsapp_normalized": normalized(
                "normalize_phone", "whatsapp", partial=False
            ),
            "idx_commercial_requests_cnpj": "btree (cnpj) WHERE (cnpj IS NOT NULL)",
        }
    )
    shape["alquimista_platform.approval_requests"]["indexes"]["idx_approval_requests_resource"] = (
        "btree (resource_type, resource_id) WHERE (resource_id IS NOT NULL)"
    )
    shape["functions"].update(
        {
            "nigredo_leads.normalize_email(p_email text)": "text",
            "nigredo_leads.normalize_phone(p_phone text)": "text",
            "nigredo_leads.hmac_sha256(p_key bytea, p_message bytea)": "bytea",
            "nigredo_leads.contact_hash(p_normalized text)": "text",
            "nigredo_leads.is_blocked(p_email text, p_telefone text)": "boolean",
        }
    )


def _support_additions(shape: dict) -> None:
    """017: the support pages' indexes and the dashboard's materialised summaries."""
    lead_key = "COALESCE((context ->> 'leadId'::text), (context ->> 'lead_id'::text))"
    shape["alquimista_platform.audit_logs"]["indexes"]["idx_audit_context_lead"] = (
        f"btree ({lead_key}) WHERE ({lead_key} IS NOT NULL)"
    )
    shape["fibonacci_core.events"]["indexes"]["idx_events_source_created"] = (
        "btree (source, created_at DESC)"
    )
    shape["nigredo_leads.metricas_diarias"]["indexes"]["idx_metricas_diarias_data"] = "btree (data)"
    refreshed_at = ["timestamp with time zone", False, None]
    for name, columns, key in (
        (
            "nigredo_leads.dashboard_leads_daily",
            {"day": "date", "status": "character varying(50)", "leads": "bigint"},
            "day, status",
        ),
        (
            "alquimista_platform.dashboard_audit_daily",
            {"day": "date", "result": "character varying(50)", "audit_rows": "bigint"},
            "day, result",
        ),
        (
            "fibonacci_core.dashboard_events_status",
            {"status": "character varying(50)", "events": "bigint"},
            "status",
        ),
    ):
        shape[name] = {
            "kind": "materialized view",
            "columns": {
                **{column: [kind, False, None] for column, kind in columns.items()},
                "refreshed_at": refreshed_at,
            },
            "constraints": {},
            "indexes": {f"{name.split('.')[1]}_key": f"btree ({key})"},
            "triggers": {},
            "rls": False,
        }


def live_shape(database) -> dict:
    with database.connect() as conn, conn.cursor() as cursor:
        return read_shape(cursor)


def ledger(database) -> list[tuple]:
    """(migration_name, applied_at, checksum or None) per row, oldest first."""
    with database.connect() as conn:
        has_checksum = conn.execute(
            "SELECT 1 FROM pg_attribute WHERE attrelid = 'public.migrations'::regclass"
            " AND attname = 'checksum'"
        ).fetchone()
        checksum = "checksum" if has_checksum else "NULL"
        return conn.execute(
            f"SELECT migration_name, applied_at, {checksum} FROM public.migrations ORDER BY id"
        ).fetchall()


@pytest.mark.skipif(not SHARED_SHAPE_FILE.exists(), reason="no ../shared checkout beside this one")
def test_the_copy_of_the_production_shape_is_current():
    assert json.loads(SHARED_SHAPE_FILE.read_text()) == SHAPE


@pytest.mark.usefixtures("needs_pg_trgm")
def test_apply_on_an_empty_database_builds_the_reference_catalog(scratch_db):
    result = scratch_db.run("dbmigrations", "apply", "--target", "010")
    assert result.returncode == 0, result.stderr
    assert shape_differences(SHAPE, live_shape(scratch_db)) == []

    result = scratch_db.run("dbmigrations", "apply")
    assert result.returncode == 0, result.stderr
    assert shape_differences(later_additions(SHAPE), live_shape(scratch_db)) == []
    rows = ledger(scratch_db)
    assert [name for name, _, _ in rows] == FILE_NAMES
    assert all(checksum for _, _, checksum in rows), "every row carries its checksum"

    validate = scratch_db.run("dbmigrations", "validate")
    assert validate.returncode == 0, validate.stderr
    assert "schema nigredo_leads: 9/9 tables" in validate.stdout
    assert "schema public: 11/11 tables" in validate.stdout


def test_a_second_apply_changes_nothing(scratch_db):
    assert scratch_db.run("dbmigrations", "apply").returncode == 0
    before = ledger(scratch_db)

    result = scratch_db.run("dbmigrations", "apply")

    assert result.returncode == 0, result.stderr
    assert "Nothing to apply." in result.stdout
    assert ledger(scratch_db) == before


@pytest.mark.usefixtures("needs_pg_trgm")
def test_two_concurrent_runners_apply_each_file_once(scratch_db):
    first = scratch_db.start("dbmigrations", "apply")
    second = scratch_db.start("dbmigrations", "apply")
    outputs = [process.communicate(timeout=300) for process in (first, second)]

    assert [first.returncode, second.returncode] == [0, 0], outputs
    assert [name for name, _, _ in ledger(scratch_db)] == FILE_NAMES
    assert shape_differences(later_additions(SHAPE), live_shape(scratch_db)) == []
    applied_counts = sorted(stdout.count("Applied ") for stdout, _ in outputs)
    assert applied_counts == [0, len(FILE_NAMES)]


def test_a_runner_that_cannot_get_the_lock_stops_with_a_clear_message(scratch_db):
    with scratch_db.connect() as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])

        immediate = scratch_db.run("dbmigrations", "apply", "--wait", "0")
        started = time.monotonic()
        patient = scratch_db.run("dbmigrations", "apply", "--wait", "1")

    assert immediate.returncode != 0
    assert "another dbmigrations run holds the lock (backend pid" in immediate.stderr
    assert patient.returncode != 0
    assert "gave up after 1 s waiting for another dbmigrations run" in patient.stderr
    assert time.monotonic() - started >= 1
    with scratch_db.connect() as conn:
        assert conn.execute("SELECT to_regclass('public.migrations')").fetchone() == (None,)


def copy_of_migrations(tmp_path):
    directory = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, directory)
    return directory


@pytest.mark.usefixtures("needs_pg_trgm")
def test_a_failing_file_is_rolled_back_and_named_with_its_line(scratch_db, tmp_path):
    directory = copy_of_migrations(tmp_path)
    (directory / "900_broken.sql").write_text(
        "-- A file that fails half-way\n"
        "CREATE TABLE public.half_done (id integer);\n"
        "\n"
        "INSERT INTO public.half_done\n"
        "VALUES (1), ('not a number');\n"
    )

    result = scratch_db.run("dbmigrations", "apply", "--directory", str(directory))

    assert result.returncode != 0
    assert "900_broken.sql, line 5: invalid input syntax for type integer" in result.stderr
    with scratch_db.connect() as conn:
        assert conn.execute("SELECT to_regclass('public.half_done')").fetchone() == (None,)
    names = [name for name, _, _ in ledger(scratch_db)]
    assert names == FILE_NAMES, "the files before it stay applied, the failing one is not recorded"


def test_an_edited_applied_file_is_reported_and_blocks_apply(scratch_db, tmp_path):
    directory = copy_of_migrations(tmp_path)
    assert scratch_db.run("dbmigrations", "apply", "--directory", str(directory)).returncode == 0
    edited = directory / "003_create_platform_tables.sql"
    edited.write_text(edited.read_text() + "\n-- an afterthought\n")
    (directory / "900_next.sql").write_text("CREATE TABLE public.next_thing (id integer);\n")

    status = scratch_db.run("dbmigrations", "status", "--directory", str(directory))
    apply = scratch_db.run("dbmigrations", "apply", "--directory", str(directory))

    lines = dict(line.split(maxsplit=1) for line in status.stdout.splitlines())
    assert lines["003_create_platform_tables"].startswith("CHANGED since applied")
    assert lines["900_next"] == "pending"
    assert apply.returncode != 0
    assert "003_create_platform_tables.sql changed since applied" in apply.stderr
    with scratch_db.connect() as conn:
        assert conn.execute("SELECT to_regclass('public.next_thing')").fetchone() == (None,)


@pytest.mark.usefixtures("needs_pg_trgm")
def test_baseline_records_a_production_built_database_then_apply_runs_only_newer_files(
    scratch_db,
):
    build_like_production(scratch_db)
    with scratch_db.connect() as conn:
        tenants_oid = conn.execute("SELECT 'alquimista_platform.tenants'::regclass::oid").fetchone()
        conn.execute("INSERT INTO alquimista_platform.tenants (company_name) VALUES ('Acme')")

    refused = scratch_db.run("dbmigrations", "apply")
    assert refused.returncode != 0
    assert "005_create_approval_tables.sql is not in the ledger but its objects already exist" in (
        refused.stderr
    )
    assert "run `manage.py dbmigrations baseline`" in refused.stderr

    baseline = scratch_db.run("dbmigrations", "baseline")
    assert baseline.returncode == 0, baseline.stderr
    recorded = [name for name, _, _ in ledger(scratch_db)]
    assert recorded[6:] == [
        "005_create_approval_tables",
        "008_create_billing_tables",
        "010_create_plans_and_subnucleos",
    ]
    assert "Left 009_create_expire_trials_function.sql pending" in baseline.stdout

    apply = scratch_db.run("dbmigrations", "apply")
    assert apply.returncode == 0, apply.stderr
    applied = [line.split()[1] for line in apply.stdout.splitlines() if line.startswith("Applied")]
    assert applied == [
        f"{name}.sql" for name in FILE_NAMES if name[:3] == "009" or name[:3] > "010"
    ]
    assert shape_differences(later_additions(SHAPE), live_shape(scratch_db)) == []
    with scratch_db.connect() as conn:
        assert conn.execute("SELECT 'alquimista_platform.tenants'::regclass::oid").fetchone() == (
            tenants_oid
        )
        assert conn.execute("SELECT company_name FROM alquimista_platform.tenants").fetchall() == [
            ("Acme",)
        ]
    validate = scratch_db.run("dbmigrations", "validate")
    assert validate.returncode == 0, validate.stderr
    status = scratch_db.run("dbmigrations", "status")
    assert "006_add_lgpd_consent" in status.stdout and "CHANGED" not in status.stdout


def test_baseline_reports_a_file_whose_objects_are_only_partly_present(scratch_db):
    build_like_production(scratch_db)
    with scratch_db.connect() as conn:
        conn.execute("DROP TABLE alquimista_platform.notifications")

    baseline = scratch_db.run("dbmigrations", "baseline")

    assert baseline.returncode != 0
    assert re.search(
        r"PROBLEM 005_create_approval_tables.sql: not recorded, but \d+ of its \d+ objects are "
        r"missing \(table alquimista_platform.notifications",
        baseline.stdout,
    )
    assert "005_create_approval_tables" not in [name for name, _, _ in ledger(scratch_db)]


def test_validate_fails_when_a_table_is_dropped(scratch_db):
    assert scratch_db.run("dbmigrations", "apply").returncode == 0
    with scratch_db.connect() as conn:
        conn.execute("DROP TABLE nigredo_leads.blocklist")

    validate = scratch_db.run("dbmigrations", "validate")

    assert validate.returncode != 0
    assert "schema nigredo_leads: 8/9 tables" in validate.stdout
    assert (
        "GAP missing table nigredo_leads.blocklist (created by 002_create_leads_tables.sql)"
        in validate.stderr
    )


def test_plan_lists_what_apply_would_run_without_running_it(scratch_db):
    assert scratch_db.run("dbmigrations", "apply", "--target", "004").returncode == 0

    plan = scratch_db.run("dbmigrations", "plan")

    assert [line.split()[0] for line in plan.stdout.splitlines()] == [
        f"{name}.sql" for name in FILE_NAMES if name[:3] > "004"
    ]
    assert len(ledger(scratch_db)) == 4


@pytest.mark.parametrize("target", ["abc", "10a"])
def test_target_must_be_a_version(scratch_db, target):
    result = scratch_db.run("dbmigrations", "apply", "--target", target)
    assert result.returncode != 0
    assert "--target takes a version number such as 010" in result.stderr


def test_a_failing_no_transaction_file_says_what_stays_applied(scratch_db, tmp_path):
    directory = copy_of_migrations(tmp_path)
    (directory / "900_concurrent.sql").write_text(
        "-- dbmigrations: no-transaction\n"
        "-- An index built concurrently, then a mistake\n"
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_tenants_name\n"
        "    ON alquimista_platform.tenants (company_name);\n"
        "CREATE INDEX CONCURRENTLY idx_broken ON alquimista_platform.tenants (no_such_column);\n"
    )

    result = scratch_db.run("dbmigrations", "apply", "--directory", str(directory))

    assert result.returncode != 0
    assert '900_concurrent.sql, line 5: column "no_such_column" does not exist' in result.stderr
    assert "its first 1 statement(s) stay applied" in result.stderr
    with scratch_db.connect() as conn:
        assert conn.execute(
            "SELECT to_regclass('alquimista_platform.idx_tenants_name')"
        ).fetchone()[0]
    assert "900_concurrent" not in [name for name, _, _ in ledger(scratch_db)]


def test_a_file_needing_an_extension_the_server_lacks_is_skipped_and_stays_pending(
    scratch_db, tmp_path
):
    directory = copy_of_migrations(tmp_path)
    (directory / "900_needs_extension.sql").write_text(
        "-- dbmigrations: requires-extension no_such_extension\n"
        "-- Something only a server with that extension can build\n"
        "CREATE TABLE public.needs_extension (id integer);\n"
    )
    (directory / "901_after.sql").write_text("CREATE TABLE public.after_it (id integer);\n")

    result = scratch_db.run("dbmigrations", "apply", "--directory", str(directory))
    status = scratch_db.run("dbmigrations", "status", "--directory", str(directory))

    assert result.returncode == 0, result.stderr
    assert "Skipped 900_needs_extension.sql: it needs the PostgreSQL extension " in result.stdout
    assert dict(line.split(maxsplit=1) for line in status.stdout.splitlines())[
        "900_needs_extension"
    ] == ("pending")
    with scratch_db.connect() as conn:
        assert conn.execute("SELECT to_regclass('public.needs_extension')").fetchone() == (None,)
        assert conn.execute("SELECT to_regclass('public.after_it')").fetchone()[0]
