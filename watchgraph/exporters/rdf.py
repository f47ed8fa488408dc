"""`watchgraph export rdf`: the graph as RDF in Turtle, N-Triples, JSON-LD or TriG.

An export holds three parts: the data, the `wg:` vocabulary and the VoID description
(`rdf_parts`). N-Triples, the format for scale, is written straight from the triples as
they stream past (one escaped line each, no objects per term), and the oxigraph store is
bulk-loaded from that same stream. Turtle and TriG are written by pyoxigraph, grouped by
subject, with prefixes and IRIs relative to the base IRI. JSON-LD goes through rdflib,
compacted with the context of `rdf_vocab.jsonld_context` (embedded in the file). TriG puts
the three parts in the named graphs `<data>`, `<vocabulary>` and `<void>`; the other
formats merge them.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, ClassVar

from watchgraph.errors import UsageError, param
from watchgraph.exporters.base import OUTPUT_FILE, FileExporter, Option
from watchgraph.graph.store import KnowledgeGraph
from watchgraph.rdf import DEFAULT_BASE_IRI
from watchgraph.rdf.mapping import Iris, Triple, check_base_iri, check_iri, rdf_map
from watchgraph.rdf.ntriples import ntriples_chunks
from watchgraph.rdf.parts import rdf_parts
from watchgraph.rdf.store import OxigraphTerms, rdflib_obj
from watchgraph.rdf.vocabulary import jsonld_context
from watchgraph.rdf.void import DEFAULT_ENDPOINT

FORMATS = ("turtle", "nt", "jsonld", "trig")
SUFFIXES = {"turtle": ".ttl", "nt": ".nt", "jsonld": ".jsonld", "trig": ".trig"}


class _Counting:
    """Passes items through, counting them."""

    def __init__(self, items: Iterator[Any]) -> None:
        self.items = items
        self.n = 0

    def __iter__(self) -> Iterator[Any]:
        for item in self.items:
            self.n += 1
            yield item


class _DropHeader(io.RawIOBase):
    """Drops the `@base`/`@prefix` lines pyoxigraph writes first (we write our own, with
    absolute prefix IRIs), then passes everything through."""

    def __init__(self, fh: IO[bytes]) -> None:
        super().__init__()
        self.fh = fh
        self.head = b""
        self.passing = False

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        n = len(b)
        if self.passing:
            self.fh.write(b)
            return n
        self.head += bytes(b)
        while (nl := self.head.find(b"\n")) >= 0:
            if not self.head.startswith((b"@prefix ", b"@base ")):
                self.passing = True
                self.fh.write(self.head)
                self.head = b""
                break
            self.head = self.head[nl + 1:]
        return n

    def finish(self) -> None:
        """Write what is left (an output with no body has only a header, dropped)."""
        if self.head and not self.head.startswith((b"@prefix ", b"@base ")):
            self.fh.write(self.head)
        self.head = b""


def _header(graph: KnowledgeGraph, iris: Iris) -> bytes:
    ns = rdf_map(graph.schema).ns
    lines = ["# watchgraph: agencies, vendors, products, contracts and data flows, with the",
             "# evidence for every relationship. The wg: vocabulary and the VoID description",
             "# follow the data.", f"@base <{iris.base}> ."]
    lines += [f"@prefix {p}: <{n}> ." for p, n in sorted(ns.items())]
    return ("\n".join(lines) + "\n\n").encode()


class RdfExporter(FileExporter):
    """`watchgraph export rdf`: one RDF format, written atomically."""

    name = "rdf"
    summary = ("RDF in standard vocabularies, every relationship with its PROV evidence, plus "
               "the wg: vocabulary and a VoID description.")
    binary: ClassVar[bool] = True
    build_output = "graph.ttl"
    options = (
        OUTPUT_FILE,
        Option("format", "turtle, nt (N-Triples), jsonld (JSON-LD with its context) or trig "
               "(named graphs)  [default: from the file name's suffix, else turtle]", "choice",
               choices=FORMATS),
        Option("base_iri", "The base of every entity, relationship and source IRI.",
               default=DEFAULT_BASE_IRI, show_default=True),
        Option("endpoint_url", "The SPARQL endpoint the VoID description names.",
               default=DEFAULT_ENDPOINT, show_default=True),
        Option("dump_url", "Where the VoID description says the dump is  "
               "[default: BASE-IRI + graph.nt]"),
    )

    def __init__(self, output: str | Path, format: str | None = None,
                 base_iri: str = DEFAULT_BASE_IRI, endpoint_url: str = DEFAULT_ENDPOINT,
                 dump_url: str | None = None) -> None:
        super().__init__(output)
        fmt = format or {s: f for f, s in SUFFIXES.items()}.get(self.output.suffix, "turtle")
        endpoint, dump = endpoint_url, dump_url
        if fmt not in FORMATS:
            raise UsageError(f"{param('format')} {fmt!r}: use one of {', '.join(FORMATS)}",
                             param="format")
        self.fmt = fmt
        self.iris = Iris(check_base_iri(base_iri))
        self.endpoint = check_iri(endpoint, "endpoint_url")
        self.dump = check_iri(dump, "dump_url") if dump is not None else None

    def write(self, graph: KnowledgeGraph, fh: IO[Any]) -> dict[str, int]:
        import pyoxigraph as ox

        parts = rdf_parts(graph, self.iris, self.endpoint, self.dump)
        if self.fmt == "jsonld":
            return {"triples": write_jsonld(graph, parts, self.iris, fh)}
        if self.fmt == "nt":
            counts: dict[str, int] = {}
            for chunk in ntriples_chunks(parts, counts):
                fh.write(chunk)
            return counts
        terms = OxigraphTerms()
        fh.write(_header(graph, self.iris))
        out = _DropHeader(fh)
        if self.fmt == "turtle":
            items = _Counting(terms.triples(parts))
            rdf_format = ox.RdfFormat.TURTLE
        else:
            items = _Counting(terms.quads(parts, self.iris))
            rdf_format = ox.RdfFormat.TRIG
        ox.serialize(items, out, rdf_format,  # type: ignore[arg-type]  # a raw binary file
                     prefixes=dict(rdf_map(graph.schema).ns), base_iri=self.iris.base)
        out.finish()
        return {"triples": items.n}


def write_jsonld(graph: KnowledgeGraph, parts: Iterable[tuple[str, Iterable[Triple]]], iris: Iris,
                 fh: IO[bytes]) -> int:
    """JSON-LD compacted with the watchgraph context (embedded); returns the triple count."""
    import rdflib

    g = rdflib.Graph(bind_namespaces="none")
    n = 0
    for _, triples in parts:
        for s, p, o in triples:
            g.add((rdflib.URIRef(s), rdflib.URIRef(p), rdflib_obj(rdflib, o)))
            n += 1
    context = jsonld_context(graph.schema, iris)
    text = g.serialize(format="json-ld", context=context, indent=1, sort_keys=False)
    doc = json.loads(text)
    doc = {"@context": context, "@graph": sorted(doc.get("@graph", []), key=lambda n: n["@id"])}
    fh.write(json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8") + b"\n")
    return n
