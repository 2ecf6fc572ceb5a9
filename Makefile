# Rollover Lab: `make run` sets everything up and serves the site; `make test` runs the suite.
# Both create .venv at the project root and install the pinned requirements when they change.
# Debian packages: gettext (compiling the translations) and, for the browser tests, chromium;
# when they are missing and we are root they are installed with apt-get. Both also compile
# the engine's run loop with mypyc when a C compiler and Python's headers are there (`make
# engine`); without them the engine runs as plain Python, only slower.

PYTHON3 ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test setup lint messages engine system-run system-test apt
.DELETE_ON_ERROR:

run: setup
	$(PY) manage.py runserver 127.0.0.1:8000

setup: $(VENV)/.runtime system-run messages engine
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_catalog

test: $(VENV)/.dev system-test messages engine
	$(PY) -m pytest

lint: $(VENV)/.dev $(VENV)/.build
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy --cache-dir=/dev/null simulator/engine

# The engine's monthly run and bank compiled by mypyc; the script does nothing when the build
# matches the sources and this Python. A failure is not an error: the engine then runs its
# sources (simulator/engine/compiled.py).
engine: $(VENV)/.build
	-@$(PY) simulator/compile_engine.py

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

$(VENV)/.build: requirements-build.txt | $(VENV)/bin/python
	@$(PY) -m pip install --quiet -r requirements-build.txt && touch $@ \
	  || echo "Could not install requirements-build.txt: the engine will run its sources."
