# Rollover Lab: `make run` sets everything up and serves the site; `make test` runs the suite.
# Both create .venv at the project root and install the pinned requirements when they change.

PYTHON3 ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test setup lint

run: setup
	$(PY) manage.py runserver 127.0.0.1:8000

setup: $(VENV)/.runtime
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_catalog

test: $(VENV)/.dev
	$(PY) -m pytest

lint: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

$(VENV)/bin/python:
	$(PYTHON3) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime $@
