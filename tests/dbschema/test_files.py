"""Reading migration files: statements, their lines, and the objects they create."""

from dbschema.files import DeclaredObject, declared_objects, split_statements


def test_statements_split_on_top_level_semicolons_only():
    sql = (
        "-- header; with a semicolon\n"
        "CREATE TABLE public.a (note text DEFAULT 'x;y');\n"
        "/* block; comment */\n"
        "CREATE OR REPLACE FUNCTION public.f() RETURNS void AS $body$\n"
        "BEGIN\n"
        "  PERFORM 1; PERFORM 'it''s;';\n"
        "END;\n"
        "$body$ LANGUAGE plpgsql;\n"
        'CREATE INDEX "odd;name" ON public.a (note)'
    )

    statements = split_statements(sql)

    assert [statement.line for statement in statements] == [2, 4, 9]
    assert statements[0].sql == "CREATE TABLE public.a (note text DEFAULT 'x;y')"
    assert statements[1].sql.endswith("$body$ LANGUAGE plpgsql")
    assert statements[2].sql == 'CREATE INDEX "odd;name" ON public.a (note)'


def test_a_file_of_comments_has_no_statements():
    assert split_statements("-- nothing here\n/* nor here */\n") == []


def test_objects_are_read_from_each_statement_form():
    assert declared_objects("CREATE SCHEMA nigredo_leads") == [
        DeclaredObject("schema", "nigredo_leads", "nigredo_leads")
    ]
    assert declared_objects(
        "CREATE UNIQUE INDEX idx_x ON nigredo_leads.leads USING btree (email)"
    ) == [DeclaredObject("index", "nigredo_leads", "idx_x", table="leads")]
    trigger = "CREATE TRIGGER t_upd\n  BEFORE UPDATE ON public.trials\n  FOR EACH ROW EXECUTE g()"
    assert declared_objects(trigger) == [
        DeclaredObject("trigger", "public", "t_upd", table="trials")
    ]
    assert declared_objects(
        "ALTER TABLE nigredo_leads.leads\n  ADD COLUMN name VARCHAR(100),\n"
        "  ADD COLUMN phone VARCHAR(20),\n  ADD CONSTRAINT leads_phone_format CHECK (true)"
    ) == [
        DeclaredObject("column", "nigredo_leads", "name", table="leads"),
        DeclaredObject("column", "nigredo_leads", "phone", table="leads"),
        DeclaredObject("constraint", "nigredo_leads", "leads_phone_format", table="leads"),
    ]
    assert declared_objects("CREATE VIEW public.v AS SELECT 1") == [
        DeclaredObject("view", "public", "v")
    ]
    assert declared_objects("INSERT INTO public.a VALUES (1)") == []


def test_a_materialised_view_and_its_index_are_declared_objects():
    view = declared_objects("CREATE MATERIALIZED VIEW IF NOT EXISTS s.summary AS SELECT 1")
    index = declared_objects("CREATE UNIQUE INDEX IF NOT EXISTS summary_key ON s.summary (a)")

    assert view == [DeclaredObject("view", "s", "summary")]
    assert index == [DeclaredObject("index", "s", "summary_key", table="summary")]
