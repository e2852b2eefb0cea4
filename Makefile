# The only commands a newcomer needs. `make run` and `make test` set everything up first.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

# htmx builds other than the one {% htmx_script %} serves are never collected.
STATIC_IGNORE := -i 'htmax*' -i 'htmx-4*' -i ext -i htmx-2.js

.PHONY: setup run test lint format serve bench lighthouse messages clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# A development .env with a random key, so `manage.py runserver` works without flags.
.env:
	printf 'DJANGO_DEBUG=1\nDJANGO_SECRET_KEY=%s\n' "$$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')" > .env

# Our Chart.js bundle: only the parts the dashboard uses (frontend/chart.js), built from the
# npm package by esbuild. Build output, served as our own static file; never committed.
CHART_BUNDLE := build/static/vendor/chart.bundle.js
$(CHART_BUNDLE): frontend/chart.js node_modules/.installed
	node_modules/.bin/esbuild frontend/chart.js --bundle --minify --format=iife --target=es2020 \
		--log-level=warning --outfile=$@

setup: $(VENV)/.installed node_modules/.installed $(CHART_BUNDLE) .env
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py compile_catalogues

run: setup
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Everything on SQLite (browser tests included), then the database-dependent tests again on
# PostgreSQL. TEST_POSTGRES_URL names a server where the tests may create their own database.
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
PYTEST := $(VENV)/bin/pytest -p no:cacheprovider

test: setup
	$(PYTEST) -m "not postgres"
	DATABASE_URL=$(TEST_POSTGRES_URL) $(PYTEST) --ignore=tests/browser \
		--ignore=tests/test_scale_out.py --ignore=tests/test_properties.py -p no:randomly

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy connect_app tests bench
	$(VENV)/bin/djade --target-version 5.2 --check $$(find templates -name '*.html')

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djade --target-version 5.2 $$(find templates -name '*.html')

# The production configuration on one machine: DEBUG off, hashed compressed static files served
# by WhiteNoise, gunicorn with threads. HTTPS-only settings are off here because nothing
# terminates TLS locally; set DJANGO_HTTPS=1 behind a TLS proxy.
serve: export DJANGO_DEBUG = 0
serve: export DJANGO_HTTPS ?= 0
serve: export DJANGO_ALLOWED_HOSTS ?= localhost,127.0.0.1
serve: export PORT := $(PORT)
serve: setup
	$(PY) manage.py collectstatic --noinput -v 0 $(STATIC_IGNORE)
	$(VENV)/bin/gunicorn -c gunicorn.conf.py connect_app.wsgi

# Throughput, latency and bytes of `make serve`'s configuration against a local Connect stand-in
# with a fixed latency; prints the figures beside their budgets and fails if one is missed.
# Read throughput is measured with Debian's wrk (installed here when missing, as root).
# Flags via BENCH_ARGS, e.g. make bench BENCH_ARGS="--duration 5 --soak 10".
bench: setup
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk >/dev/null; } || \
		{ echo "make bench needs wrk: run 'sudo apt-get install wrk'" >&2; exit 1; }
	$(PY) bench/run.py $(BENCH_ARGS)

# Lighthouse (pinned in package.json, mobile preset, default throttling) with Debian's chromium
# against `make serve`'s configuration and the sandbox, each page opened with an established
# session; prints scores and metrics beside their budgets and fails if one is missed. A
# benchmark, not a test. Pages by name, e.g. make lighthouse LIGHTHOUSE_PAGES="dashboard landing".
LIGHTHOUSE_PAGES ?= all
lighthouse: setup
	$(PY) bench/lighthouse.py $(LIGHTHOUSE_PAGES) $(LIGHTHOUSE_ARGS)

# Refresh the translation catalogues (locale/*/LC_MESSAGES/django.po) from the code and
# templates, then compile them. Needs GNU gettext (apt-get install gettext); running does not.
messages: setup
	$(PY) manage.py refresh_catalogues

clean:
	rm -rf $(VENV) node_modules build staticfiles .pytest_cache .mypy_cache .ruff_cache
