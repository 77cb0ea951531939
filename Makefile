# Two commands for a newcomer: `make run` and `make test`. Both create .venv when needed.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: install run test lint typecheck pytest bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

## Try the bot without a workspace: a local Slack stand-in in the browser, data in ./data/.
run: install
	$(BIN)/interview-bot sandbox

## Everything CI checks: lint (ruff, the layer contracts), strict types, then the whole test suite.
test: lint typecheck pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

typecheck: install
	$(BIN)/mypy

pytest: install
	$(BIN)/pytest -n auto

bench: install
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.duplicates --write

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
