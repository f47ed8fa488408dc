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
from typing import IO, Any, ClassVar, Iterable, Iterator

from watchgraph.errors import UsageError
from watchgraph.exporters.base import FileExporter
from watchgraph.exporters.rdf_triples import TripleCounts, data_triples
from watchgraph.exporters.rdf_vocab import jsonld_context, vocabulary_triples
from watchgraph.exporters.void import DEFAULT_ENDPOINT, default_dump_url, void_triples
from watchgraph.graph.rdfmap import DEFAULT_BASE_IRI, Iris, Lit, Triple, check_base_iri, check_iri, \
    rdf_map
from watchgraph.graph.store import KnowledgeGraph

FORMATS = ("turtle", "nt", "jsonld", "trig")
SUFFIXES = {"turtle": ".ttl", "nt": ".nt", "jsonld": ".jsonld", "trig": ".trig"}


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


_ESCAPE = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def ntriples_chunks(parts: Iterable[tuple[str, Iterable[Triple]]], counts: dict[str, int],
                    lines: int = 50_000) -> Iterator[bytes]:
    """N-Triples, UTF-8, in chunks of `lines` lines; `counts["triples"]` counts them.

    IRIs are written as they are (they are made from slugs, a checked base IRI and
    Wikidata ids); literals escape what N-Triples requires (backslash, quote, CR, LF).
    """
    preds: dict[str, str] = {}
    types: dict[str | None, str] = {None: " ."}
    n = 0
    for _, triples in parts:
        out: list[str] = []
        add = out.append
        last_s, subject = None, ""
        for s, p, o in triples:
            if s is not last_s:
                last_s, subject = s, f"<{s}>"
            pred = preds.get(p)
            if pred is None:
                pred = preds[p] = f" <{p}> "
            if o.__class__ is str:
                add(f"{subject}{pred}<{o}> .\n")
            else:
                v, dt = o
                if '"' in v or "\\" in v or "\n" in v or "\r" in v:
                    v = v.translate(_ESCAPE)
                tail = types.get(dt)
                if tail is None:
                    tail = types[dt] = f"^^<{dt}> ."
                add(f'{subject}{pred}"{v}"{tail}\n')
            if len(out) >= lines:
                n += len(out)
                yield "".join(out).encode("utf-8")
                out.clear()
        n += len(out)
        if out:
            yield "".join(out).encode("utf-8")
    counts["triples"] = n


class _ChunkReader(io.RawIOBase):
    """A readable file over an iterator of byte chunks (for pyoxigraph's bulk loader)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        super().__init__()
        self.chunks = chunks
        self.buf = b""

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        while not self.buf:
            chunk = next(self.chunks, None)
            if chunk is None:
                return 0
            self.buf = chunk
        n = min(len(b), len(self.buf))
        b[:n] = self.buf[:n]
        self.buf = self.buf[n:]
        return n


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
            return self.node(o)  # type: ignore[arg-type]
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
    binary: ClassVar[bool] = True

    def __init__(self, fmt: str = "turtle", base_iri: str = DEFAULT_BASE_IRI,
                 endpoint: str = DEFAULT_ENDPOINT, dump: str | None = None) -> None:
        if fmt not in FORMATS:
            raise UsageError(f"--format {fmt!r}: use one of {', '.join(FORMATS)}")
        self.fmt = fmt
        self.iris = Iris(check_base_iri(base_iri))
        self.endpoint = check_iri(endpoint, "--endpoint-url")
        self.dump = check_iri(dump, "--dump-url") if dump is not None else None

    def write(self, graph: KnowledgeGraph, fh: IO) -> dict[str, int]:
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
        ox.serialize(items, out, rdf_format, prefixes=dict(rdf_map(graph.schema).ns),
                     base_iri=self.iris.base)
        out.finish()
        return {"triples": items.n}


def oxigraph_store(graph: KnowledgeGraph, base_iri: str = DEFAULT_BASE_IRI,
                   endpoint: str = DEFAULT_ENDPOINT, path: str | None = None) -> Any:
    """A pyoxigraph Store holding the export (data, vocabulary and VoID in the default
    graph): in memory, or on disk at `path` (a new folder)."""
    import pyoxigraph as ox

    iris = Iris(check_base_iri(base_iri))
    store = ox.Store(path) if path else ox.Store()
    chunks = ntriples_chunks(rdf_parts(graph, iris, endpoint), {})
    store.bulk_load(io.BufferedReader(_ChunkReader(chunks), 1 << 20), ox.RdfFormat.N_TRIPLES)
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
        add((rdflib.URIRef(s), rdflib.URIRef(p), _rdflib_obj(rdflib, o)))
    return g


def _rdflib_obj(rdflib: Any, o: str | Lit) -> Any:
    if o.__class__ is str:
        return rdflib.URIRef(o)
    return rdflib.Literal(o[0], datatype=rdflib.URIRef(o[1]) if o[1] else None)


def write_jsonld(graph: KnowledgeGraph, parts: Iterable[tuple[str, Iterable[Triple]]], iris: Iris,
                 fh: IO[bytes]) -> int:
    """JSON-LD compacted with the watchgraph context (embedded); returns the triple count."""
    import rdflib

    g = rdflib.Graph(bind_namespaces="none")
    n = 0
    for _, triples in parts:
        for s, p, o in triples:
            g.add((rdflib.URIRef(s), rdflib.URIRef(p), _rdflib_obj(rdflib, o)))
            n += 1
    context = jsonld_context(graph.schema, iris)
    text = g.serialize(format="json-ld", context=context, indent=1, sort_keys=False)
    doc = json.loads(text)
    doc = {"@context": context, "@graph": sorted(doc.get("@graph", []), key=lambda n: n["@id"])}
    fh.write(json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8") + b"\n")
    return n
