"""Every library query gives the same rows on the real Neo4j as on the embedded engine.

The bundled graph goes into the Neo4j at NEO4J_URI (tools/neo4j/with-neo4j sets it; `make
test` uses it) through `watchgraph export neo4j`'s exporter, after the database is emptied.
Without NEO4J_URI the tests skip, except under CI=true, where they fail. Denied claims are
compared both ways (left out by default, shown with include_denied=true), on the bundled data
and, at the end, on test_queries.DENIALS, whose denied claims sit inside multi-hop questions.
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
from watchgraph.queries.catalog import load_catalog
from watchgraph.queries.cypher_run import run_library
from watchgraph.queries.embedded import EmbeddedEngine
from watchgraph.queries.neo4j_engine import Neo4jEngine, server_from

DENIED = {"include_denied": "true"}

CASES: list[tuple[str, dict[str, str]]] = [
    ("product-users", {"product": "Clearview AI app"}),
    ("product-users", {"product": "Rekognition", **DENIED}),
    ("product-users", {"product": "product:dataworks-image-management"}),
    ("agency-dealings", {"agency": "NYPD"}),
    ("agency-dealings", {"agency": "ICE"}),
    ("agency-dealings", {"agency": "ICE", **DENIED}),
    ("agency-dealings", {"agency": "Sacramento Sheriff"}),
    ("connections", {"from": "NYPD", "to": "ICE"}),
    ("connections", {"from": "McKinsey", "to": "Amazon Rekognition"}),
    ("connections", {"from": "NYPD", "to": "Clearview AI", "maxHops": "1"}),
    ("connections", {"from": "Dallas Police Department", "to": "Clearview AI"}),
    ("connections", {"from": "Dallas Police Department", "to": "Clearview AI", **DENIED}),
    ("connections", {"from": "ICE", "to": "Amazon"}),
    ("connections", {"from": "ICE", "to": "Amazon", **DENIED}),
    ("connections", {"from": "Dallas Police Department", "to": "Sacramento Sheriff"}),
    ("connections", {"from": "NYPD", "to": "Sacramento Sheriff", "maxHops": "2"}),
    ("data-reach", {"agency": "Sacramento Sheriff"}),
    ("data-reach", {"agency": "NYPD"}),
    ("data-reach", {"agency": "HSI"}),
    ("data-reach", {"agency": "ICE"}),
    ("data-reach", {"agency": "agency:fusion-centers"}),
    ("disputed-claims", {}),
    ("contracts", {}),
    ("contracts", DENIED),
    ("contract-totals", {}),
    ("contract-totals", DENIED),
    ("immigration-marketing", {}),
    ("immigration-marketing", {"agency": "DHS"}),
    ("use-without-contract", {}),
    ("use-without-contract", DENIED),
    ("true-on-date", {"day": "2019-01-15"}),
    ("true-on-date", {"day": "2020-06-01"}),
    ("single-source-claims", {}),
    ("single-source-claims", DENIED),
    ("single-source-claims", {"status": "alleged"}),
    ("single-source-claims", {"status": "denied"}),
]

DENIALS_CASES: list[tuple[str, dict[str, str]]] = [
    (name, {**params, **extra}) for name, params in [
        ("agency-dealings", {"agency": "Top Agency"}),
        ("immigration-marketing", {"agency": "Top Agency"}),
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


@pytest.fixture(scope="module")
def embedded(bundled: KnowledgeGraph) -> EmbeddedEngine:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WATCHGRAPH_CACHE", "off")
        return EmbeddedEngine(bundled, show_progress=False)


def test_every_library_query_has_a_case() -> None:
    assert {name for name, _ in CASES} == set(load_catalog("cypher"))


def test_every_query_is_compared_with_and_without_denied_claims() -> None:
    cases = CASES + DENIALS_CASES
    for name, query in load_catalog("cypher").items():
        if "include_denied" in query.params:
            assert {p.get("include_denied", "false") for n, p in cases if n == name} == {
                "false", "true"}, name


@pytest.mark.parametrize("name,params", CASES,
                         ids=[f"{n}:{','.join(p.values())}" for n, p in CASES])
def test_same_rows_on_both_engines(name: str, params: dict[str, str], neo4j: Neo4jEngine,
                                   embedded: EmbeddedEngine, bundled: KnowledgeGraph) -> None:
    on_neo4j = run_library(neo4j, bundled, name, params)
    on_ladybug = run_library(embedded, bundled, name, params)
    assert on_ladybug.columns == on_neo4j.columns
    # every library query ends in ORDER BY a total order, so the order must agree too
    assert on_ladybug.rows == on_neo4j.rows
    assert on_neo4j.rows or name in ("connections",)
    assert "status" in on_neo4j.columns


def test_cli_on_neo4j(neo4j: Neo4jEngine, runner: CliRunner) -> None:
    args = ["query", "product-users", "--param", "product=Rekognition", "--engine", "neo4j",
            "--uri", neo4j.server.uri, "--format", "csv"]
    header = "agency,terms,since,until,status,searchesMin,searchesMax,amount,currency,sources\n"
    result = runner.invoke(cli, args)
    assert (result.exit_code, result.stdout) == (0, header)
    result = runner.invoke(cli, [*args, "--param", "include_denied=true"])
    assert (result.exit_code, result.stdout) == (0, header + (
        "U.S. Immigration and Customs Enforcement,\"contract, no use recorded\",,,denied,,,,,"
        "pogo-amazon-ice\n"))


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


def test_denied_claims_inside_questions_on_both_engines(neo4j: Neo4jEngine,
                                                        bundled: KnowledgeGraph,
                                                        tmp_path: Path) -> None:
    """DENIALS in Neo4j (the bundled graph is put back afterwards): the same rows as on the
    embedded engine, with a denied claim's unit, hop or path left out unless asked for."""
    from test_queries import DENIALS

    path = tmp_path / "denials.yaml"
    path.write_text(DENIALS, "utf-8")
    denials = api.load([path], bundled=False, show_progress=False)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WATCHGRAPH_CACHE", "off")
        embedded = EmbeddedEngine(denials, show_progress=False)
    load_into_neo4j(denials)
    try:
        counts = {"false": 0, "true": 0}
        for name, params in DENIALS_CASES:
            on_neo4j = run_library(neo4j, denials, name, params)
            on_ladybug = run_library(embedded, denials, name, params)
            assert (on_ladybug.columns, on_ladybug.rows) == (on_neo4j.columns, on_neo4j.rows), (
                name, params)
            counts[params.get("include_denied", "false")] += len(on_neo4j.rows)
        assert counts == {"false": 7, "true": 22}
    finally:
        load_into_neo4j(bundled)
