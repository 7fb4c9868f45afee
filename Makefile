# One command per developer task.  See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint format bench bench-web migrations-check browser clean

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

run: install
	$(BIN)/jixiao migrate --noinput
	$(BIN)/jixiao load_demo
	$(BIN)/jixiao load_monitoring_demo
	@# The background jobs' worker runs beside the server and stops with it (Ctrl-C).
	$(BIN)/jixiao db_worker --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/jixiao runserver 127.0.0.1:8000

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

migrations-check: install
	$(BIN)/jixiao makemigrations --check --dry-run

clean:
	rm -rf $(VENV) db.sqlite3
