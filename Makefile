# Two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: run test test-sqlite test-postgres install bench screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'

run: install
	$(BIN)/safereply migrate
	$(BIN)/safereply seed-demo
	$(BIN)/safereply runserver 127.0.0.1:8000

test: install
	$(MAKE) test-sqlite
	$(MAKE) test-postgres

test-sqlite:
	env -u DATABASE_URL $(BIN)/python -m pytest

test-postgres:
	DATABASE_URL=$(PG_URL) $(BIN)/python -m pytest

bench: install
	$(BIN)/python benchmarks/screening_bench.py

# Refresh the screenshots in docs/ from the browser tests.
screenshots: install
	SAFEREPLY_SCREENSHOTS=docs $(BIN)/python -m pytest tests/browser -q
