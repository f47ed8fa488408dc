"""The labelled-property-graph view of the graph: its shape (labels, types, typed columns),
the Cypher statements made from it, and the Bolt connection. Exporters and queries build on
it; it imports nothing above graph/."""
