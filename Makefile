# The commands of the README: `make run`, `make test` and `make serve`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
INSTALLED := $(VENV)/.installed
# axe-core for the browser tests' accessibility scans, from the npm registry at install time.
AXE := node_modules/axe-core/axe.min.js
# The PostgreSQL server that every machine (CI included) runs; tests create their own database.
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/mtsk
PYTEST_ARGS ?=
# Two workers on the two cores. The browser tests share one site process and stay together
# on one worker (tests/conftest.py); the other tests spread over both workers meanwhile.
PYTEST_WORKERS ?= -n 2

.PHONY: install run serve test test-sqlite test-postgres lint check check-sqlite check-postgres

$(INSTALLED): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(INSTALLED)

$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(AXE)

install: $(INSTALLED) $(AXE)

run: $(INSTALLED)
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --if-empty
	$(PY) manage.py search_sync --once
	$(PY) manage.py export_open_data --if-missing --base-url http://127.0.0.1:$(PORT)
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Production: settings from the environment or .env (see .env.example and docs/deploy.md).
serve: $(INSTALLED)
	mkdir -p var
	PORT=$(PORT) $(PY) -m portal.serve

test: test-sqlite test-postgres

test-sqlite: $(INSTALLED) $(AXE)
	mkdir -p var
	DATABASE_URL=sqlite:///var/test.sqlite3 $(PY) -m pytest $(PYTEST_WORKERS) $(PYTEST_ARGS)

test-postgres: $(INSTALLED) $(AXE)
	DATABASE_URL=$(POSTGRES_URL) $(PY) -m pytest $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: check-sqlite check-postgres

check-sqlite: $(INSTALLED)
	mkdir -p var
	DATABASE_URL=sqlite:///var/check.sqlite3 $(PY) manage.py check
	DATABASE_URL=sqlite:///var/check.sqlite3 $(PY) manage.py makemigrations --check --dry-run

check-postgres: $(INSTALLED)
	createdb -h 127.0.0.1 -U postgres mtsk 2>/dev/null || true
	DATABASE_URL=$(POSTGRES_URL) $(PY) manage.py check --database default
	DATABASE_URL=$(POSTGRES_URL) $(PY) manage.py makemigrations --check --dry-run
