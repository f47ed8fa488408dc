"""The query catalog and the engines that answer it."""

ENGINES = ("embedded", "neo4j")
"""Where Cypher runs: LadybugDB in process, or a Neo4j server."""
