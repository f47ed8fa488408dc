"""Running SPARQL: on an embedded pyoxigraph store built from the graph, or on any SPARQL
1.1 endpoint over HTTP (sparql_http.py); parameters are bound by sparql_params.py and the
answers written by sparql_results.py."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from watchgraph.errors import UsageError, param
from watchgraph.graph.store import KnowledgeGraph
from watchgraph.queries.catalog import get_query
from watchgraph.queries.results import ordered
from watchgraph.queries.sparql_http import run_on_endpoint
from watchgraph.queries.sparql_params import is_library_name, prepare
from watchgraph.queries.sparql_results import SparqlResult as SparqlResult
from watchgraph.queries.sparql_results import answer_of, one_line, value
from watchgraph.rdf import DEFAULT_BASE_IRI


def run(query: str, params: Mapping[str, str], graph: KnowledgeGraph | None = None,
        endpoint: str | None = None, base_iri: str = DEFAULT_BASE_IRI) -> SparqlResult:
    """Run a query (see `prepare`) on an endpoint, or on the graph in an embedded store; a
    catalog question's rows in its header's order."""
    return in_question_order(query, answer(query, params, graph, endpoint, base_iri), base_iri)


def answer(query: str, params: Mapping[str, str], graph: KnowledgeGraph | None = None,
           endpoint: str | None = None, base_iri: str = DEFAULT_BASE_IRI) -> SparqlResult:
    """A query's answer as the store or endpoint gives it (in no particular order)."""
    text = prepare(query, params, None if endpoint else graph)
    if endpoint:
        return run_on_endpoint(endpoint, text)
    if graph is None:
        raise UsageError(f"nothing to query: give a graph, or an endpoint with {param('endpoint')}",
                         param="endpoint")
    from watchgraph.rdf.store import oxigraph_store

    return run_on_store(oxigraph_store(graph, base_iri), text)


def in_question_order(query: str, result: SparqlResult, base_iri: str) -> SparqlResult:
    """A catalog question's rows in its header's order (its SPARQL does not sort)."""
    if result.kind != "select" or not is_library_name(query):
        return result
    order = get_query("sparql", query).order
    if order:
        from watchgraph.rdf.mapping import Iris

        iris = Iris(base_iri)
        result.rows = ordered(result.rows, result.variables, order, lambda t: value(t, iris))
    return result


def run_on_store(store: Any, text: str) -> SparqlResult:
    """Run a query on a pyoxigraph Store; UsageError for a malformed one."""
    import pyoxigraph as ox

    try:
        return answer_of(ox, store.query(text))
    except SyntaxError as exc:
        raise UsageError(f"SPARQL syntax error: {one_line(str(exc))}") from None
