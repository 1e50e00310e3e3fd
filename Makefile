# Baton — two commands matter: `make demo` and `make test`. Both set everything up first.
SHELL := /bin/bash
PY ?= python3
UV := $(PY) -m uv
VENV := .venv
BIN := $(VENV)/bin
BATON := $(BIN)/baton
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup demo test lint typecheck contracts migrations-check pytest messages serve clean

setup:
	@$(UV) --version >/dev/null 2>&1 || $(PY) -m pip install -q uv
	@$(UV) sync --frozen -q
	@$(BATON) compilemessages_baton

demo: setup
	@$(BATON) migrate --noinput -v0
	@$(BATON) collectstatic --noinput -v0
	@$(BATON) demo_data --if-empty
	@$(BATON) serve --host $(HOST) --port $(PORT) --with-worker

test: setup lint typecheck contracts migrations-check pytest

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck:
	$(BIN)/mypy baton config

contracts:
	$(BIN)/lint-imports

migrations-check:
	DJANGO_SETTINGS_MODULE=config.settings.test $(BATON) makemigrations --check --dry-run

pytest:
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest

# Regenerate the French catalogues after changing user-facing strings.
messages:
	$(BATON) makemessages_baton

clean:
	rm -rf $(VENV) var/static
