# Panelcraft — `make run` starts the studio; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install install-dev system-deps run migrate worker test lint format bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

# Chromium (browser tests), fonts and poppler (PDF checks) from Debian.
system-deps:
	bash scripts/install-system-deps.sh

migrate: install
	$(BIN)/python manage.py migrate --noinput

run: migrate
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# With REDIS_URL set, jobs go to Celery; run this next to the server.
worker: install
	$(BIN)/celery -A config worker --loglevel=INFO --concurrency=2

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: install-dev system-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	bash scripts/test.sh $(ARGS)

bench: install-dev
	$(BIN)/python benchmarks/critical_path.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles test-artifacts
