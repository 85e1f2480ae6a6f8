# Shoal: the two commands a new user needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# make docs-serve serves the guides here, beside make run's site.
DOCS_PORT ?= 8001
# The site's address, which emails and the demo site's links use (portal/settings/base.py):
# SITE_URL from the command line or the environment, else from .env (manage.py reads that
# itself), else the address make run serves. Every manage.py run here gets it.
ifeq ($(origin SITE_URL),undefined)
ifeq ($(shell grep -Eqs '^[[:space:]]*(export[[:space:]]+)?SITE_URL[[:space:]]*=' .env && echo yes),)
SITE_URL := http://$(HOST):$(PORT)
export SITE_URL
ifneq ($(SITE_URL),http://127.0.0.1:8000)
SITE_URL_TIP := Put SITE_URL=$(SITE_URL) in .env so that the manage.py commands you run \
	yourself link here too (they link to http://127.0.0.1:8000 otherwise).
endif
endif
endif
# Run apt-get through sudo only when we are not already root.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test lint format test-postgres assets chromium install install-test install-docs install-load migrate demo check bench bench-pdf scale-out-check backup restore loadtest docs docs-serve docs-screenshots clean help

help:
	@echo "make run            set up and serve the demo site on http://$(HOST):$(PORT)/"
	@echo "make test           set up and run the whole test suite (SQLite)"
	@echo "make test-postgres  run the whole suite against a throwaway PostgreSQL server"
	@echo "make lint           ruff check and format check"
	@echo "make bench          measure every page type as production serves it (docs/benchmarks.md)"
	@echo "make backup         back up the database and media into backups/shoal-<date>-<time>/"
	@echo "make restore BACKUP=backups/shoal-...   put a backup's database and media back"
	@echo "make loadtest       50 simulated people for 60 s against gunicorn (docs/benchmarks.md)"
	@echo "make docs           build the guides (docs/) into site/"
	@echo "make docs-serve     serve the guides on http://$(HOST):$(DOCS_PORT)/"

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Runtime packages only, at the versions CI tested (constraints.txt).
$(VENV)/.installed: pyproject.toml constraints.txt | $(PY)
	$(PIP) install --quiet -c constraints.txt -e .
	touch $@

# Runtime and test packages.
$(VENV)/.installed-test: pyproject.toml constraints.txt | $(PY)
	$(PIP) install --quiet -c constraints.txt -e '.[test]'
	touch $@ $(VENV)/.installed $(VENV)/.installed-docs

# Runtime packages and MkDocs, for the guides (the test extra includes MkDocs too).
$(VENV)/.installed-docs: pyproject.toml constraints.txt | $(PY)
	$(PIP) install --quiet -c constraints.txt -e '.[docs]'
	touch $@ $(VENV)/.installed

# The load test's locust (make loadtest), beside the test packages.
$(VENV)/.installed-load: pyproject.toml constraints.txt | $(PY)
	$(PIP) install --quiet -c constraints.txt -e '.[test,load]'
	touch $@ $(VENV)/.installed $(VENV)/.installed-test

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test
install-docs: $(VENV)/.installed-docs
install-load: $(VENV)/.installed-load

# GOV.UK Frontend compiled with Shoal's brand, served from portal/static (no CDN), and the
# HTML checker's jar for the tests. No package needs its install script (vnu-jar's would
# download a Java runtime from the internet; Java comes from Debian's packages instead).
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

portal/static/shoal/shoal.css: node_modules/.package-lock.json portal/assets/shoal.scss portal/assets/copy-vendor.mjs
	npm run --silent build

assets: portal/static/shoal/shoal.css

migrate: install assets
	$(PY) manage.py migrate --noinput -v0

# The loader sends no email and ends with the demo accounts and the address to open.
demo: migrate
	@echo "Loading the demo content (a minute or so the first time)..."
	$(PY) manage.py load_demo_content

# The site and, beside it, the background worker (bid PDFs, emails, search indexing) on the
# database task backend, as in production; Ctrl+C stops both.
RUN_TASK_BACKEND ?= django_tasks_db.DatabaseBackend
run: demo
	@echo "Serving Shoal on http://$(HOST):$(PORT)/ (admin at /admin/), with the background worker. Stop with Ctrl+C."
	@$(if $(SITE_URL_TIP),echo "$(SITE_URL_TIP)",true)
	@export TASK_BACKEND=$(RUN_TASK_BACKEND); \
	$(PY) manage.py db_worker --interval 0.5 --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# Browser tests drive Debian's chromium; Playwright cannot download its own browser here.
# The same target installs Java (the HTML checker) and wrk (the benchmark's request scripts).
chromium:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-dejavu-core; }
	@command -v java >/dev/null || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq default-jre-headless; }
	@command -v wrk >/dev/null || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq wrk; }

