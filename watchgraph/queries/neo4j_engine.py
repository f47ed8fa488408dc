"""The Neo4j engine: library and ad-hoc Cypher on a running Neo4j, over Bolt.

The server holds what `watchgraph export neo4j` wrote (the property-graph shape); queries
run in read transactions with every value a parameter. Connection handling and error
messages are the Neo4j exporter's (`connect`, `translated`), so an unreachable server or a
refused login reads the same for `export neo4j` and `query --engine neo4j`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from neo4j import READ_ACCESS, Driver
from neo4j import exceptions as neo4j_exc
from neo4j.graph import Node, Path, Relationship

from watchgraph.errors import UsageError, param
from watchgraph.propertygraph.bolt import Neo4jServer, connect, translated
from watchgraph.propertygraph.cypher import MARKER
from watchgraph.queries.results import QueryError, Result


def server_from(uri: str | None = None, user: str | None = None, password: str | None = None,
                database: str | None = None) -> Neo4jServer:
    """Where to connect: the arguments, else NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD and
    NEO4J_DATABASE. A URI is required: UsageError when neither gives one."""
    uri = uri or os.environ.get("NEO4J_URI")
    if not uri:
        raise UsageError(f"{param('engine')} neo4j needs a server: give {param('uri')} bolt://HOST:PORT "
                         "or set NEO4J_URI")
    return Neo4jServer(uri, user or os.environ.get("NEO4J_USER"),
                       password if password is not None else os.environ.get("NEO4J_PASSWORD"),
                       database or os.environ.get("NEO4J_DATABASE") or None)


def _props(entity: Node | Relationship) -> dict[str, Any]:
    return {k: plain(v) for k, v in sorted(entity.items()) if k != MARKER}


def plain(value: Any) -> Any:
    """A driver value as a plain one, the same as the embedded engine's."""
    if isinstance(value, Node):
        return {"_label": next(iter(sorted(value.labels)), None), **_props(value)}
    if isinstance(value, Relationship):
        return {"_label": value.type, **_props(value)}
    if isinstance(value, Path):
        return {"nodes": [plain(n) for n in value.nodes],
                "relationships": [plain(r) for r in value.relationships]}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


class Neo4jEngine:
    """Runs Cypher on a Neo4j server in read transactions."""

    name = "neo4j"
    variant = "neo4j"

    def __init__(self, server: Neo4jServer) -> None:
        self.server = server
        self._connection = connect(server)
        self._driver: Driver
        self._driver, self._database = self._connection.__enter__()

    def run(self, text: str, params: Mapping[str, Any] | None = None) -> Result:
        """Run one query with parameters; QueryError with one line if it is refused."""
        with translated(self.server, self._database):
            try:
                with self._driver.session(database=self._database,
                                          default_access_mode=READ_ACCESS) as session:
                    res = session.run(text, dict(params or {}))
                    columns = list(res.keys())
                    rows = [tuple(plain(v) for v in record.values()) for record in res]
            except neo4j_exc.CypherSyntaxError as exc:
                line = ((exc.message or str(exc)).strip().splitlines() or ["?"])[0]
                raise QueryError(f"Cypher syntax error: {line}") from None
            except neo4j_exc.ClientError as exc:
                if exc.code and exc.code.startswith("Neo.ClientError.Security"):
                    raise
                line = ((exc.message or str(exc)).strip().splitlines() or ["?"])[0]
                raise QueryError(f"Neo4j refused the query: {line}") from None
        return Result(columns, rows)

    def close(self) -> None:
        """Close the driver."""
        self._connection.__exit__(None, None, None)
