# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
BIND ?= 127.0.0.1:8000

.PHONY: install run stop test e2e lint format bench db fuzz loadtest

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,aws]'
	touch $(STAMP)

install: $(STAMP)

# The database (DATABASE_URL, DB_SECRET_ID or the embedded server in .pgdata/), its SQL
# migrations, Django's own tables, the staff groups, demo data, one demo staff account per
# role (printed; password from DEMO_STAFF_PASSWORD or generated) and a superuser.
db: install
	$(MANAGE) dbmigrations apply
	$(MANAGE) migrate --noinput
	$(MANAGE) create_staff_groups
	$(MANAGE) ensure_internal_tenant
	$(MANAGE) load_demo_data
	$(MANAGE) load_demo_staff
	$(MANAGE) ensure_superuser

run: db
	$(MANAGE) collectstatic --noinput --verbosity 0
	@$(BIN)/python -m config.embedded_db status
	@echo "Back-office: http://$(BIND)/admin/"
	$(BIN)/gunicorn config.wsgi --bind $(BIND) --workers 2 --access-logfile -

# The embedded PostgreSQL (.pgdata/) keeps running after `make run`; this stops it.
stop: install
	@$(BIN)/python -m config.embedded_db stop

test: install
	$(BIN)/pytest

# The staff's journeys in Debian's Chromium against gunicorn on a fresh demo database
# (README, "Browser journeys"); screenshots in artifacts/e2e/.
e2e: install
	$(BIN)/pytest -m e2e tests/e2e

# mypy's Django plugin imports the settings, which need a database URL (never connected to).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DATABASE_URL=$${DATABASE_URL:-postgres://lint@127.0.0.1:5432/lint} $(BIN)/mypy .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# schemathesis over /api/schema/ as a staff key and as a platform user (README, "The API").
fuzz: install
	$(BIN)/python fuzz/api.py --max-examples $${FUZZ_MAX_EXAMPLES:-100}

# 50 staff sessions and 50 API clients against gunicorn, DB_POOL off then on (bench/loadtest.py).
loadtest: install
	$(BIN)/python bench/loadtest.py $(LOADTEST_ARGS)
