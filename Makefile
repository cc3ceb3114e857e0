# wirewatch — run `make help` for the targets.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help setup run test test-unit lint format bench schemas clean

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  %-11s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

setup: $(STAMP) ## create .venv and install wirewatch with its dev tools

run: setup ## the main job: local broker, topics, workers, replay the seeds, show the results
	$(BIN)/wirewatch up

test: setup ## the whole test suite (starts a real Kafka, PostgreSQL, Prometheus, Alertmanager)
	$(BIN)/pytest

test-unit: setup ## tests that need no external service
	$(BIN)/pytest -m "not kafka and not postgres and not prometheus"

lint: setup ## ruff and mypy (strict on pipeline/)
	$(BIN)/ruff check pipeline tests
	$(BIN)/ruff format --check pipeline tests
	$(BIN)/mypy

format: setup ## apply ruff's formatting and safe fixes
	$(BIN)/ruff format pipeline tests
	$(BIN)/ruff check --fix pipeline tests

bench: setup ## every benchmark, one table, JSON under bench-results/
	$(BIN)/wirewatch bench

schemas: setup ## regenerate schemas/ from the models
	$(BIN)/wirewatch schemas

clean: ## stop the local broker and remove local state (keeps the jar cache)
	-$(BIN)/wirewatch broker stop
	rm -rf .wirewatch bench-results
