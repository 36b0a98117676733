# Two commands on a fresh machine: `make run` (set up and serve) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := pkcourse

.PHONY: run serve test test-postgres lint install bench bench-scale audit

$(BIN)/python:
	@echo "Creating .venv and installing pkcourse (the first time takes about a minute)..."
	@$(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip

# Stamp files make a second `make run` skip the install unless pyproject.toml changed.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	@$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

$(VENV)/.installed-production: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[production]'
	touch $@

install: $(VENV)/.installed

# A local secret key, generated once, so sessions survive restarts and the app never runs with
# the development key outside debug mode.
instance/config.py:
	@mkdir -p instance
	@$(BIN)/python -c "import secrets; print(f'SECRET_KEY = {secrets.token_hex(32)!r}')" > $@

# Plain http on this machine only, so cookies may not insist on HTTPS here.
run: export PKCOURSE_SESSION_COOKIE_SECURE = false
run: export PKCOURSE_REMEMBER_COOKIE_SECURE = false
run: $(VENV)/.installed instance/config.py
	@$(BIN)/flask db upgrade
	@echo "Database: up to date (instance/pkcourse.sqlite3)."
	@$(BIN)/flask content import
	@echo "pkcourse is serving at http://127.0.0.1:5000 (Ctrl+C to stop)"
	@$(BIN)/flask run --host 127.0.0.1 --port 5000

# Production serving: gunicorn with the same PKCOURSE_* settings (see README, "Production").
# Two workers fit a small server; raise WORKERS to about 2 x CPU cores on a bigger one.
# --preload loads the app once in the master and the workers share it (pkcourse/gunicorn_config.py
# keeps that safe): two workers use about 128 MiB instead of 148 (benchmarks/README.md).
WORKERS ?= 2
BIND ?= 127.0.0.1:8000
serve: $(VENV)/.installed-production instance/config.py
	$(BIN)/flask db upgrade
	$(BIN)/flask content import
	@echo "pkcourse (gunicorn, $(WORKERS) workers) is serving at http://$(BIND)"
	$(BIN)/gunicorn --workers $(WORKERS) --bind $(BIND) --no-control-socket \
		--preload --config python:pkcourse.gunicorn_config \
		--access-logfile - 'pkcourse:create_app()'

# pytest exits with 5 when it collected nothing: that is a broken suite, not a pass.
test: $(VENV)/.installed-test
	$(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$rc

# The same suite on PostgreSQL: each test gets its own database, created and dropped on the server.
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
test-postgres: $(VENV)/.installed-test
	PKCOURSE_TEST_DATABASE_URL=$(PG_TEST_URL) $(MAKE) --no-print-directory test

lint: $(VENV)/.installed-test
	$(BIN)/ruff check pkcourse tests benchmarks
	$(BIN)/ruff format --check pkcourse tests benchmarks
	$(BIN)/mypy

# Throughput of the main pages against a bare Flask page, under `make serve`'s gunicorn (see
# benchmarks/README.md). SQLite by default; DB=postgresql+psycopg://postgres@127.0.0.1:5432/pkcourse_bench
# for PostgreSQL (that database is dropped and created again). Not a test: CI does not run it.
DB ?=
BENCH_ARGS ?=
bench: $(VENV)/.installed-production
	$(BIN)/python benchmarks/bench.py $(if $(DB),--database-url $(DB)) $(BENCH_ARGS)

# The teacher pages of the demo class in a PostgreSQL database grown to SCALE_LEARNERS learners
# (about 20 attempts' worth of answers each), with EXPLAIN of their queries (benchmarks/README.md).
SCALE_DB ?= postgresql+psycopg://postgres@127.0.0.1:5432/pkcourse_bench_scale
SCALE_LEARNERS ?= 100000
bench-scale: $(VENV)/.installed-production
	$(BIN)/python benchmarks/scale.py --database-url $(SCALE_DB) --learners $(SCALE_LEARNERS)

# Lighthouse (mobile) and the Nu Html Checker on the course page, a lesson, a quiz, a result, My
# progress and the login page, served by gunicorn on a fresh SQLite database (README, Development).
# Needs Node.js with npm, Java and Chromium; installs Lighthouse and vnu.jar itself (npm, pinned
# versions, into ~/.cache/pkcourse-audit). Not a test: `make test` does not run it.
AUDIT_ARGS ?=
audit: $(VENV)/.installed-production
	$(BIN)/python benchmarks/audit_pages.py $(AUDIT_ARGS)
