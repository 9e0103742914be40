"""The schema reference, `docs/schema.md`, written from the live catalogue.

`manage.py dbmigrations docs` writes it from a database the migrations built; a test
rebuilds it from the test database and compares, so the committed file names every
table, column, constraint, index and function the SQL files create.
"""

from typing import Any

from dbschema.catalog import PLATFORM_SCHEMAS, Catalog

HEADER = """# Schema reference

The platform database as `database/migrations/` builds it, read from PostgreSQL's
catalogue by `python manage.py dbmigrations docs` (do not edit by hand: apply the
migrations, run the command, commit the result). Types are PostgreSQL's; "not null" marks
the columns that refuse NULL; times are `timestamp without time zone` holding UTC unless
they say otherwise. Django's own tables (schema `backoffice`) are not listed.
"""


def schema_markdown(catalog: Catalog, migrations: list[str]) -> str:
    """The reference as Markdown: per schema, its relations, then the functions."""
    shape = catalog.shape
    lines = [HEADER, f"Migrations: {', '.join(migrations)}.", ""]
    relations = sorted(name for name in shape if name != "functions")
    for schema in [s for s in PLATFORM_SCHEMAS if s in catalog.schemas]:
        names = [name for name in relations if name.split(".", 1)[0] == schema]
        if not names:
            continue
        lines += [f"## Schema `{schema}`", ""]
        lines += [f"- [`{name}`](#{_anchor(name)}) ({shape[name]['kind']})" for name in names]
        lines.append("")
        for name in names:
            lines += _relation(name, shape[name])
    functions = shape.get("functions", {})
    if functions:
        lines += ["## Functions", "", "| function | returns |", "|---|---|"]
        lines += [f"| `{_cell(name)}` | `{_cell(functions[name])}` |" for name in sorted(functions)]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _relation(name: str, relation: dict[str, Any]) -> list[str]:
    rls = " Row-level security on." if relation["rls"] else ""
    lines = [f"### `{name}`", "", f"{relation['kind'].capitalize()}.{rls}", ""]
    lines += ["| column | type | not null | default |", "|---|---|---|---|"]
    for column, (type_name, not_null, default) in relation["columns"].items():
        flag = "yes" if not_null else ""
        shown = f"`{_cell(default)}`" if default else ""
        lines.append(f"| `{column}` | {_cell(type_name)} | {flag} | {shown} |")
    lines.append("")
    for key, title in (
        ("constraints", "Constraints"),
        ("indexes", "Indexes"),
        ("triggers", "Triggers"),
    ):
        if relation[key]:
            lines += [f"{title}:", ""]
            lines += [
                f"- `{item}`: `{_cell(relation[key][item])}`" for item in sorted(relation[key])
            ]
            lines.append("")
    return lines


def _anchor(name: str) -> str:
    return name.replace(".", "").lower()


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")
