"""Running Cypher: typed parameters, the engine to run on, library and ad-hoc queries.

A library query's parameters arrive as text (the command line, the header's defaults) and
are read by their declared kind: an `entity` is an id, name or alias resolved through the
graph to its id, an `integer` a whole number, a `date` an ISO day, a `boolean` `true` or
`false` (in any case). Engines: `embedded` (LadybugDB, the default; no server) and `neo4j`
(a running server).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Protocol

from watchgraph.errors import UsageError
from watchgraph.graph.dates import DateValueError, date_bounds
from watchgraph.graph.store import KnowledgeGraph
from watchgraph.queries import ENGINES
from watchgraph.queries.catalog import Query, get_query
from watchgraph.queries.results import Result


class Engine(Protocol):
    """What both engines offer."""

    name: str
    variant: str

    def run(self, text: str, params: Mapping[str, Any] | None = None) -> Result: ...

    def close(self) -> None: ...


def typed_params(query: Query, given: Mapping[str, str], graph: KnowledgeGraph) -> dict[str, Any]:
    """The values a library query runs with: defaults filled in, each read by its kind.

    UsageError for an unknown, missing or malformed parameter; NotFoundError for an entity
    name that matches nothing.
    """
    out: dict[str, Any] = {}
    for name, text in query.bind(given).items():
        kind = query.params[name].kind
        if kind == "entity":
            out[name] = graph.resolve(text).id if text else ""
        elif kind == "integer":
            try:
                out[name] = int(text)
            except ValueError:
                raise UsageError(f"parameter {name!r} of query {query.name} is a whole number, "
                                 f"not {text!r}") from None
        elif kind == "date":
            try:
                if len(text) != 10:
                    raise DateValueError(text)
                date_bounds(text)
            except DateValueError:
                raise UsageError(f"parameter {name!r} of query {query.name} is a day written "
                                 f"YYYY-MM-DD, not {text!r}") from None
            out[name] = text
        elif kind == "boolean":
            out[name] = boolean(query, name, text)
        else:
            out[name] = text
    return out


def boolean(query: Query, name: str, text: str) -> bool:
    """A boolean parameter's text (`true` or `false`, in any case) as a bool."""
    value = {"true": True, "false": False}.get(str(text).strip().lower())
    if value is None:
        raise UsageError(f"parameter {name!r} of query {query.name} is true or false, "
                         f"not {text!r}")
    return value


def adhoc_params(given: Mapping[str, str]) -> dict[str, Any]:
    """Parameters of an ad-hoc query: JSON where the text is JSON (3, true, ["a"]), else text."""
    out: dict[str, Any] = {}
    for key, text in given.items():
        try:
            out[key] = json.loads(text)
        except ValueError:
            out[key] = text
    return out


def open_engine(engine: str, graph: KnowledgeGraph, uri: str | None = None,
                user: str | None = None, password: str | None = None,
                database: str | None = None, show_progress: bool = True) -> Engine:
    """An engine ready to run queries: `embedded` on the graph, or `neo4j` on a server."""
    if engine == "embedded":
        from watchgraph.queries.embedded import EmbeddedEngine

        return EmbeddedEngine(graph, show_progress)
    if engine == "neo4j":
        from watchgraph.queries.neo4j_engine import Neo4jEngine, server_from

        return Neo4jEngine(server_from(uri, user, password, database))
    raise UsageError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")


def run_library(engine: Engine, graph: KnowledgeGraph, name: str,
                params: Mapping[str, str]) -> Result:
    """Run the library query `name` on an engine (its variant for that engine, if any)."""
    query = get_query("cypher", name)
    return engine.run(query.text_for(engine.variant), typed_params(query, params, graph))
