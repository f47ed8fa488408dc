"""The RDF view of the graph: mapping, triples, vocabulary, VoID, SHACL, N-Triples and the
oxigraph store. Exporters, queries and serve build on it; it imports nothing above graph/."""

DEFAULT_BASE_IRI = "https://w3id.org/watchgraph/id/"
"""The base of every IRI unless another is given."""
