# The only entry point for humans and CI. `make run` and `make test` install
# what they need (idempotently: each step skips what is already there).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

CACHE ?= $(HOME)/.cache/iam
# Outside the clone, so a fresh clone on the same machine reuses earlier builds.
export CARGO_TARGET_DIR ?= $(CACHE)/target
export IAM_CACHE := $(CACHE)
API_BIN := $(CARGO_TARGET_DIR)/debug/iam-api
# The browser suite's server: built with the test-hooks feature, which lets
# tests read CAPTCHA answers. Never deployed; `make run` uses $(API_BIN).
TEST_API_BIN := $(CARGO_TARGET_DIR)/debug/iam-api-test-hooks
E2E := tests/e2e
PG_URL ?= postgres://iam:iam@127.0.0.1:5432
WASM_BINDGEN_VERSION := $(shell sed -n '/^name = "wasm-bindgen"$$/{n;s/version = "\(.*\)"/\1/p}' Cargo.lock)
APT_PACKAGES := chromium firefox-esr rustc-web cargo-web rust-web-src lld postgresql libpq-dev sqlite3 nginx slapd ldap-utils
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: help run test deps deps-apt deps-node deps-wasm-bindgen build build-test-hooks web lint unit openapi openapi-check openapi-baseline deploy-check \
        postgres test-api test-api-sqlite test-api-postgres e2e e2e-sqlite e2e-postgres deps-sdk deps-sdk-python sdk-build sdk sdk-sqlite sdk-postgres deps-fuzz fuzz fuzz-sqlite fuzz-postgres \
        test-resilience test-resilience-sqlite test-resilience-postgres bench build-release fmt schema-check clean

help:
	@echo "make run    — build and start on SQLite with demo data at http://127.0.0.1:8080"
	@echo "make test   — install what is needed and run every test"
	@echo "other targets: lint unit test-api-sqlite test-api-postgres e2e openapi schema-check fmt test-resilience bench"

# --- installing -------------------------------------------------------------
deps: deps-apt deps-node deps-sdk deps-fuzz deps-wasm-bindgen

deps-apt:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

deps-node: $(E2E)/node_modules/.installed
$(E2E)/node_modules/.installed: $(E2E)/package.json $(E2E)/package-lock.json
	cd $(E2E) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

deps-wasm-bindgen:
	@if ! wasm-bindgen --version 2>/dev/null | grep -q "$(WASM_BINDGEN_VERSION)"; then \
	  cargo install wasm-bindgen-cli --version "=$(WASM_BINDGEN_VERSION)" --locked; fi

# --- building ---------------------------------------------------------------
build:
	cargo build -p iam-api

build-test-hooks:
	cargo build -p iam-api --features test-hooks
	cp $(API_BIN) $(TEST_API_BIN)

web: deps-apt deps-node deps-wasm-bindgen
	web/build.sh

# --- running ----------------------------------------------------------------
run: deps web build
	@mkdir -p data
	@IAM_DEV_MODE=true IAM_MAIL_TRANSPORT=file $(API_BIN) seed-demo
	@echo ""
	@echo "IAMOnline is starting at http://127.0.0.1:8080  (e-mails: http://127.0.0.1:8080/dev/mail)"
	@echo "Demo logins: see above, or data/demo-credentials.txt.  Stop with Ctrl-C."
	@# The demo applications behind the VAOS and Syntropi tiles (docs/oidc.md).
	@IAM_DEV_MODE=true IAM_MAIL_TRANSPORT=file IAM_API_BIN=$(API_BIN) node $(E2E)/demo-apps.mjs &
	@# Passkeys need a host name; on 127.0.0.1 staff could not meet their
	@# passkey policy, so the demo relaxes it (docs/authenticators.md).
	@IAM_DEV_MODE=true IAM_MAIL_TRANSPORT=file IAM_AUTHENTICATOR_POLICY_ROLES= exec $(API_BIN) serve

# --- testing ----------------------------------------------------------------
test: deps lint unit openapi-check deploy-check test-api web e2e sdk fuzz
	@echo "make test: all suites passed (unit, API on SQLite and PostgreSQL, browser, generated SDK and contract fuzzing on SQLite and PostgreSQL)"

lint:
	cargo fmt --all --check
	cargo clippy -p iam-shared -p iam-api -p iam-tests --all-targets -- -D warnings

unit:
	cargo test -p iam-shared -p iam-api

openapi:
	cargo run -q -p iam-api -- openapi > openapi.yaml

openapi-check:
	cargo test -p iam-tests --test api -- openapi::

