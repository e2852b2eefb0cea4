# The only commands a newcomer needs. `make run` and `make test` set everything up first.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: setup assets run test lint format serve image bench lighthouse messages clean

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

# The dashboard's script: one ES module per job under frontend/dashboard/ (main.js the entry),
# bundled by esbuild into one classic script in the same way. Build output too.
DASHBOARD_BUNDLE := build/static/js/dashboard.js
$(DASHBOARD_BUNDLE): $(wildcard frontend/dashboard/*.js) frontend/tariff/load.js node_modules/.installed
	node_modules/.bin/esbuild frontend/dashboard/main.js --bundle --minify --format=iife \
		--target=es2020 --log-level=warning --outfile=$@

# The tariff pages' script, likewise from frontend/tariff/ (main.js the entry); the dashboard's
# fetches it where a tariff page is shown.
TARIFF_BUNDLE := build/static/js/tariff.js
$(TARIFF_BUNDLE): $(wildcard frontend/tariff/*.js) node_modules/.installed
	node_modules/.bin/esbuild frontend/tariff/main.js --bundle --minify --format=iife \
		--target=es2020 --log-level=warning --outfile=$@

setup: $(VENV)/.installed node_modules/.installed $(CHART_BUNDLE) $(DASHBOARD_BUNDLE) $(TARIFF_BUNDLE) .env
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py compile_catalogues

run: setup
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# What serving needs besides the code, built in place: the Chart.js bundle, the compiled
# catalogues and the static files collected for WhiteNoise (bin/build-assets, which the
# Dockerfile runs too). Needs a .venv with requirements.txt and npm; see "Running in production".
assets: node_modules/.installed
	@test -x $(PY) || { echo "make assets needs $(PY): python3 -m venv $(VENV) && $(VENV)/bin/pip install -r requirements.txt" >&2; exit 1; }
	PYTHON=$(PY) bin/build-assets

# Two passes (README, "Testing"). First everything on SQLite, browser tests included, spread
# test by test over TEST_WORKERS processes by pytest-xdist (one per core; each has its own test
# database, live server and browser), but a module marked xdist_group all in one worker, so its
# servers start once. Then only the tests marked `postgres`, those whose behaviour depends on
# the database engine, again on PostgreSQL. TEST_POSTGRES_URL names a server where the tests
# may create their own databases.
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
TEST_WORKERS ?= auto
PYTEST := $(VENV)/bin/pytest -p no:cacheprovider

# Debian's chromium (browser tests) and gettext (catalogue tests), installed here when missing
# and running as root; otherwise one line says what to install.
test: setup
	@bin/need chromium:chromium xgettext:gettext
	$(PYTEST) --numprocesses=$(TEST_WORKERS) --dist=loadgroup
	DATABASE_URL=$(TEST_POSTGRES_URL) $(PYTEST) -m postgres --numprocesses=$(TEST_WORKERS) \
		--dist=loadgroup

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy connect_app connect_sandbox tests bench support
	$(VENV)/bin/djade --target-version 5.2 --check $$(find templates connect_sandbox/templates -name '*.html')
	$(VENV)/bin/lint-imports --no-cache

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djade --target-version 5.2 $$(find templates connect_sandbox/templates -name '*.html')

# The production configuration on one machine: DEBUG off, the assets built as for production
# and served by WhiteNoise, gunicorn with threads, the sandbox on (unless FLATPEAK_CONNECT_URL
# names a Connect), the development .env's key. HTTPS-only settings are off because nothing
# terminates TLS locally; set DJANGO_HTTPS=1 behind a TLS proxy.
serve: export DJANGO_DEBUG = 0
serve: export DJANGO_IGNORE_DOTENV = 1
serve: export DJANGO_HTTPS ?= 0
serve: export DJANGO_ALLOWED_HOSTS ?= localhost,127.0.0.1
serve: export DJANGO_SECRET_KEY ?= $(shell sed -n 's/^DJANGO_SECRET_KEY=//p' .env 2>/dev/null)
serve: export CONNECT_SANDBOX_ENABLED ?= $(if $(FLATPEAK_CONNECT_URL),0,1)
serve: export PORT := $(PORT)
serve: setup assets
	$(VENV)/bin/gunicorn -c gunicorn.conf.py connect_app.wsgi

# The image, battery-earnings:latest, with podman (installed on Debian when missing) or docker;
# BASE_IMAGE picks another base (bin/build-image). How to run it, alone or with compose.yaml:
# docs/deployment.md.
image:
	bin/build-image

# What customers feel of `make serve`'s configuration on a throwaway PostgreSQL database, with
# Connect's stand-in answering after 300 ms: instructions per period change (Debian's valgrind),
# added latency with 10 and with 50 customers, errors, Connect calls per action (load by Debian's
# wrk), interaction to next paint and bytes (Debian's chromium); prints the figures beside their
# budgets and fails if one is missed, in about 6 minutes. Flags via BENCH_ARGS, e.g.
# make bench BENCH_ARGS="--pairs 5 --soak-seconds 30" (python bench/run.py --help); gunicorn's
# WEB_CONCURRENCY and GUNICORN_THREADS are passed on, and bench/concurrency.py compares them.
bench: setup
	@bin/need wrk:wrk chromium:chromium valgrind:valgrind gcc:gcc
	$(PY) bench/run.py $(BENCH_ARGS)

# Lighthouse (pinned in package.json, mobile preset, default throttling) with Debian's chromium
# against `make serve`'s configuration and the sandbox, each page opened with an established
# session; prints scores and metrics beside their budgets (bench/lighthouse-budgets.json) and
# fails if one is missed. A benchmark, not a test. Pages by name, e.g.
# make lighthouse LIGHTHOUSE_PAGES="dashboard summary"; LIGHTHOUSE_ARGS="--runs 5 --keep DIR".
LIGHTHOUSE_PAGES ?= all
lighthouse: setup
	@bin/need chromium:chromium
	$(PY) bench/lighthouse.py $(LIGHTHOUSE_PAGES) $(LIGHTHOUSE_ARGS)

# Refresh the translation catalogues (locale/*/LC_MESSAGES/django.po) from the code and
# templates, then compile them. Needs GNU gettext (apt-get install gettext); running does not.
messages: setup
	$(PY) manage.py refresh_catalogues

clean:
	rm -rf $(VENV) node_modules build staticfiles .pytest_cache .mypy_cache .ruff_cache
