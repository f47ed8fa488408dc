"""Shared fixtures: the bundled graph, a small dataset, and a writer for bad files."""

from __future__ import annotations

import json
import os
import socket
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest
from click.testing import CliRunner
from hypothesis import settings
from hypothesis import strategies as st

from watchgraph import api
from watchgraph.cli import cli
from watchgraph.graph.store import KnowledgeGraph

# Speed is measured in benchmarks/, never asserted: no per-example deadline.
settings.register_profile("watchgraph", deadline=None)
settings.load_profile("watchgraph")

SMALL = """\
sources:
  - id: s1
    title: A story
    publisher: A paper
    published: 2020-05
    kind: news
entities:
  - id: agency:nypd
    type: Agency
    name: New York City Police Department
    aliases: [NYPD]
  - id: company:clearview-ai
    type: Company
    name: Clearview AI
  - id: product:clearview-app
    type: Product
    name: Clearview AI app
relationships:
  - type: USES
    from: NYPD
    to: product:clearview-app
    mode: trial
    status: disputed
    start: 2018-12
    end: 2019-03
    searchesMin: 500
    searchesMax: 1000
    citations:
      - source: s1
        locator: para 1
        quote: the emails show a trial
        note: Emails show a trial.
      - source: s1
        stance: disputes
        locator: para 4
        quote: we never used it
        note: The department denied it.
  - type: DEVELOPS
    from: clearview ai
    to: Clearview AI app
    status: reported
    citations: [{source: s1, locator: para 2, quote: the company makes the app,
                 note: The company makes the app.}]
"""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    """A command's exit status, standard output and standard error."""
    result = runner.invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def unavailable(reason: str, under_ci: str | None = None) -> NoReturn:
    """A real component the tests need is missing: skip, except under CI=true, where that
    fails (with `under_ci`, when given, as the message)."""
    if os.environ.get("CI") == "true":
        pytest.fail(under_ci or reason)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _no_parse_cache(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never read or write the user's parse cache."""
    monkeypatch.setenv("WATCHGRAPH_CACHE", str(tmp_path_factory.mktemp("parse-cache")))


@pytest.fixture(scope="session")
def bundled() -> KnowledgeGraph:
    """The bundled curated dataset, loaded once."""
    return api.load(show_progress=False)


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write a data file (dedented text or bytes) into a fresh folder; return its path."""

    def _write(content: str | bytes, name: str = "data.yaml") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), "utf-8")
        return path

    return _write


@pytest.fixture
def small(write: Callable[..., Path]) -> Path:
    """A three-entity dataset file."""
    return write(SMALL, "small.yaml")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def neo4j_driver() -> Iterator[Any]:
    """A driver for the real Neo4j at NEO4J_URI (NEO4J_USER, NEO4J_PASSWORD; auth off when no
    password). Skipped without NEO4J_URI (tools/neo4j/with-neo4j sets it); under CI=true that fails.
    """
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        unavailable("NEO4J_URI is not set: run under tools/neo4j/with-neo4j for the Neo4j tests",
                    "NEO4J_URI is not set; under CI=true the Neo4j tests need a real Neo4j "
                    "(run them under tools/neo4j/with-neo4j)")
    from neo4j import GraphDatabase

    password = os.environ.get("NEO4J_PASSWORD")
    auth = (os.environ.get("NEO4J_USER") or "neo4j", password) if password is not None else None
    with GraphDatabase.driver(uri, auth=auth) as driver:
        driver.verify_connectivity()
        yield driver


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's headless Chromium through Playwright (never a downloaded browser).

    Skipped when it is not installed (`make test` installs it); under CI=true its absence fails.
    """
    if not Path(CHROMIUM).exists():
        unavailable(f"{CHROMIUM} is missing; `make browser` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# Any one-line text a name or note may hold (no control characters, no outer spaces).
names = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30) \
    .filter(lambda s: s.strip() == s and s.strip())


def one_contract(path: Path, name: str, note: str, amount: float) -> Path:
    """Write a JSON interchange file: an agency named `name` (alias `note`) contracting with
    a company for `amount` USD, cited with `note`. Returns the path."""
    path.write_text(json.dumps({
        "format": "watchgraph-json", "version": 1,
        "nodes": [{"id": "agency:a", "type": "Agency", "name": name, "aliases": [note]},
                  {"id": "company:b", "type": "Company", "name": "B"}],
        "edges": [{"type": "CONTRACTED_WITH", "source": "agency:a", "target": "company:b",
                   "status": "reported", "amount": amount, "currency": "USD",
                   "citations": [{"source": "s", "stance": "supports", "locator": None, "note": note}]}],
        "sources": [{"id": "s", "title": "T", "publisher": "P", "kind": "news"}]}), "utf-8")
    return path
