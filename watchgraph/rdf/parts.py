"""The three parts of an RDF export: the data, the `wg:` vocabulary and the VoID
description, as plain triples (see mapping.py for the terms)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from watchgraph.graph.store import KnowledgeGraph
from watchgraph.rdf.mapping import Iris, Triple, rdf_map
from watchgraph.rdf.triples import TripleCounts, data_triples
from watchgraph.rdf.vocabulary import vocabulary_triples
from watchgraph.rdf.void import DEFAULT_ENDPOINT, default_dump_url, void_triples


def rdf_parts(graph: KnowledgeGraph, iris: Iris, endpoint: str = DEFAULT_ENDPOINT,
              dump: str | None = None) -> Iterator[tuple[str, Iterable[Triple]]]:
    """The parts of an export, in order: `data`, `vocabulary` and `void`, each with its
    triples (take each part's triples before the next part: VoID counts them)."""
    counts = TripleCounts()
    yield "data", data_triples(graph, iris, counts)
    vocab = list(vocabulary_triples(graph.schema))
    counts.triples += len(vocab)
    yield "vocabulary", vocab
    yield "void", void_triples(rdf_map(graph.schema), iris, counts, endpoint, dump or default_dump_url(iris))


def rdf_triples(graph: KnowledgeGraph, iris: Iris, endpoint: str = DEFAULT_ENDPOINT,
                dump: str | None = None) -> Iterator[tuple[str, Triple]]:
    """Every triple of an export with the part it belongs to."""
    for part, triples in rdf_parts(graph, iris, endpoint, dump):
        for t in triples:
            yield part, t
