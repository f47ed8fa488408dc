"""Shared fixtures: the bundled graph, a small dataset, and a writer for bad files."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner

from watchgraph import api
from watchgraph.graph.store import KnowledgeGraph

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
        note: Emails show a trial.
      - source: s1
        stance: disputes
        locator: para 4
        note: The department denied it.
  - type: DEVELOPS
    from: clearview ai
    to: Clearview AI app
    status: reported
    citations: [{source: s1, locator: para 2, note: The company makes the app.}]
"""


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
