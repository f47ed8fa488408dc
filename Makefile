# The README's two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# followthemoney (which checks the FtM export) in its own environment: 4.x needs Python >= 3.11
# and networkx < 3.7, which watchgraph's own environment need not share
FTM_VENV := .venv-ftm
FTM_PYTHON ?= $(PYTHON)

.PHONY: run test lint fuzz clean browser mimalloc neo4j neo4j-stop load ftm-venv

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
## the test suite (with a real Neo4j from tools/neo4j, Debian's Chromium for the browser tests
## and Debian's mimalloc for serve's workers)
test: $(VENV)/.installed-test browser mimalloc lint ftm-venv
	tools/neo4j/with-neo4j $(BIN)/python -m pytest

## make lint: ruff (a small rule set, ruff.toml) and mypy (strict for the lower floors, setup.cfg)
lint: $(VENV)/.installed-test
	$(BIN)/ruff check watchgraph tests benchmarks
	$(BIN)/mypy

## make load: `watchgraph serve` on the generated 200,000-relationship graph, 16 clients for
## 60 s running the SPARQL library plus a stream of pathological queries (loopback only)
load: $(VENV)/.installed mimalloc
	$(BIN)/python benchmarks/load.py --clients 16 --seconds 60

## make fuzz: every loader in the registry fuzzed with 10,000 mutated inputs each (the test
## suite runs a short pass of the same harness); prints cases, graphs, errors and time per loader
FUZZ_EXAMPLES ?= 10000
fuzz: $(VENV)/.installed-test
	WATCHGRAPH_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -p no:cacheprovider -s -q tests/test_fuzz.py

## make ftm-venv: the followthemoney package in .venv-ftm (tests/test_ftm.py runs tools/ftm_check.py there)
ftm-venv: $(FTM_VENV)/.installed

$(FTM_VENV)/.installed:
	@if $(FTM_PYTHON) -m venv $(FTM_VENV) && $(FTM_VENV)/bin/pip install --quiet --upgrade pip \
	    && $(FTM_VENV)/bin/pip install --quiet 'followthemoney>=4.0,<5'; then touch $@; \
	elif [ "$$CI" = true ]; then echo "followthemoney could not be installed into $(FTM_VENV)"; exit 1; \
	else rm -rf $(FTM_VENV); echo "followthemoney could not be installed: the FtM check will be skipped"; fi

## Debian's Chromium, used by Playwright (no browser download)
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

## Debian's mimalloc, the allocator `watchgraph serve` runs its query workers with when it
## is installed (watchgraph/serve/allocator.py)
mimalloc: $(VENV)/.installed
	@$(BIN)/python -c "import sys; from watchgraph.serve.allocator import find_mimalloc; sys.exit(not find_mimalloc())" || { \
	  echo "installing Debian's libmimalloc2.0"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libmimalloc2.0 >/dev/null; }

## make neo4j: a local Neo4j on bolt://127.0.0.1:7687 (make neo4j-stop stops it)
neo4j:
	tools/neo4j/start 7687

neo4j-stop:
	tools/neo4j/stop 7687

clean:
	rm -rf $(VENV) $(FTM_VENV) out .pytest_cache