# deploy/: the systemd unit (systemd-analyze verify and security) and the
# nginx site file (nginx -t).
deploy-check: deps-apt build
	tests/deploy/check.sh $(API_BIN)

# At a release: the committed spec becomes the compatibility baseline
# (docs/api-versioning.md).
openapi-baseline: openapi
	cp openapi.yaml tests/contract/openapi-v1-baseline.yaml

postgres: deps-apt
	@ver=$$(ls /etc/postgresql | sort -n | tail -1); \
	pg_ctlcluster $$ver main start 2>/dev/null || true; \
	for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done; \
	su postgres -c "psql -tAc \"select 1 from pg_roles where rolname='iam'\"" | grep -q 1 || \
	  su postgres -c "psql -qc \"create role iam login password 'iam' superuser\""

test-api: test-api-sqlite test-api-postgres

test-api-sqlite: deps-node
	@echo "=== API integration suite on SQLite ==="
	IAM_TEST_DB=sqlite cargo test -p iam-tests --test api

test-api-postgres: deps-node postgres
	@echo "=== API integration suite on PostgreSQL ==="
	IAM_TEST_DB=postgres IAM_TEST_PG_URL=$(PG_URL) cargo test -p iam-tests --test api

# node's test runner, bounded: a test gets 15 minutes, and a test file's
# process ends once its tests are done even if a server it started lives on
# (a failed `before` never reaches its `stop()`; without this the run waits
# for it forever).
NODE_TEST := node --test --test-force-exit --test-timeout=900000

e2e: e2e-sqlite e2e-postgres

e2e-sqlite: build-test-hooks deps-node
	@echo "=== browser suite (Chromium) on SQLite ==="
	cd $(E2E) && IAM_TEST_DB=sqlite IAM_API_BIN=$(TEST_API_BIN) $(NODE_TEST) --test-concurrency=1

e2e-postgres: build-test-hooks deps-node postgres
	@echo "=== browser suite (Chromium) on PostgreSQL ==="
	cd $(E2E) && IAM_TEST_DB=postgres IAM_TEST_PG_URL=$(PG_URL) IAM_API_BIN=$(TEST_API_BIN) $(NODE_TEST) --test-concurrency=1

# The clients generated from openapi.yaml, TypeScript (openapi-typescript +
# openapi-fetch) and Python (openapi-python-client): regenerated on every run
# and driven against the server on both backends (tests/sdk).
SDK := tests/sdk
deps-sdk: $(SDK)/node_modules/.installed
$(SDK)/node_modules/.installed: $(SDK)/package.json $(SDK)/package-lock.json
	cd $(SDK) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The Python client (openapi-python-client, PyPI) in a virtualenv of its own,
# generated into the cache on every run.
SDK_VENV := $(CACHE)/venv-sdk
PYTHON_SDK := $(CACHE)/python-sdk
OPENAPI_PYTHON_CLIENT_VERSION := 0.29.1
deps-sdk-python:
	@if ! $(SDK_VENV)/bin/openapi-python-client --version 2>/dev/null | grep -q "$(OPENAPI_PYTHON_CLIENT_VERSION)" \
	    || ! $(SDK_VENV)/bin/python -c "import dateutil" 2>/dev/null; then \
	  python3 -m venv $(SDK_VENV) && $(SDK_VENV)/bin/pip install -q "openapi-python-client==$(OPENAPI_PYTHON_CLIENT_VERSION)" python-dateutil; fi

sdk-build: deps-sdk deps-sdk-python
	cd $(SDK) && npm run -s generate && npm run -s build
	$(SDK_VENV)/bin/openapi-python-client generate --path openapi.yaml --meta none \
	  --output-path $(PYTHON_SDK)/iam_client --overwrite >/dev/null

sdk: sdk-sqlite sdk-postgres

sdk-sqlite: sdk-build build-test-hooks deps-node
	@echo "=== generated SDK on SQLite ==="
	cd $(SDK) && IAM_TEST_DB=sqlite IAM_API_BIN=$(TEST_API_BIN) IAM_SDK_PYTHON=$(SDK_VENV)/bin/python \
	  IAM_PYTHON_SDK_DIR=$(PYTHON_SDK) $(NODE_TEST)

sdk-postgres: sdk-build build-test-hooks deps-node postgres
	@echo "=== generated SDK on PostgreSQL ==="
	cd $(SDK) && IAM_TEST_DB=postgres IAM_TEST_PG_URL=$(PG_URL) IAM_API_BIN=$(TEST_API_BIN) \
	  IAM_SDK_PYTHON=$(SDK_VENV)/bin/python IAM_PYTHON_SDK_DIR=$(PYTHON_SDK) $(NODE_TEST)

