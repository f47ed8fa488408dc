"""watchgraph: a knowledge graph of who watches whom, with the evidence for every relationship."""

from watchgraph.api import (build, cypher, cypher_queries, export, export_json, export_neo4j,
                            export_neo4j_import, export_rdf, load, path, query, render,
                            render_inline, serve, show, sparql, sparql_queries, stats, validate)
from watchgraph.docs import schema_overview

__all__ = ["build", "cypher", "cypher_queries", "export", "export_json", "export_neo4j",
           "export_neo4j_import", "export_rdf", "load", "path", "query", "render",
           "render_inline", "schema_overview", "serve", "show", "sparql", "sparql_queries",
           "stats", "validate"]
__version__ = "0.1.0"
