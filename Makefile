# Rollover Lab: `make run` sets everything up and serves the site; `make test` runs the suite.
# Both create .venv at the project root and install the pinned requirements when they change.
# Debian packages: gettext (compiling the translations) and, for the browser tests, chromium;
# when they are missing and we are root they are installed with apt-get.

PYTHON3 ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test setup lint messages system-run system-test apt
.DELETE_ON_ERROR:

run: setup
	$(PY) manage.py runserver 127.0.0.1:8000

setup: $(VENV)/.runtime system-run messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_catalog

test: $(VENV)/.dev system-test messages
	$(PY) -m pytest

lint: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

messages: $(VENV)/.runtime
	$(PY) manage.py compilemessages --ignore=.venv --ignore=.venv-load -v0

system-run:
	@command -v msgfmt >/dev/null || $(MAKE) --no-print-directory apt PACKAGES="gettext"

system-test:
	@command -v msgfmt >/dev/null && test -x /usr/bin/chromium \
	  || $(MAKE) --no-print-directory apt PACKAGES="gettext chromium"

apt:
	@if [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PACKAGES) >/dev/null; \
	else \
	  echo "Please install the Debian packages: sudo apt-get install $(PACKAGES)"; exit 1; \
	fi

$(VENV)/bin/python:
	@$(PYTHON3) -c "import ensurepip" 2>/dev/null \
	  || $(MAKE) --no-print-directory apt PACKAGES="python3-venv"
	$(PYTHON3) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime $@
