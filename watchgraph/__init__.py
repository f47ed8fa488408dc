"""watchgraph: a knowledge graph of who watches whom, with the evidence for every relationship.

The library's functions (watchgraph.api) are imported on first use, so that importing the
package, or starting the command line, loads nothing it does not need.
"""

from __future__ import annotations

from typing import Any

__all__ = ["build", "cypher", "cypher_queries", "export", "export_json", "export_neo4j",
           "export_neo4j_import", "export_rdf", "load", "path", "query", "render",
           "render_inline", "schema_overview", "search", "serve", "show", "sparql", "sparql_queries",
           "stats", "validate"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name == "schema_overview":
        from watchgraph.docs import schema_overview

        return schema_overview
    if name in __all__:
        from watchgraph import api

        return getattr(api, name)
    raise AttributeError(f"module 'watchgraph' has no attribute {name!r}")
