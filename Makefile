# Alliance — the two commands: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check
HOST ?= 127.0.0.1
PORT ?= 8000
# The one address links in e-mails, calendar files, feeds and minutes point at; by default
# the one `make run` serves on (`make run PORT=8100` mails links to :8100). Set it to the
# public address behind a proxy.
SITE_URL ?= http://$(HOST):$(PORT)
# Flags tests pass on to pytest, e.g. make test PYTEST_ARGS="-k directory -x"
PYTEST_ARGS ?=
# pytest-xdist processes: one per core (each has its own test database and Redis database).
TEST_WORKERS ?= auto

.PHONY: run test lint install install-dev serve lock messages clean worker site-url

$(PY):
	$(PYTHON) tools/bootstrap_venv.py $(VENV)

$(VENV)/.installed: requirements.lock pyproject.toml | $(PY)
	$(PIP) install --require-hashes --no-deps -r requirements.lock
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock pyproject.toml | $(PY)
	$(PIP) install --require-hashes --no-deps -r requirements-dev.lock
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## make run: set up, migrate, load the demo data into an empty database, serve on :8000
run: export SITE_URL := $(SITE_URL)
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --if-empty --show-logins
	@printf '\n  Alliance is at http://%s:%s/  (links in e-mails: %s; e-mails go to var/mail/; stop with Ctrl+C)\n\n' $(HOST) $(PORT) $(SITE_URL)
	@# Session reminders are a periodic sweep (cron in production); here a loop beside the server.
	$(PY) manage.py send_reminders --loop --every 60 >var/reminders.log 2>&1 & trap 'kill $$! 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

## make site-url: the address links will point at (make site-url PORT=8100)
site-url:
	@echo $(SITE_URL)

## make test: install the dev dependencies and run the whole suite
test: install-dev
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

## make lint: ruff, mypy (django-stubs), import contracts (docs/architecture-layers.md), migrations up to date
lint: install-dev
	$(PY) -m ruff check alliance tests bench tools
	$(PY) -m mypy alliance
	$(VENV)/bin/lint-imports --no-cache --no-logo
	$(PY) manage.py makemigrations --check --dry-run

## make worker: run background tasks from the database queue (production)
worker: install
	$(PY) manage.py db_worker

## make lock: recompile the pinned, hashed lock files from pyproject.toml
lock: install-dev
	$(PY) -m pip install -q uv
	$(VENV)/bin/uv pip compile pyproject.toml --generate-hashes --python-version 3.11 -q -o requirements.lock
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -q -o requirements-dev.lock

## make messages: refresh the translation catalogs (needs GNU gettext) and compile them
messages: install-dev
	cd alliance && ../$(PY) ../manage.py makemessages -l de -l fr -l it -l es --no-obsolete --no-location
	cd alliance && ../$(PY) ../manage.py compilemessages

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
