# Two commands for a newcomer: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PORTAL_ADDR := $(HOST):$(PORT)
# The Nu HTML checker for the page crawl test, pinned in package.json / package-lock.json.
VNU_JAR := node_modules/vnu-jar/build/dist/vnu.jar
export PORTAL_ADDR

.PHONY: run test lint bench messages makemessages migrate seed clean help

help:
	@echo "make run    - install, migrate, load demo data, serve http://$(HOST):$(PORT) with Celery worker and beat"
	@echo "make test   - the whole test suite, browser tests included"
	@echo "make lint   - ruff"
	@echo "make bench  - benchmarks (avatar-frame composite: endpoint against bare Pillow)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed-run: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed-run $@

# .npmrc turns off install scripts: vnu-jar's would download a Java runtime (Debian's is used).
$(VNU_JAR): package.json package-lock.json
	@scripts/ensure-system-packages.sh npm
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

messages:
	@scripts/ensure-system-packages.sh gettext
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py compilemessages --ignore=.venv -v0

makemessages:
	DEBUG=true $(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=var --ignore=staticfiles --no-obsolete

run: export DEBUG ?= true
run: $(VENV)/.installed-run messages
	@scripts/ensure-system-packages.sh libmagic pango
	$(BIN)/python manage.py migrate --no-input -v0
	$(BIN)/python manage.py seed_demo --if-empty
	@echo "Serving http://$(HOST):$(PORT)  (Ctrl-C stops web, worker and beat)"
	$(BIN)/honcho start -f Procfile.dev

test: $(VENV)/.installed-dev messages $(VNU_JAR)
	@scripts/ensure-system-packages.sh chromium libmagic java pango
	@# Two runs: browser tests (live servers, whole-database flushes) after the rest, so that every
	@# other test finds the data the migrations created. Exit code 5 (nothing selected) is fine.
	@rc=0; $(BIN)/python -m pytest -m "not browser" $(PYTEST_ARGS) || rc=$$?; [ $$rc -eq 5 ] && rc=0; \
	 rc2=0; $(BIN)/python -m pytest -m browser $(PYTEST_ARGS) || rc2=$$?; [ $$rc2 -eq 5 ] && rc2=0; \
	 [ $$rc -eq 0 ] && [ $$rc2 -eq 0 ]

bench: $(VENV)/.installed-run
	@scripts/ensure-system-packages.sh libmagic
	$(BIN)/python scripts/bench_frames.py $(BENCH_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) var staticfiles node_modules
