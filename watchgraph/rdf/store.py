"""The export as a pyoxigraph Store (bulk-loaded from the N-Triples stream) or an rdflib
Graph, and our plain terms as pyoxigraph terms."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from typing import Any

from watchgraph.graph.store import KnowledgeGraph
from watchgraph.graph.types import Lit
from watchgraph.rdf import DEFAULT_BASE_IRI
from watchgraph.rdf.mapping import Iris, Triple, check_base_iri, rdf_map
from watchgraph.rdf.ntriples import ChunkReader, ntriples_chunks
from watchgraph.rdf.parts import rdf_parts, rdf_triples
from watchgraph.rdf.void import DEFAULT_ENDPOINT


class OxigraphTerms:
    """Our plain terms as pyoxigraph terms, named nodes made once each."""

    def __init__(self) -> None:
        import pyoxigraph as ox

        self.ox = ox
        self._nodes: dict[str, Any] = {}

    def node(self, iri: str) -> Any:
        n = self._nodes.get(iri)
        if n is None:
            n = self._nodes[iri] = self.ox.NamedNode(iri)
        return n

    def obj(self, o: str | Lit) -> Any:
        if o.__class__ is str:
            return self.node(o)
        if o[1] is None:
            return self.ox.Literal(o[0])
        return self.ox.Literal(o[0], datatype=self.node(o[1]))

    def triples(self, parts: Iterable[tuple[str, Iterable[Triple]]]) -> Iterator[Any]:
        """pyoxigraph Triples."""
        Tr, node, obj = self.ox.Triple, self.node, self.obj
        for _, triples in parts:
            for s, p, o in triples:
                yield Tr(node(s), node(p), obj(o))

    def quads(self, parts: Iterable[tuple[str, Iterable[Triple]]], iris: Iris) -> Iterator[Any]:
        """pyoxigraph Quads, each in its part's named graph."""
        Q, node, obj = self.ox.Quad, self.node, self.obj
        for part, triples in parts:
            g = node(iris.graph(part))
            for s, p, o in triples:
                yield Q(node(s), node(p), obj(o), g)


def oxigraph_store(graph: KnowledgeGraph, base_iri: str = DEFAULT_BASE_IRI,
                   endpoint: str = DEFAULT_ENDPOINT, path: str | None = None) -> Any:
    """A pyoxigraph Store holding the export (data, vocabulary and VoID in the default
    graph): in memory, or on disk at `path` (a new folder)."""
    import pyoxigraph as ox

    iris = Iris(check_base_iri(base_iri))
    store = ox.Store(path) if path else ox.Store()
    chunks = ntriples_chunks(rdf_parts(graph, iris, endpoint), {})
    store.bulk_load(io.BufferedReader(ChunkReader(chunks), 1 << 20), ox.RdfFormat.N_TRIPLES)
    return store


def to_rdflib(graph: KnowledgeGraph, base_iri: str = DEFAULT_BASE_IRI,
              endpoint: str = DEFAULT_ENDPOINT, dump: str | None = None) -> Any:
    """The export as an rdflib Graph (data, vocabulary and VoID), prefixes bound."""
    import rdflib

    iris = Iris(check_base_iri(base_iri))
    g = rdflib.Graph(bind_namespaces="none")
    for prefix, ns in rdf_map(graph.schema).ns.items():
        g.bind(prefix, ns)
    add = g.add
    for _, (s, p, o) in rdf_triples(graph, iris, endpoint, dump):
        add((rdflib.URIRef(s), rdflib.URIRef(p), rdflib_obj(rdflib, o)))
    return g


def rdflib_obj(rdflib: Any, o: str | Lit) -> Any:
    if o.__class__ is str:
        return rdflib.URIRef(o)
    return rdflib.Literal(o[0], datatype=rdflib.URIRef(o[1]) if o[1] else None)
