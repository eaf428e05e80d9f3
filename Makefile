# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8501
# Tests run in parallel (pytest-xdist); each worker has its own PostgreSQL database.
PYTEST_WORKERS ?= 2
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run test bench lint docs install install-dev clean

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

test: $(DEV_STAMP)
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

bench: $(DEV_STAMP)
	$(BIN)/python -m bench

# Rewrites the pages' blocks written from the code (the command reference, the formats table).
docs: $(DEV_STAMP)
	$(BIN)/python -m tests.generated_docs

lint: $(DEV_STAMP)
	$(BIN)/ruff check tracker dashboards seed_data tests bench

clean:
	rm -rf $(VENV) data bench/results.json
