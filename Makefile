# The README's two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint fuzz clean browser neo4j neo4j-stop

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed setup.cfg
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

## make run: install into .venv, validate the bundled dataset, build the graph, write out/
run: $(VENV)/.installed
	$(BIN)/watchgraph build --out out

## make test: install the test dependencies into .venv, check the code (ruff, mypy) and run
## the test suite (with a real Neo4j from tools/neo4j and Debian's Chromium for the browser tests)
test: $(VENV)/.installed-test browser lint
	tools/neo4j/with-neo4j $(BIN)/python -m pytest

## make lint: ruff (a small rule set, ruff.toml) and mypy (strict for the lower floors, setup.cfg)
lint: $(VENV)/.installed-test
	$(BIN)/ruff check watchgraph tests benchmarks
	$(BIN)/mypy

## make fuzz: every loader in the registry fuzzed with 10,000 mutated inputs each (the test
## suite runs a short pass of the same harness); prints cases, graphs, errors and time per loader
FUZZ_EXAMPLES ?= 10000
fuzz: $(VENV)/.installed-test
	WATCHGRAPH_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -p no:cacheprovider -s -q tests/test_fuzz.py

## Debian's Chromium, used by Playwright (no browser download)
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

## make neo4j: a local Neo4j on bolt://127.0.0.1:7687 (make neo4j-stop stops it)
neo4j:
	tools/neo4j/start 7687

neo4j-stop:
	tools/neo4j/stop 7687

clean:
	rm -rf $(VENV) out .pytest_cache
