"""Every question of the catalog gives the same rows on all three engines.

For each question, cases are made from its header: the required parameters, then each
optional one added in turn, then include_denied=true. On the bundled data a parameter takes
its header example; on a small generated dataset (benchmarks/generate.py with every
relationship type and status) an entity parameter takes the best-connected entity of the
type its name stands for (ENTITY_TYPES). Rows are compared as sets of tuples after
normalizing values (None and "" alike, integral floats as integers, lists sorted), on the
embedded engine, on the real Neo4j at NEO4J_URI (tools/neo4j/with-neo4j; required under
CI=true) and in SPARQL on the graph's oxigraph store.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import unavailable

from watchgraph import api
from watchgraph.graph.store import KnowledgeGraph
from watchgraph.queries.ask import shaped
from watchgraph.queries.catalog import Question, load_questions
from watchgraph.queries.cypher_run import run_library
from watchgraph.queries.embedded import EmbeddedEngine
from watchgraph.queries.neo4j_engine import Neo4jEngine, server_from

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

ENTITY_TYPES = {"agency": "Agency", "vendor": "Company", "product": "Product", "system": "Product",
                "from": "Agency", "to": "Company", "party": "Agency"}
"""The entity type a parameter of that name stands for, on the generated dataset."""

GENERATED_DAY = "2019-06-01"


def normal(v: Any) -> Any:
    """A value as compared across engines."""
    if v is None or v == "" or v == []:
        return None
    if isinstance(v, bool):
        return v
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, (list, tuple)):
        return tuple(sorted((normal(x) for x in v), key=repr))
    if isinstance(v, dict):
        return tuple(sorted((k, normal(x)) for k, x in v.items()))
    return v


def rows(result: Any) -> set[tuple[Any, ...]]:
    return {tuple(normal(v) for v in row) for row in result.rows}


def best_connected(graph: KnowledgeGraph, type_name: str) -> str:
    degree: dict[str, int] = {}
    for r in graph.relationships():
        for end in (r.source, r.target):
            if graph.entity(end).type == type_name:
                degree[end] = degree.get(end, 0) + 1
    return max(sorted(degree), key=lambda e: degree[e])


def cases(question: Question, graph: KnowledgeGraph | None) -> list[dict[str, str]]:
    """The parameter sets a question is compared with: on the bundled data (graph None) the
    header's examples, on a generated graph values picked from it."""
    def pick(name: str) -> str:
        p = question.params[name]
        if graph is None:
            assert p.example, f"{question.name}: parameter {name} needs an example"
            return p.example
        if p.kind == "entity":
            assert name in ENTITY_TYPES, f"{question.name}: add {name!r} to ENTITY_TYPES"
            return best_connected(graph, ENTITY_TYPES[name])
        if p.kind == "date":
            return GENERATED_DAY
        assert p.example, f"{question.name}: parameter {name} needs an example"
        return p.example

    base = {n: pick(n) for n, p in question.params.items() if p.required}
    out = [base]
    for n, p in question.params.items():
        if not p.required and n != "include_denied" and p.example:
            out.append({**base, n: pick(n)})
    if "include_denied" in question.params:
        out += [{**c, "include_denied": "true"} for c in list(out)]
    return out


def all_cases(graph: KnowledgeGraph | None) -> list[tuple[str, dict[str, str]]]:
    return [(name, c) for name, q in load_questions().items() for c in cases(q, graph)]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    from generate import generate, write

    folder = tmp_path_factory.mktemp("generated")
    write(generate(400, 3000, seed=7, variety=True), folder)
    return api.load([folder], bundled=False, show_progress=False)


def engines_for(graph: KnowledgeGraph) -> Iterator[dict[str, Any]]:
    if not os.environ.get("NEO4J_URI"):
        unavailable("NEO4J_URI is not set: run under tools/neo4j/with-neo4j for Neo4j parity",
                    "NEO4J_URI is not set; under CI=true the parity tests need a real Neo4j "
                    "(run them under tools/neo4j/with-neo4j)")
    from test_query_parity import load_into_neo4j

    load_into_neo4j(graph)
    neo4j = Neo4jEngine(server_from())
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WATCHGRAPH_CACHE", "off")
        embedded = EmbeddedEngine(graph, show_progress=False)
    yield {"graph": graph, "neo4j": neo4j, "embedded": embedded}
    neo4j.close()


def compare(engines: dict[str, Any], name: str, params: dict[str, str]) -> set[tuple[Any, ...]]:
    graph, question = engines["graph"], load_questions()[name]
    answers = {e: shaped(question, run_library(engines[e], graph, name, params))
               for e in ("embedded", "neo4j")}
    answers["sparql"] = api.query(graph, name, params, "sparql")
    columns = {e: r.columns for e, r in answers.items()}
    assert len({tuple(c) for c in columns.values()}) == 1, columns
    found = {e: rows(r) for e, r in answers.items()}
    assert found["embedded"] == found["neo4j"], (name, params)
    assert found["sparql"] == found["neo4j"], (name, params, found["sparql"] ^ found["neo4j"])
    return found["neo4j"]


def test_every_question_is_written_in_both_languages_with_columns() -> None:
    for name, q in load_questions().items():
        assert set(q.queries) == {"cypher", "sparql"}, name
        assert q.columns and "status" in [c.name for c in q.columns], name
        assert q.order, f"{name}: the header needs an order: line"


@pytest.fixture(scope="module")
def on_bundled(bundled: KnowledgeGraph) -> Iterator[dict[str, Any]]:
    yield from engines_for(bundled)


@pytest.fixture(scope="module")
def on_generated(generated: KnowledgeGraph) -> Iterator[dict[str, Any]]:
    yield from engines_for(generated)


@pytest.mark.parametrize("name,params", all_cases(None),
                         ids=[f"{n}:{','.join(p.values())}" for n, p in all_cases(None)])
def test_same_rows_on_bundled_data(name: str, params: dict[str, str],
                                   on_bundled: dict[str, Any]) -> None:
    compare(on_bundled, name, params)


def test_same_rows_on_generated_data(on_generated: dict[str, Any]) -> None:
    answered = 0
    for name, params in all_cases(on_generated["graph"]):
        answered += bool(compare(on_generated, name, params))
    assert answered >= len(load_questions())
