"""The graph as RDF triples: entities, relationships (twice), citations with PROV, sources.

A claim is asserted only as strongly as its source states it. Every relationship is
a relationship resource; a `confirmed` or `reported` one also appears as a direct triple:

- the direct triple between its endpoints (`<agency/nypd> wg:uses <product/x>`; an
  undirected type in both directions), so that plain graph patterns and property paths
  work; it is never written for an `alleged`, `disputed` or `denied` claim (ASSERTED);
- the relationship resource (`a wg:Relationship, wg:USES`) with `rdf:subject`,
  `rdf:predicate` and `rdf:object` pointing at that direct triple, its `wg:status`, dates,
  amounts and ranges, and its citations.

Derived triples on the resource make whole-graph questions cheap to ask (readers of an
export may ignore them; the RDF loader does): `wg:validFrom`/`wg:validTo`, the widest days
its start, end or date allow (graph.dates.validity; only where bounded), `wg:sourceCount`,
how many distinct sources it cites, `wg:sourceIds`, their ids (slugs) in citation order
separated by spaces, and `wg:citationCount`, how many citations it has. `wg:sourceIds`
lets a question list a claim's sources with one scan of one property instead of grouping
its source links (product-users over 200,000 relationships: benchmarks/README.md); the
links themselves stay the evidence.

A citation is a PROV qualified influence: `<rel> prov:qualifiedInfluence <rel#citation-1>`,
and the citation has `prov:entity` (the source), `prov:hadRole` (`wg:Supports` or
`wg:Disputes`, the stance), `schema:position`, and its locator, note and quote. The
unqualified shortcuts `prov:wasDerivedFrom` (supporting sources) and `wg:disputedBy`
(disputing sources) are there for simple queries.

Subjects come out grouped, each one's triples together, so writers can group them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from watchgraph.graph.model import Entity, Relationship, Source
from watchgraph.graph.store import KnowledgeGraph
from watchgraph.graph.types import XSD_INTEGER, Lit
from watchgraph.rdf.mapping import (
    RDF_OBJECT,
    RDF_PREDICATE,
    RDF_SUBJECT,
    RDF_TYPE,
    RDFS_LABEL,
    WIKIDATA,
    Iris,
    RdfMap,
    Triple,
    literals,
    rdf_map,
    validity_literals,
)

ASSERTED = frozenset({"confirmed", "reported"})
"""The statuses whose claims are written as plain (direct) triples."""


@dataclass
class TripleCounts:
    """What a run of `data_triples` emitted, for the VoID description."""

    triples: int = 0
    classes: Counter[str] = field(default_factory=Counter)
    direct: Counter[str] = field(default_factory=Counter)


class _Emitter:
    def __init__(self, graph: KnowledgeGraph, iris: Iris) -> None:
        self.graph = graph
        self.m: RdfMap = rdf_map(graph.schema)
        self.iris = iris
        self._entity_iri: dict[str, str] = {}

    def eiri(self, entity_id: str) -> str:
        iri = self._entity_iri.get(entity_id)
        if iri is None:
            iri = self._entity_iri[entity_id] = self.iris.entity(entity_id)
        return iri

    def entity(self, e: Entity, counts: TripleCounts) -> list[Triple]:
        m = self.m
        s = self.eiri(e.id)
        out: list[Triple] = [(s, RDF_TYPE, m.entity_class[e.type]),
                             (s, RDF_TYPE, m.entity_std_class[e.type]),
                             (s, m.identifier, Lit(e.id)), (s, m.name, Lit(e.name)),
                             (s, RDFS_LABEL, Lit(e.name))]
        add = out.append
        preds = m.entity_props[e.type]
        alias = preds["aliases"]
        for a in dict.fromkeys(e.aliases):
            add((s, alias, Lit(a)))
        schema = self.graph.schema
        for key, value in e.properties.items():
            if key == "wikidata":
                add((s, preds[key], WIKIDATA + value))
                continue
            p = preds[key]
            spec = schema.entity_property(e.type, key)
            assert spec is not None, key  # the validator admits only declared properties
            for lit in literals(spec, value):
                add((s, p, lit))
        # the direct triples, out of this entity (both ways for an undirected type)
        seen: set[tuple[str, str]] = set()
        outgoing, into = self.graph.relationships_of(e.id)
        for r in outgoing:
            if r.status in ASSERTED:
                seen.add((m.rel_predicate[r.type], r.target))
        for r in into:
            if r.status in ASSERTED and not schema.relationships[r.type].directed:
                seen.add((m.rel_predicate[r.type], r.source))
        for p, other in sorted(seen):
            counts.direct[p] += 1
            add((s, p, self.eiri(other)))
        return out

    def relationship(self, r: Relationship) -> list[Triple]:
        m, iris = self.m, self.iris
        s = iris.relationship(r.id)
        out: list[Triple] = [(s, RDF_TYPE, m.relationship), (s, RDF_TYPE, m.rel_class[r.type]),
                             (s, m.identifier, Lit(r.id)), (s, RDF_SUBJECT, self.eiri(r.source)),
                             (s, RDF_PREDICATE, m.rel_predicate[r.type]),
                             (s, RDF_OBJECT, self.eiri(r.target)), (s, m.has_status, m.status[r.status])]
        add = out.append
        preds = m.rel_props[r.type]
        schema = self.graph.schema
        for key, value in r.properties.items():
            spec = schema.relationship_property(r.type, key)
            assert spec is not None, key  # the validator admits only declared properties
            if spec.kind.is_ref:
                add((s, preds[key], self.eiri(value)))
            else:
                for lit in literals(spec, value):
                    add((s, preds[key], lit))
        lo, hi = validity_literals(r.properties)
        if lo is not None:
            add((s, m.valid_from, lo))
        if hi is not None:
            add((s, m.valid_to, hi))
        sources = r.sources()
        add((s, m.source_count, Lit(str(len(sources)), XSD_INTEGER)))
        add((s, m.source_ids, Lit(" ".join(sources))))
        add((s, m.citation_count, Lit(str(len(r.citations)), XSD_INTEGER)))
        shortcut = {"supports": m.derived_from, "disputes": m.disputed_by}
        for stance, sid in dict.fromkeys((c.stance, c.source) for c in r.citations):
            add((s, shortcut[stance], iris.source(sid)))
        cits = [f"{s}#citation-{n}" for n in range(1, len(r.citations) + 1)]
        for c in cits:
            add((s, m.qualified, c))
        cprops = m.citation_props
        for n, (c, cit) in enumerate(zip(cits, r.citations, strict=True), 1):
            add((c, RDF_TYPE, m.citation))
            add((c, cprops["source"], iris.source(cit.source)))
            add((c, cprops["stance"], m.stance[cit.stance]))
            add((c, m.position, Lit(str(n), XSD_INTEGER)))
            if cit.locator is not None:
                add((c, cprops["locator"], Lit(cit.locator)))
            if cit.note is not None:
                add((c, cprops["note"], Lit(cit.note)))
            if cit.quote is not None:
                add((c, cprops["quote"], Lit(cit.quote)))
        return out

    def source(self, src: Source) -> list[Triple]:
        m = self.m
        s = self.iris.source(src.id)
        out: list[Triple] = [(s, RDF_TYPE, m.source), (s, RDF_TYPE, m.source_kind[src.kind]),
                             (s, m.identifier, Lit(src.id))]
        specs = self.graph.schema.source_properties
        for key, p in m.source_props.items():
            value = getattr(src, key)
            if key == "kind" or value is None or value == ():
                continue
            for lit in literals(specs[key], value):
                out.append((s, p, lit))
        return out


def data_triples(graph: KnowledgeGraph, iris: Iris, counts: TripleCounts | None = None) -> Iterator[Triple]:
    """Every triple of the graph's data: entities (with their direct triples), relationship
    resources with their citations, then sources. `counts` is complete once they are all out."""
    counts = counts if counts is not None else TripleCounts()
    em = _Emitter(graph, iris)
    m = em.m
    classes = counts.classes
    for e in graph.entities():
        classes[m.entity_class[e.type]] += 1
        ts = em.entity(e, counts)
        counts.triples += len(ts)
        yield from ts
    for r in graph.relationships():
        classes[m.rel_class[r.type]] += 1
        classes[m.citation] += len(r.citations)
        ts = em.relationship(r)
        counts.triples += len(ts)
        yield from ts
    classes[m.relationship] = sum(classes[m.rel_class[t]] for t in m.rel_class)
    for src in graph.sources.values():
        classes[m.source] += 1
        ts = em.source(src)
        counts.triples += len(ts)
        yield from ts
