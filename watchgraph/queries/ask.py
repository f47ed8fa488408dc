"""Asking the catalog: one question, on any engine, with the same rows.

`ask` runs a question's Cypher on the embedded engine or Neo4j, or its SPARQL on the
graph's oxigraph store or an endpoint, and gives back a `Result` whose columns are the
question's and whose values are plain Python: SPARQL literals read by their datatype
(integers, decimals, booleans, text), our IRIs as ids, and every list column a sorted list
on every engine (Cypher's `collect` and SPARQL's `GROUP_CONCAT` order nothing).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from watchgraph.errors import UsageError, param
from watchgraph.graph.store import KnowledgeGraph
from watchgraph.queries import QUERY_ENGINES
from watchgraph.queries.catalog import LIST_SEPARATOR, Question, get_question
from watchgraph.queries.results import QueryError, Result, cell, ordered
from watchgraph.rdf import DEFAULT_BASE_IRI


def ask(name: str, params: Mapping[str, str], engine: str = "embedded",
        graph: KnowledgeGraph | None = None, *, endpoint: str | None = None,
        uri: str | None = None, user: str | None = None, password: str | None = None,
        database: str | None = None, base_iri: str = DEFAULT_BASE_IRI) -> Result:
    """The answer to question `name` (parameters as text, read by their kinds) on `engine`:
    `embedded` or `neo4j` (Cypher, on the graph or the server), or `sparql` (on the graph's
    store, or on `endpoint` when given, where entity names go as given)."""
    if engine not in QUERY_ENGINES:
        raise UsageError(f"{param('engine')} {engine!r}: use one of {', '.join(QUERY_ENGINES)}",
                         param="engine")
    if endpoint and engine != "sparql":
        raise UsageError(f"{param('endpoint')} is a SPARQL endpoint: give it with "
                         f"{param('engine')} sparql", param="endpoint")
    question = get_question(name)
    language = "sparql" if engine == "sparql" else "cypher"
    if language not in question.queries:
        raise UsageError(f"question {name} is not written in {language.upper()} yet; ask it with "
                         f"{param('engine')} {'embedded' if language == 'sparql' else 'sparql'}",
                         param="engine")
    if engine == "sparql":
        result = _sparql(question, params, graph, endpoint, base_iri)
    else:
        if graph is None:
            raise UsageError("a Cypher question needs the graph", param="data")
        from watchgraph.queries import cypher_run

        runner = cypher_run.open_engine(engine, graph, uri, user, password, database)
        try:
            result = cypher_run.run_library(runner, graph, name, params)
        finally:
            runner.close()
    return shaped(question, result)


def _sparql(question: Question, params: Mapping[str, str], graph: KnowledgeGraph | None,
            endpoint: str | None, base_iri: str) -> Result:
    from watchgraph.queries import sparql_engine  # (its rows are put in order by `shaped`)
    from watchgraph.queries.sparql_results import value
    from watchgraph.rdf.mapping import Iris

    answer = sparql_engine.answer(question.name, params, graph, endpoint, base_iri)
    iris = Iris(base_iri)
    return Result(list(answer.variables), [tuple(value(t, iris) for t in row) for row in answer.rows])


def shaped(question: Question, result: Result) -> Result:
    """A result with the question's columns (checked), each list column a sorted list, and
    the rows in the question's order (its `order:` columns, then the others)."""
    names = [c.name for c in question.columns]
    if names and result.columns != names:
        raise QueryError(f"question {question.name} returned columns {', '.join(result.columns)}; "
                         f"its header says {', '.join(names)}")
    lists = [i for i, c in enumerate(question.columns) if c.is_list]
    rows = list(result.rows)
    if lists:
        rows = []
        for row in result.rows:
            cells = list(row)
            for i in lists:
                cells[i] = as_list(cells[i])
            rows.append(tuple(cells))
    if question.order:
        rows = ordered(rows, names, question.order)
    return Result(result.columns, rows)


def as_list(v: Any) -> list[Any]:
    """A list column's value, sorted: a Cypher list, or SPARQL's joined text split apart."""
    if v is None or v == "":
        return []
    items = v.split(LIST_SEPARATOR) if isinstance(v, str) else list(v)
    return sorted((i for i in items if i is not None and i != ""), key=cell)
