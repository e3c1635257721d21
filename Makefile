# Two commands set everything up: `make run` and `make test`. Both are idempotent and quick the second time.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install migrate content check lint bench clean e2e

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when pyproject.toml changes.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

content: migrate
	$(BIN)/python manage.py sync_content

check: install
	$(BIN)/python manage.py check_content

# The server and one notebook worker (manage.py db_worker); Ctrl-C stops both.
run: content
	$(BIN)/python scripts/run_with_worker.py $(HOST):$(PORT)

# Runs the whole suite. Browser tests run when a Chromium is found (CHROMIUM, or /usr/bin/chromium)
# and are reported as skipped otherwise.
test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

e2e: install
	$(BIN)/python -m pytest tests/e2e $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check learn tests bench
	$(BIN)/ruff format --check learn tests bench

bench: install
	$(BIN)/python bench/bench_cds.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
