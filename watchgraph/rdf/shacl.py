"""SHACL shapes generated from the schema: what a valid RDF export looks like.

One closed node shape per entity type, per relationship type, and for citations and
sources: every property with its datatype (or node kind and class), cardinality, allowed
values and id pattern; the direct triples an entity may have, with the classes their
objects must be; a disputed relationship needs a disputing source.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from watchgraph.graph.schema import PropertySpec, Schema
from watchgraph.graph.types import XSD_DATE, XSD_INTEGER, XSD_STRING
from watchgraph.rdf.mapping import (
    RDF_OBJECT,
    RDF_PREDICATE,
    RDF_SUBJECT,
    RDF_TYPE,
    RDFS_LABEL,
    SH,
    RdfMap,
    rdf_map,
)

SHAPES = "https://w3id.org/watchgraph/shapes#"
_SLUG = "[a-z0-9]+(-[a-z0-9]+)*"



def _c(name: str, value: Any) -> dict[str, Any]:
    """One constraint whose name is a Python keyword (`or`, `in`, `class`), for `prop`."""
    return {name: value}

class _Builder:
    def __init__(self, schema: Schema) -> None:
        import rdflib
        from rdflib.collection import Collection

        self.rdflib, self.Collection = rdflib, Collection
        self.schema = schema
        self.m: RdfMap = rdf_map(schema)
        self.g = rdflib.Graph(bind_namespaces="none")
        for prefix, ns in {**self.m.ns, "sh": SH, "wgsh": SHAPES}.items():
            self.g.bind(prefix, ns)

    def u(self, iri: str) -> Any:
        return self.rdflib.URIRef(iri)

    def lst(self, items: Iterable[Any]) -> Any:
        head = self.rdflib.BNode()
        self.Collection(self.g, head, list(items))
        return head

    def node(self, **props: Any) -> Any:
        """A blank node with `sh:` properties (a value that is a list becomes an RDF list)."""
        n = self.rdflib.BNode()
        for key, value in props.items():
            self.g.add((n, self.u(SH + key), self.lst(value) if isinstance(value, list) else value))
        return n

    def prop(self, shape: Any, path: str, *, min_count: int = 0, max_count: int | None = 1,
             **constraints: Any) -> None:
        lit = self.rdflib.Literal
        extra = {"minCount": lit(min_count)} if min_count else {}
        if max_count is not None:
            extra["maxCount"] = lit(max_count)
        self.g.add((shape, self.u(SH + "property"), self.node(path=self.u(path), **extra, **constraints)))

    def value(self, spec: PropertySpec) -> dict[str, Any]:
        """The constraints on one property value."""
        u, lit = self.u, self.rdflib.Literal
        kind = spec.kind
        if kind.is_ref:
            return {"nodeKind": u(SH + "IRI"), "or": [self.node(**{"class": u(self.m.entity_class[r])})
                                                     for r in spec.ref]}
        if len(kind.datatypes) > 1:
            return {"or": [self.node(datatype=u(d)) for d in kind.datatypes]}
        out: dict[str, Any] = {"datatype": u(kind.datatypes[0])}
        if spec.values:
            out["in"] = [lit(v) for v in spec.values]
        if spec.pattern:
            out["pattern"] = lit(spec.pattern)
        return out

    def props(self, shape: Any, specs: Mapping[str, PropertySpec], preds: Mapping[str, str],
              skip: Iterable[str] = ()) -> list[Any]:
        """Property shapes for the specs; returns the predicates they cover."""
        covered = []
        for key, spec in specs.items():
            if key in skip:
                continue
            p = preds[key]
            covered.append(self.u(p))
            if key == "wikidata":
                self.prop(shape, p, nodeKind=self.u(SH + "IRI"),
                          pattern=self.rdflib.Literal("^http://www\\.wikidata\\.org/entity/Q[0-9]+$"))
                continue
            self.prop(shape, p, min_count=1 if spec.required else 0,
                      max_count=None if spec.kind.many else 1, **self.value(spec))
        return covered

    def shape(self, name: str, target: str, id_pattern: str | None) -> Any:
        """A closed node shape for a class; with an id pattern, its dcterms:identifier."""
        u, lit = self.u, self.rdflib.Literal
        shape = u(SHAPES + name)
        self.g.add((shape, u(RDF_TYPE), u(SH + "NodeShape")))
        self.g.add((shape, u(SH + "targetClass"), u(target)))
        self.g.add((shape, u(SH + "closed"), lit(True)))
        self.g.add((shape, u(SH + "ignoredProperties"), self.lst([u(RDF_TYPE)])))
        if id_pattern:
            self.prop(shape, self.m.identifier, min_count=1, datatype=u(XSD_STRING),
                      pattern=lit(f"^{id_pattern}$"))
        return shape


def shapes_graph(schema: Schema) -> Any:
    """The SHACL shapes of an RDF export, as an rdflib Graph."""
    b = _Builder(schema)
    m, s, u, lit = b.m, schema, b.u, b.rdflib.Literal
    for name, et in s.entities.items():
        specs = {**s.entity_properties, **et.properties}
        shape = b.shape(name + "Shape", m.entity_class[name], f"{et.prefix}:{_SLUG}")
        b.props(shape, specs, m.entity_props[name])
        b.prop(shape, RDFS_LABEL, min_count=1, datatype=u(XSD_STRING))
        for rname, rt in s.relationships.items():  # the direct triples it may have
            ends = list(rt.to_types) if name in rt.from_types else []
            if not rt.directed and name in rt.to_types:
                ends += rt.from_types
            if ends:
                b.prop(shape, m.rel_predicate[rname], max_count=None, nodeKind=u(SH + "IRI"),
                       **_c("or", [b.node(**{"class": u(m.entity_class[t])}) for t in dict.fromkeys(ends)]))
    statuses = [u(v) for v in m.status.values()]
    for name, rt in s.relationships.items():
        specs = {**s.relationship_properties, **rt.properties}
        shape = b.shape(name + "Shape", m.rel_class[name], f"{name.lower()}:.+")
        b.props(shape, specs, m.rel_props[name])
        sides: list[tuple[str, tuple[str, ...]]] = [(RDF_SUBJECT, rt.from_types),
                                                    (RDF_OBJECT, rt.to_types)]
        if not rt.directed:
            both = tuple(dict.fromkeys(rt.from_types + rt.to_types))
            sides = [(RDF_SUBJECT, both), (RDF_OBJECT, both)]
        for path, types in sides:
            b.prop(shape, path, min_count=1, nodeKind=u(SH + "IRI"),
                   **_c("or", [b.node(**{"class": u(m.entity_class[t])}) for t in types]))
        b.prop(shape, RDF_PREDICATE, min_count=1, hasValue=u(m.rel_predicate[name]))
        b.prop(shape, m.has_status, min_count=1, **_c("in", statuses))
        for p in (m.valid_from, m.valid_to):
            b.prop(shape, p, datatype=u(XSD_DATE))
        for p in (m.source_count, m.citation_count):
            b.prop(shape, p, min_count=1, datatype=u(XSD_INTEGER), minInclusive=lit(1))
        b.prop(shape, m.source_ids, min_count=1, datatype=u(XSD_STRING), pattern=lit(f"^{_SLUG}( {_SLUG})*$"))
        b.prop(shape, m.qualified, min_count=1, max_count=None, **_c("class", u(m.citation)))
        for p in (m.derived_from, m.disputed_by):
            b.prop(shape, p, max_count=None, **_c("class", u(m.source)))
        # a disputed relationship has a disputing source
        b.g.add((shape, u(SH + "or"), b.lst([
            b.node(**{"not": b.node(path=u(m.has_status), hasValue=u(m.status["disputed"]))}),
            b.node(path=u(m.disputed_by), minCount=lit(1))])))
    shape = b.shape("CitationShape", m.citation, None)
    cp = m.citation_props
    b.prop(shape, cp["source"], min_count=1, **_c("class", u(m.source)))
    b.prop(shape, cp["stance"], min_count=1, **_c("in", [u(v) for v in m.stance.values()]))
    b.prop(shape, m.position, min_count=1, datatype=u(XSD_INTEGER), minInclusive=lit(1))
    b.props(shape, s.citation_properties, cp, skip=("source", "stance"))
    shape = b.shape("SourceShape", m.source, _SLUG)
    b.props(shape, s.source_properties, m.source_props, skip=("kind",))
    b.prop(shape, RDF_TYPE, max_count=None, qualifiedValueShape=b.node(**{"in": [
        u(c) for c in m.source_kind.values()]}), qualifiedMinCount=lit(1), qualifiedMaxCount=lit(1))
    return b.g