# Two processes (pytest-xdist, a test database each; a test file stays in one process).
# chromium also installs Java, which runs the HTML checker (vnu-jar), and wrk, which the
# benchmark's request scripts are tested with (tests/platform/test_bench_new_rows.py).
TEST_PYTEST_ARGS ?= -n 2 --dist loadfile
test: install-test chromium assets
	$(PY) -m pytest $(TEST_PYTEST_ARGS) $(PYTEST_ARGS)

# The browser tests drive the same views as the rest and already run on SQLite in `make test`;
# on PostgreSQL the suite runs without them, in two processes (pytest-xdist, a test database
# each), to keep CI under half an hour.
POSTGRES_PYTEST_ARGS ?= -m "not browser" -n 2 --dist loadfile
test-postgres: install-test chromium assets
	scripts/with-postgres.sh $(PY) -m pytest $(POSTGRES_PYTEST_ARGS) $(PYTEST_ARGS)

# ruff, then import-linter (.importlinter): no import circle among consortium's packages,
# rules never import views, the domains announce events rather than call the messenger.
lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install-test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: install-test
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check

# Every page type as production serves it (gunicorn over a throwaway PostgreSQL and Redis,
# wrk at concurrency 4) against /healthz/, with its SQL queries and the bid PDF, into
# docs/benchmarks.md, with a chart of five pages' p95 at 1x, 3x and SCALE (matplotlib, into
# docs/benchmarks-scale.png). SCALE=10 for scale-10 data (about 25 minutes on 2 cores);
# BENCH_SECONDS, BENCH_QUICK=1 (scripts/bench.py).
bench: install-test assets
	$(PY) scripts/bench.py $(BENCH_ARGS)

# Time the PDF export of a big bid through the real view against WeasyPrint alone.
bench-pdf: install-test
	$(PY) scripts/bench_bid_pdf.py $(BENCH_ARGS)

# Two gunicorn instances behind nginx over one PostgreSQL, one Redis and shared media:
# sessions, published edits and uploads work through either (installs what it needs).
scale-out-check: install assets
	scripts/with-postgres.sh $(PY) scripts/scale_out_check.py

# The database (pg_dump --format=custom on PostgreSQL; on SQLite a copy through SQLite's backup
# API, safe while the site runs) and MEDIA_ROOT into backups/shoal-<date>-<time>/, or under
# BACKUP_DIR. docs/operators/backups.md.
backup: install
	$(PY) manage.py backup $(if $(BACKUP_DIR),--output-dir "$(BACKUP_DIR)")

# make restore BACKUP=backups/shoal-<date>-<time>: that backup's database and media back in
# place (asks first; RESTORE_ARGS=--noinput does not). Stop gunicorn and the worker first.
restore: install
	@if [ -z "$(BACKUP)" ]; then \
		echo "Say which backup to restore: make restore BACKUP=backups/shoal-<date>-<time>" >&2; \
		ls -d $(or $(BACKUP_DIR),backups)/shoal-* 2>/dev/null | tail -n 5 >&2; exit 2; fi
	$(PY) manage.py restore "$(BACKUP)" $(RESTORE_ARGS)

# locust, headless: 50 simulated people for 60 s against gunicorn over a throwaway PostgreSQL
# and Redis with the demo content; fails on any server error or lost bid edit, and writes
# p50/p95 per kind of request into docs/benchmarks.md. LOADTEST_ARGS=--users 10 --seconds 20.
loadtest: install-load assets
	$(PY) scripts/loadtest.py $(LOADTEST_ARGS)

# The guides for every audience (docs/, nav in mkdocs.yml) as a static site in site/.
# --strict: a broken link, a missing image or a page left out of the nav fails the build.
docs: install-docs
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict --site-dir site

# The guides while you write them, rebuilt on every save.
docs-serve: install-docs
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs serve -a $(HOST):$(DOCS_PORT)

# The guides' screenshots, taken by the browser journeys themselves (tests/screenshots.py)
# at 1280 x 800, into docs/images/. One process, so that no two journeys write at once.
DOCS_SCREENSHOTS ?= docs/images
docs-screenshots: install-test assets chromium
	SHOAL_DOCS_SCREENSHOTS=$(abspath $(DOCS_SCREENSHOTS)) $(PY) -m pytest -m browser -p no:xdist tests $(PYTEST_ARGS)
	@if command -v optipng >/dev/null; then optipng -quiet -o2 -strip all $(DOCS_SCREENSHOTS)/*.png; \
		else echo "(optipng is not installed: the screenshots are not made smaller)"; fi

clean:
	rm -rf $(VENV) node_modules portal/static/shoal/shoal.css portal/static/shoal/govuk static_root site
