# The README's two commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Debian packages: a CJK font for PDFs (letters, reports); poppler for PDF checks in tests.
RUN_DEPS := fonts-noto-cjk libharfbuzz-subset0
# Debian's Chromium for the real-browser tests (Playwright drives it; no browser download);
# wrk, the load generator of benchmarks/portal_load.py.
TEST_DEPS := fonts-noto-cjk libharfbuzz-subset0 poppler-utils chromium wrk
PG_URL ?= postgres://postgres@127.0.0.1:5432/gongkai
PYTEST_ARGS ?= -n 2

.PHONY: run install install-test test lint format test-sqlite test-postgres test-fast test-browser clean

run: install  ## install everything, load the demo district (SQLite), serve http://127.0.0.1:8000
	$(BIN)/gongkai demo
	$(BIN)/gongkai serve --host 127.0.0.1 --port 8000

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	scripts/system-deps.sh $(RUN_DEPS)
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ required")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	touch $@

install-test: $(VENV)/.installed-test

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml package.json package-lock.json
	scripts/system-deps.sh $(TEST_DEPS)
	$(BIN)/python -m pip install -q -e ".[test]"
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

test: install-test lint test-sqlite test-postgres  ## install test dependencies, run the whole suite on SQLite and PostgreSQL

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/gongkai makemigrations --check --dry-run

test-sqlite: install-test
	$(BIN)/pytest $(PYTEST_ARGS)

test-postgres: install-test
	scripts/ensure-postgres.sh
	GONGKAI_DATABASE_URL=$(PG_URL) GONGKAI_SCREENSHOTS=0 $(BIN)/pytest $(PYTEST_ARGS)

test-fast: install-test  ## the quick local loop: no slow or browser tests, SQLite only
	$(BIN)/pytest $(PYTEST_ARGS) -m "not slow and not browser"

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var
