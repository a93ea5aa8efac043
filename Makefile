# Tandem: `make run` serves the demo on http://127.0.0.1:8000 ; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-test lint serve setup demo clean-db messages bench

$(VENV)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed

# A random local secret key, made once (gunicorn refuses the public development key outside DEBUG).
var/secret_key:
	mkdir -p var
	umask 077 && $(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@
	chmod 600 $@

# Static files are collected (hashed, compressed: slow) again only when one of them or the packages changed.
STATIC_SOURCES := $(shell find tandem -path '*/static/*' -type f 2>/dev/null)
var/static/.collected: $(VENV)/.installed $(STATIC_SOURCES)
	mkdir -p var
	$(PY) manage.py collectstatic --noinput -v0
	touch $@

# A second run is quick: referentials are reloaded only when their files changed, the demo adds nothing twice.
setup: install var/secret_key var/static/.collected
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py createcachetable -v0
	$(PY) manage.py import_referentials --require-source
	$(PY) manage.py load_demo

# The web server, and beside it the worker that runs imports uploaded through the pages and the API.
run: setup
	@echo "Tandem : http://$(HOST):$(PORT)  (Ctrl-C pour arrêter)"
	export TANDEM_SECRET_KEY="$${TANDEM_SECRET_KEY:-$$(cat var/secret_key)}"; \
	$(PY) manage.py db_worker --no-reload -v0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT; \
	$(VENV)/bin/gunicorn config.wsgi:application --bind $(HOST):$(PORT) --workers 2 --access-logfile -

install-test: install
	bash scripts/install_system_packages.sh

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

test: install-test lint
	bash scripts/run_tests.sh

# After changing visible strings: update locale/en, translate the new entries, then compile (the .mo is committed).
messages: install
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=node_modules --ignore=var --ignore=tests
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules

# Measurements (docs/benchmarks.md): the national data set on PostgreSQL (scale: TANDEM_BENCH_SCALE, default 1.0),
# then every benchmark; `make test` runs them small, to check they still run.
bench: install-test var/secret_key var/static/.collected
	bash scripts/bench.sh
