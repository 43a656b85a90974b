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

.PHONY: run test lint bench backup restore messages makemessages migrate seed clean help

help:
	@echo "make run    - install, migrate, load demo data, serve http://$(HOST):$(PORT) with Celery worker and beat"
	@echo "make test   - the whole test suite, browser tests included"
	@echo "make lint   - ruff"
	@echo "make bench  - benchmarks: scale seeder, load test against the floor, exports, avatar composite (BENCH_SIZE=small: quick)"
	@echo "make backup - database and media into BACKUP_DIR (default var/backups)"
	@echo "make restore FROM=<backup folder> - put a backup back (stop the portal first)"

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
	@scripts/ensure-system-packages.sh chromium libmagic java nginx postgresql sqlite3 pango
	@# Two runs: browser tests (live servers, whole-database flushes) after the rest, so that every
	@# other test finds the data the migrations created. Exit code 5 (nothing selected) is fine.
	@rc=0; $(BIN)/python -m pytest -m "not browser" $(PYTEST_ARGS) || rc=$$?; [ $$rc -eq 5 ] && rc=0; \
	 rc2=0; $(BIN)/python -m pytest -m browser $(PYTEST_ARGS) || rc2=$$?; [ $$rc2 -eq 5 ] && rc2=0; \
	 [ $$rc -eq 0 ] && [ $$rc2 -eq 0 ]

# `make bench`: scale seeder (once per database) + load test against the floor + exports (when
# built) + avatar compositing. BENCH_SIZE=small is a quick run; BENCH_LOAD_ARGS=--smoke for CI.
BENCH_SIZE ?= full
BENCH_DB ?= portal_bench_$(BENCH_SIZE)
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/$(BENCH_DB)
BENCH_LOAD_ARGS ?= $(if $(filter small,$(BENCH_SIZE)),--seconds 2 --connections 4,--seconds 10 --connections 50)

bench: $(VENV)/.installed-run messages
	@scripts/ensure-system-packages.sh libmagic wrk pango
	@psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$(BENCH_DB)'" | grep -q 1 \
	  || createdb -h 127.0.0.1 -U postgres $(BENCH_DB)
	DATABASE_URL=$(BENCH_DATABASE_URL) DEBUG=true $(BIN)/python manage.py migrate --no-input -v0
	DATABASE_URL=$(BENCH_DATABASE_URL) DEBUG=true $(BIN)/python manage.py bench_seed --size $(BENCH_SIZE) --if-needed
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python scripts/bench_load.py --size $(BENCH_SIZE) $(BENCH_LOAD_ARGS)
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python scripts/bench_exports.py --size $(BENCH_SIZE)
	$(BIN)/python scripts/bench_frames.py $(BENCH_ARGS)

# Database (sqlite3 .backup or pg_dump -Fc) and media (a tar) of the configured portal; see README.
backup: | $(BIN)/python
	@scripts/ensure-system-packages.sh sqlite3
	$(BIN)/python scripts/backup.py backup $(if $(BACKUP_DIR),--dir "$(BACKUP_DIR)")

restore: | $(BIN)/python
	@[ -n "$(FROM)" ] || { echo "usage: make restore FROM=<folder made by make backup>" >&2; exit 2; }
	@scripts/ensure-system-packages.sh sqlite3
	$(BIN)/python scripts/backup.py restore "$(FROM)"

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) var staticfiles node_modules
