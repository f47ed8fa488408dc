"""The catalog on the real Neo4j: what the header-driven parity test (test_catalog_parity.py,
every question on the bundled and a generated dataset, on all three engines) does not cover.

The bundled graph goes into the Neo4j at NEO4J_URI (tools/neo4j/with-neo4j sets it; `make
test` uses it) through `watchgraph export neo4j`'s exporter, after the database is emptied.
Without NEO4J_URI the tests skip, except under CI=true, where they fail. Here: the CLI on
Neo4j, its one-line errors, read-only runs, and test_queries.DENIALS, whose denied claims sit
inside multi-hop questions, compared on all three engines with include_denied both ways.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import unavailable
from neo4j import GraphDatabase

from watchgraph import api
from watchgraph.cli import cli
from watchgraph.exporters.neo4j import Neo4jExporter
from watchgraph.graph.store import KnowledgeGraph
from watchgraph.queries.embedded import EmbeddedEngine
from watchgraph.queries.neo4j_engine import Neo4jEngine, server_from

DENIED = {"include_denied": "true"}

DENIALS_CASES: list[tuple[str, dict[str, str]]] = [
    (name, {**params, **extra}) for name, params in [
        ("agency-dealings", {"agency": "Top Agency"}),
        ("immigration-marketing", {"agency": "Top Agency"}),
        ("units", {"agency": "Unit A"}),
        ("units", {"agency": "Top Agency"}),
        ("contracts", {"vendor": "Vendor Inc"}),
        ("use-without-contract", {"vendor": "Vendor Inc"}),
        ("product-users", {"vendor": "Vendor Inc"}),
        ("data-reach", {"agency": "Top Agency"}),
        ("data-reach", {"agency": "Unit B"}),
        ("connections", {"from": "Unit A", "to": "Far Agency"}),
        ("product-users", {"product": "Tool"}),
        ("contract-totals", {}),
        ("true-on-date", {"day": "2019-06-01"}),
        ("use-without-contract", {}),
    ] for extra in ({}, DENIED)]


def load_into_neo4j(graph: KnowledgeGraph) -> None:
    """Empty the Neo4j at NEO4J_URI and export the graph into it."""
    server = server_from()
    with GraphDatabase.driver(server.uri, auth=server.auth()) as driver, \
            driver.session(database=server.database) as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS").consume()
    Neo4jExporter(server.uri, server.user, server.password, server.database,
                  show_progress=False).export(graph)


@pytest.fixture(scope="module")
def neo4j(bundled: KnowledgeGraph) -> Iterator[Neo4jEngine]:
    if not os.environ.get("NEO4J_URI"):
        unavailable("NEO4J_URI is not set: run under tools/neo4j/with-neo4j for Neo4j parity",
                    "NEO4J_URI is not set; under CI=true the parity tests need a real Neo4j "
                    "(run them under tools/neo4j/with-neo4j)")
    server = server_from()
    load_into_neo4j(bundled)
    engine = Neo4jEngine(server)
    yield engine
    engine.close()


def test_cli_on_neo4j(neo4j: Neo4jEngine, runner: CliRunner) -> None:
    args = ["query", "product-users", "--param", "product=Rekognition", "--engine", "neo4j",
            "--uri", neo4j.server.uri, "--format", "csv"]
    header = ("agency,product,terms,since,until,status,searchesMin,searchesMax,amount,currency,"
              "sources\n")
    result = runner.invoke(cli, args)
    assert (result.exit_code, result.stdout) == (0, header)
    result = runner.invoke(cli, [*args, "--param", "include_denied=true"])
    assert (result.exit_code, result.stdout) == (0, header + (
        "U.S. Immigration and Customs Enforcement,Amazon Rekognition,\"contract, no use recorded\","
        ",,denied,,,,,pogo-amazon-ice\n"))


def test_neo4j_syntax_error_is_one_line(neo4j: Neo4jEngine, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["cypher", "MATC (n) RETURN n", "--engine", "neo4j",
                                 "--uri", neo4j.server.uri])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: Cypher syntax error: Invalid input 'MATC'")
    assert result.stderr.count("\n") == 1


def test_neo4j_runs_read_only(neo4j: Neo4jEngine, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["cypher", "CREATE (:Agency {id: 'agency:x'})", "--engine", "neo4j",
                                 "--uri", neo4j.server.uri])
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert neo4j.run("MATCH (a:Agency {id: 'agency:x'}) RETURN a").rows == []


def test_denied_claims_inside_questions_on_every_engine(neo4j: Neo4jEngine,
                                                        bundled: KnowledgeGraph,
                                                        tmp_path: Path) -> None:
    """DENIALS in Neo4j (the bundled graph is put back afterwards): the same rows on the
    embedded engine, Neo4j and SPARQL, with a denied claim's unit, hop or path left out
    unless asked for."""
    from test_catalog_parity import compare
    from test_queries import DENIALS

    path = tmp_path / "denials.yaml"
    path.write_text(DENIALS, "utf-8")
    denials = api.load([path], bundled=False, show_progress=False)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WATCHGRAPH_CACHE", "off")
        embedded = EmbeddedEngine(denials, show_progress=False)
    load_into_neo4j(denials)
    try:
        engines = {"graph": denials, "neo4j": neo4j, "embedded": embedded}
        counts = {"false": 0, "true": 0}
        for name, params in DENIALS_CASES:
            counts[params.get("include_denied", "false")] += len(compare(engines, name, params))
        assert counts == {"false": 12, "true": 33}
    finally:
        load_into_neo4j(bundled)
