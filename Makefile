# One command per developer task.  See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo run dev test lint format bench bench-web fuzz migrations-check browser clean

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

# The database with the demo forms, round and accounts (idempotent).
demo: install
	$(BIN)/jixiao migrate --noinput
	$(BIN)/jixiao load_demo
	$(BIN)/jixiao load_monitoring_demo

# The product as users see it: DEBUG off, so the project's Chinese error pages and no URL
# list; whitenoise serves the static files.  The secret key is generated once for this
# checkout (a deployment sets its own SECRET_KEY).  The background jobs' worker runs beside
# the server and stops with it (Ctrl-C).
SECRET_FILE := $(VENV)/.secret_key
PORT ?= 8000
RUN_ENV = DEBUG=false ALLOWED_HOSTS=127.0.0.1,localhost SECRET_KEY="$$(cat $(SECRET_FILE))"
WITH_WORKER = $(BIN)/jixiao db_worker --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM;

$(SECRET_FILE): | $(STAMP)
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@

run: demo $(SECRET_FILE)
	export $(RUN_ENV); $(WITH_WORKER) $(BIN)/jixiao runserver 127.0.0.1:$(PORT)

# For developers: Django's debug pages (tracebacks, the URL list on a 404).
dev: demo
	export DEBUG=true; $(WITH_WORKER) $(BIN)/jixiao runserver 127.0.0.1:$(PORT)

# The browser tests need Debian's chromium, the PDF tests poppler (pdftotext, pdffonts);
# install them when missing.
browser:
	@test -x /usr/bin/chromium -a -x /usr/bin/pdftotext || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-wqy-microhei poppler-utils)

test: install browser
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

format: install
	$(BIN)/ruff check --fix src tests
	$(BIN)/ruff format src tests

bench: install
	$(BIN)/python -m jixiao.benchmarks $(BENCH)

# The province workload on this machine's PostgreSQL (minutes; see src/jixiao/benchmarks/web.py).
bench-web: install
	@command -v wrk >/dev/null || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk)
	$(BIN)/python -m jixiao.benchmarks.web
# The importers on 10,000 damaged inputs (docs/importer.md): tracebacks, hangs, time, memory.
fuzz: install
	nice $(BIN)/python -m tests.fuzz.run_long $(N)

migrations-check: install
	$(BIN)/jixiao makemigrations --check --dry-run

clean:
	rm -rf $(VENV) db.sqlite3
