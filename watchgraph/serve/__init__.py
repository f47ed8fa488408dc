"""The read-only SPARQL endpoint: an oxigraph store built from the graph (reused while the
data has not changed) and the `oxigraph` server process that serves it."""
