# Two commands: `make run` sets up and serves the product with demo data; `make test` sets up and runs every test.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The demo runs with DEBUG on unless told otherwise (README, "Production", for the real thing).
run: export DJANGO_DEBUG := $(or $(DJANGO_DEBUG),1)
run: export SITE_URL := $(or $(SITE_URL),http://localhost:$(PORT))

.PHONY: run test setup system system-test messages compile lint format clean backup restore

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

system:
	@scripts/system-packages.sh run

system-test:
	@scripts/system-packages.sh test

compile: $(VENV)/.installed
	@DJANGO_DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv --ignore=var -v 0

setup: system $(VENV)/.installed compile

run: setup
	@mkdir -p var
	$(BIN)/python manage.py migrate --noinput -v 0
	$(BIN)/python manage.py seed_demo
	@$(BIN)/python manage.py demo_banner --port $(PORT)
	@APP_PORT=$(PORT) exec $(BIN)/honcho start -f Procfile

test: system-test setup
	$(BIN)/pytest -n auto --dist loadfile

# Backup and restore (README, "Backup and restore"): the database, the media folder and a manifest with checksums.
# `make backup [BACKUP_DIR=…]`; `make restore BACKUP_DIR=… [FORCE=1]`. They read the application's environment.
backup:
	@BACKUP_DIR="$(BACKUP_DIR)" $(BIN)/python scripts/backup.py backup

restore:
	@BACKUP_DIR="$(BACKUP_DIR)" FORCE="$(FORCE)" $(BIN)/python scripts/backup.py restore

# Refresh the zh-Hans catalogue from the source strings (then translate the new entries).
messages: $(VENV)/.installed
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemessages -l zh_Hans --no-location -i 'var/*' -i 'tests/*' -i 'bench/*' -i '.venv/*'

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var claims_network.egg-info
