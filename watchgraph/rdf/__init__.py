"""The RDF view of the graph: mapping, triples, vocabulary, VoID, SHACL, N-Triples and the
oxigraph store. Exporters, queries and serve build on it; it imports nothing above graph/."""
