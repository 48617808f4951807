# Panelcraft — `make run` starts the studio; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
# The suite runs on this many processes (pytest-xdist), a test file each at a time.
TEST_WORKERS ?= 2

.PHONY: install install-dev system-deps run serve migrate worker test lint format bench clean

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

# A server for this machine over plain http, as a visitor sees the site: DEBUG off, so a wrong address
# gets the site's own pages (`DEBUG=1 make run` for Django's debug pages). PANELCRAFT_LOCAL makes its
# secret and encryption keys once into git-ignored files and serves static files from the source folders.
run: export DEBUG ?= false
run: export PANELCRAFT_LOCAL = 1
run: migrate
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The production server for the current settings: uvicorn with WORKERS processes on HOST:PORT.
# With DEBUG off, static files are collected first (WhiteNoise serves them with hashed names).
# Several workers share jobs and progress only through Redis: set REDIS_URL and run `make worker`.
serve: migrate
	@if [ "$$($(BIN)/python manage.py shell --no-imports -c 'from django.conf import settings; print(settings.DEBUG)')" = "False" ]; then \
		$(BIN)/python manage.py collectstatic --noinput -v0; \
	fi
	@[ -n "$$REDIS_URL" ] || [ "$(WORKERS)" = 1 ] || echo "Without REDIS_URL each of the $(WORKERS) workers runs its own jobs," \
		"live progress, rate limits and gallery cache (a hidden comic may show for a few seconds more on another):" \
		"set REDIS_URL or WORKERS=1." >&2
	$(BIN)/uvicorn config.asgi:application --host $(HOST) --port $(PORT) --workers $(WORKERS) \
		--lifespan off --no-access-log

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
	bash scripts/test.sh -n $(TEST_WORKERS) --dist loadfile $(ARGS)

# The pipeline run needs nothing but the checkout (SQLite in a temporary folder, a server on a free port);
# a missed goal is printed, not failed. The gallery load run needs PostgreSQL on 127.0.0.1:5432 and wrk
# (from system-deps).
bench: install-dev system-deps
	$(BIN)/python benchmarks/critical_path.py --timeline
	$(BIN)/python benchmarks/gallery_load.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles test-artifacts