# Contract fuzzing with schemathesis (PyPI), in a virtualenv of the cache.
VENV := $(CACHE)/venv
SCHEMATHESIS_VERSION := 4.32.5
deps-fuzz:
	@if ! $(VENV)/bin/schemathesis --version 2>/dev/null | grep -q "$(SCHEMATHESIS_VERSION)"; then \
	  python3 -m venv $(VENV) && $(VENV)/bin/pip install -q "schemathesis==$(SCHEMATHESIS_VERSION)"; fi

fuzz: fuzz-sqlite fuzz-postgres

# The per-IP write limit stays out of the way: the fuzzer sends thousands of requests.
fuzz-sqlite: deps-fuzz build-test-hooks deps-node
	@echo "=== contract fuzzing (schemathesis) on SQLite ==="
	cd tests/contract && IAM_TEST_DB=sqlite IAM_API_BIN=$(TEST_API_BIN) IAM_SCHEMATHESIS=$(VENV)/bin/schemathesis \
	  IAM_RATE_LIMIT_PER_MINUTE=1000000 $(NODE_TEST)

fuzz-postgres: deps-fuzz build-test-hooks deps-node postgres
	@echo "=== contract fuzzing (schemathesis) on PostgreSQL ==="
	cd tests/contract && IAM_TEST_DB=postgres IAM_TEST_PG_URL=$(PG_URL) IAM_API_BIN=$(TEST_API_BIN) \
	  IAM_SCHEMATHESIS=$(VENV)/bin/schemathesis IAM_RATE_LIMIT_PER_MINUTE=1000000 $(NODE_TEST)

# Benchmarks (bench/run.mjs, docs/benchmarks.md): a release build under wrk,
# each figure a ratio against a baseline of the same run; writes
# bench/results/report.{md,json}. Not part of `make test` (about 15 minutes).
RELEASE_BIN := $(CARGO_TARGET_DIR)/release/iam-api
build-release:
	cargo build --release -p iam-api

bench: deps-apt deps-node web build-release postgres
	@command -v wrk >/dev/null || { if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get install -y -qq wrk >/dev/null; }
	IAM_API_BIN=$(RELEASE_BIN) IAM_TEST_PG_URL=$(PG_URL) node bench/run.mjs

# Resilience (tests/resilience): SMTP, database and directory outages, kill -9, two
# instances on one database, abuse. Run by .ci/run after `make test`. The
# PostgreSQL run stops and starts the local cluster for its outage test.
test-resilience: test-resilience-sqlite test-resilience-postgres
	@echo "make test-resilience: passed on SQLite and PostgreSQL"

test-resilience-sqlite: deps-apt build-test-hooks deps-node
	@echo "=== resilience suite on SQLite ==="
	cd tests/resilience && IAM_TEST_DB=sqlite IAM_API_BIN=$(TEST_API_BIN) $(NODE_TEST) --test-concurrency=1

test-resilience-postgres: deps-apt build-test-hooks deps-node postgres
	@echo "=== resilience suite on PostgreSQL ==="
	cd tests/resilience && IAM_TEST_DB=postgres IAM_TEST_PG_URL=$(PG_URL) IAM_API_BIN=$(TEST_API_BIN) $(NODE_TEST) --test-concurrency=1

# Both backends must have the same tables and columns (one schema.rs).
schema-check: build postgres
	@tmp=$$(mktemp -d); db=iam_schema_$$$$; \
	DATABASE_URL=sqlite://$$tmp/s.db $(API_BIN) migrate >/dev/null; \
	psql $(PG_URL)/postgres -qc "create database $$db"; DATABASE_URL=$(PG_URL)/$$db $(API_BIN) migrate >/dev/null; \
	sqlite3 $$tmp/s.db "select m.name||'.'||p.name from sqlite_master m join pragma_table_info(m.name) p where m.type='table' and m.name not like 'sqlite_%' and m.name != '__diesel_schema_migrations' order by 1" > $$tmp/a; \
	psql $(PG_URL)/$$db -tAc "select table_name||'.'||column_name from information_schema.columns where table_schema='public' and table_name != '__diesel_schema_migrations' order by 1" > $$tmp/b; \
	psql $(PG_URL)/postgres -qc "drop database $$db"; diff $$tmp/a $$tmp/b && echo "schemas match"

fmt:
	cargo fmt --all

clean:
	rm -rf web/dist data
