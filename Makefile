# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8501
# Tests run in parallel (pytest-xdist); each worker has its own PostgreSQL database. Three workers on
# two cores: much of a test's time is spent waiting on PostgreSQL, a browser or a server it started.
# Work stealing: a worker that runs out takes tests queued for another, so none finishes alone.
PYTEST_WORKERS ?= 3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run serve-prod test bench bench-scale loadtest lint docs messages install install-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(STAMP)
install-dev: $(DEV_STAMP)

run: $(STAMP)
	$(BIN)/tracker init
	$(BIN)/tracker seed --demo --first-run
	$(BIN)/tracker serve --port $(PORT)

# The production profile on this machine: nginx in front of WORKERS app processes (deploy/, README
# "Many users"); the database from TRACKER_DATABASE_URL.
WORKERS ?= 2
serve-prod: $(STAMP)
	$(BIN)/tracker init
	$(BIN)/tracker serve --workers $(WORKERS)

test: $(DEV_STAMP)
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

bench: $(DEV_STAMP)
	$(BIN)/python -m bench

# Out of CI: builds (once) 1,000,000 meetings on SQLite and, with TRACKER_TEST_DATABASE_URL, on
# PostgreSQL, and measures the dashboards, search, calendar and a year's report there (bench/scale.py).
bench-scale: $(DEV_STAMP)
	$(BIN)/python -m bench.scale $(BENCH_SCALE_ARGS)

# Many users at once (README "Many users"), not part of CI: PostgreSQL (TRACKER_TEST_DATABASE_URL's
# server, 2 app processes behind nginx, 30 readers + 5 editors) and SQLite (one process, 10 + 3) on
# the generated 100,000-meeting database, 3 minutes each, on 127.0.0.1; stops by itself. Options in
# LOADTEST_ARGS (`python -m bench.load --help`), e.g. LOADTEST_ARGS="--database sqlite --duration 30".
loadtest: $(DEV_STAMP)
	$(BIN)/python -m bench.load $(LOADTEST_ARGS)

# Rewrites the pages' blocks written from the code (the command reference, the formats table).
docs: $(DEV_STAMP)
	$(BIN)/python -m tests.generated_docs

# Brings the catalogues in step with the code: new strings appear in tracker/locale/*/messages.po
# for translation (docs/glossary-zh.md keeps the words consistent); the .mo files compile on first use.
LOCALES := tracker/locale
messages: $(DEV_STAMP)
	$(BIN)/pybabel extract -F babel.cfg --sort-output --no-location --omit-header \
		-c TRANSLATORS: -o $(LOCALES)/messages.pot tracker dashboards seed_data
	$(BIN)/pybabel update -i $(LOCALES)/messages.pot -d $(LOCALES) -D messages \
		--no-fuzzy-matching --ignore-obsolete --no-wrap

lint: $(DEV_STAMP)
	$(BIN)/ruff check tracker dashboards seed_data tests bench

clean:
	rm -rf $(VENV) data bench/results.json
