"""The query catalog and the engines that answer it."""

ENGINES = ("embedded", "neo4j")
"""Where Cypher runs: LadybugDB in process, or a Neo4j server."""

QUERY_ENGINES = (*ENGINES, "sparql")
"""Where a catalog question runs: Cypher on either engine, or SPARQL."""
