"""The VoID description of an export: counts, vocabularies, dump and endpoint locations."""

from __future__ import annotations

from collections.abc import Iterator

from watchgraph.graph.types import XSD_INTEGER, Lit
from watchgraph.rdf.mapping import RDF_TYPE, VOID, Iris, RdfMap, Triple
from watchgraph.rdf.triples import TripleCounts

DEFAULT_ENDPOINT = "http://127.0.0.1:7878/query"
"""Where `watchgraph serve` answers by default."""


def default_dump_url(iris: Iris) -> str:
    """Where the N-Triples dump is published, by default: `{base}graph.nt`."""
    return iris.base + "graph.nt"


def void_triples(m: RdfMap, iris: Iris, counts: TripleCounts, endpoint: str,
                 dump: str) -> Iterator[Triple]:
    """The dataset's VoID description; `counts` covers every triple but these."""
    d = iris.dataset
    dct = m.ns["dcterms"]
    yield d, RDF_TYPE, VOID + "Dataset"
    yield d, dct + "title", Lit("watchgraph")
    yield d, dct + "description", Lit(
        "Law-enforcement agencies, surveillance vendors, their products, and the contracts and "
        "data flows between them, with the evidence (sources, stance, status) for every relationship. "
        "Every relationship is a wg:Relationship resource with its wg:status and citations; only "
        "confirmed and reported ones are also asserted as a direct triple between their "
        "endpoints, so alleged, disputed and denied claims never read as plain facts.")
    yield d, VOID + "uriSpace", Lit(iris.base)
    yield d, VOID + "triples", Lit(str(counts.triples), XSD_INTEGER)
    yield d, VOID + "entities", Lit(str(sum(n for c, n in counts.classes.items()
                                           if c in m.type_of_entity_class)), XSD_INTEGER)
    yield d, VOID + "classes", Lit(str(len(counts.classes)), XSD_INTEGER)
    for prefix in ("schema", "org", "prov", "dcterms", "skos", "wg"):
        yield d, VOID + "vocabulary", m.ns[prefix]
    yield d, VOID + "dataDump", dump
    yield d, VOID + "sparqlEndpoint", endpoint
    classes = [(f"{iris.base}void#class-{m.compact(c).replace(':', '-')}", c, n)
               for c, n in sorted(counts.classes.items())]
    props = [(f"{iris.base}void#property-{m.compact(p).replace(':', '-')}", p, n)
             for p, n in sorted(counts.direct.items())]
    for part, _, _ in classes:
        yield d, VOID + "classPartition", part
    for part, _, _ in props:
        yield d, VOID + "propertyPartition", part
    for part, cls, n in classes:
        yield part, VOID + "class", cls
        yield part, VOID + "entities", Lit(str(n), XSD_INTEGER)
    for part, pred, n in props:
        yield part, VOID + "property", pred
        yield part, VOID + "triples", Lit(str(n), XSD_INTEGER)
