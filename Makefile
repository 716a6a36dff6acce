# Quick start: `make run` (the terminal coach on SQLite) and `make test` (every test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PGDIR := .pg

.PHONY: install run demo test unit lint typecheck pg-start pg-stop bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/coach chat

demo: $(STAMP)
	$(BIN)/coach chat --demo

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy

# PostgreSQL tests run against a throwaway cluster on loopback, started here and
# stopped afterwards. Set REQUIRE_POSTGRES=1 (CI does) to fail instead of skipping
# when no PostgreSQL server binaries are installed.
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	@url=$$(scripts/pg-test-cluster start $(PGDIR)) ; status=$$? ; \
	if [ $$status -ne 0 ] && [ "$$REQUIRE_POSTGRES" = 1 ]; then \
		echo "PostgreSQL is required but could not be started" >&2; exit 1; fi ; \
	DATABASE_URL_TEST="$$url" $(BIN)/pytest ; result=$$? ; \
	scripts/pg-test-cluster stop $(PGDIR) ; exit $$result

unit: $(STAMP)
	$(BIN)/pytest tests/unit -q

bench: $(STAMP)
	$(BIN)/python -m bench.due
	$(BIN)/python -m bench.scale
	$(BIN)/python -m bench.triage
	$(BIN)/python -m bench.nudges
	$(BIN)/python -m bench.slack
	$(BIN)/python -m bench.startup
	$(BIN)/python -m bench.telegram
	$(BIN)/python -m bench.telegram --api-apart
	$(BIN)/python -m bench.load
	$(BIN)/python -m bench.imports

clean:
	rm -rf $(VENV) $(PGDIR)
