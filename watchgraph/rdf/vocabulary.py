"""The project vocabulary (`wg:`) and the JSON-LD context, both generated from schema.yaml.

The vocabulary describes only what the standard vocabularies lack: a class per entity
type (a subclass of its schema.org class) and per relationship type (a subclass of
`wg:Relationship`), the `wg:` predicates with labels, comments and the types they join,
the statuses and stances as SKOS concepts. It is published as part of every export.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from watchgraph.graph.schema import Schema
from watchgraph.graph.types import XSD_DATE, XSD_INTEGER, XSD_STRING, Lit
from watchgraph.rdf.mapping import (
    OWL,
    RDF,
    RDF_OBJECT,
    RDF_PREDICATE,
    RDF_SUBJECT,
    RDF_TYPE,
    RDFS,
    RDFS_COMMENT,
    RDFS_LABEL,
    Iris,
    RdfMap,
    Triple,
    rdf_map,
)

SKOS = "http://www.w3.org/2004/02/skos/core#"
CONTEXT_URL = "https://w3id.org/watchgraph/context.jsonld"
"""Where the JSON-LD context for the default base IRI is published (docs/context.jsonld in the
repository; exports embed their context, so they read offline)."""


def _labelled(s: str, kind: str, label: str, comment: str) -> Iterator[Triple]:
    yield s, RDF_TYPE, kind
    yield s, RDFS_LABEL, Lit(label)
    if comment:
        yield s, RDFS_COMMENT, Lit(comment)


def vocabulary_triples(schema: Schema) -> Iterator[Triple]:
    """The `wg:` ontology: classes, predicates and concepts, with labels and comments."""
    m = rdf_map(schema)
    wg, prov, sdo, dct = m.wg, m.ns["prov"], m.ns["schema"], m.ns["dcterms"]
    onto = wg
    yield onto, RDF_TYPE, OWL + "Ontology"
    yield onto, dct + "title", Lit("The watchgraph vocabulary")
    yield onto, RDFS_COMMENT, Lit("Terms for what schema.org, W3C ORG, PROV-O, Dublin Core and SKOS "
                                  "do not have: watchgraph's entity and relationship types, their "
                                  "properties, and the status and stance of evidence.")
    yield onto, OWL + "versionInfo", Lit(str(schema.version))
    yield from _labelled(m.relationship, OWL + "Class", "relationship",
                         "A relationship between two entities with its status, dates and citations; "
                         "rdf:subject, rdf:predicate and rdf:object give the direct triple it describes.")
    yield m.relationship, RDFS + "subClassOf", RDF + "Statement"
    yield m.relationship, RDFS + "subClassOf", prov + "Entity"
    yield from _labelled(m.citation, OWL + "Class", "citation",
                         "A relationship's pointer to a source (prov:entity) with its stance "
                         "(prov:hadRole), locator and note.")
    yield m.citation, RDFS + "subClassOf", prov + "EntityInfluence"
    yield from _labelled(m.source, OWL + "Class", "source",
                         "A document that evidence comes from: an article, released records, a "
                         "statement, a dataset or a report.")
    yield m.source, RDFS + "subClassOf", prov + "Entity"
    yield m.source, RDFS + "subClassOf", sdo + "CreativeWork"
    for name, et in schema.entities.items():
        c = m.entity_class[name]
        yield from _labelled(c, OWL + "Class", et.label, et.description)
        yield c, RDFS + "subClassOf", m.entity_std_class[name]
    for name, rt in schema.relationships.items():
        c, p = m.rel_class[name], m.rel_predicate[name]
        yield from _labelled(c, OWL + "Class", f"{rt.label} (relationship)", rt.description)
        yield c, RDFS + "subClassOf", m.relationship
        if not p.startswith(wg):
            continue
        yield from _labelled(p, OWL + "ObjectProperty", rt.label, rt.description)
        if not rt.directed:
            yield p, RDF_TYPE, OWL + "SymmetricProperty"
        for t in dict.fromkeys(rt.from_types + (rt.to_types if not rt.directed else ())):
            yield p, sdo + "domainIncludes", m.entity_class[t]
        for t in dict.fromkeys(rt.to_types + (rt.from_types if not rt.directed else ())):
            yield p, sdo + "rangeIncludes", m.entity_class[t]
    for p, specs in m.wg_properties():
        kind = "ObjectProperty" if specs[0].type == "ref" else "DatatypeProperty"
        comment = " / ".join(dict.fromkeys(s.description for s in specs))
        yield from _labelled(p, OWL + kind, specs[0].name, comment)
    for p, label, comment, kind in [
        (m.has_status, "status", "How well the relationship is established (a wg:Statuses concept).",
         "ObjectProperty"),
        (m.disputed_by, "disputed by", "A source that disputes the relationship.", "ObjectProperty"),
        (m.valid_from, "valid from", "The first day the relationship's start (or date) can mean.",
         "DatatypeProperty"),
        (m.valid_to, "valid to", "The last day the relationship's end (or date) can mean.",
         "DatatypeProperty"),
        (m.source_count, "source count", "How many distinct sources the relationship's citations "
         "name, on either side (derived from its citations).", "DatatypeProperty"),
        (m.source_ids, "source ids", "The identifiers of the distinct sources the relationship's "
         "citations name, on either side, in citation order, separated by spaces (derived from "
         "its citations, for listing them in one step; prov:wasDerivedFrom, wg:disputedBy and "
         "the citations are the evidence).", "DatatypeProperty"),
        (m.citation_count, "citation count", "How many citations the relationship has (derived "
         "from its citations).", "DatatypeProperty"),
    ]:
        yield from _labelled(p, OWL + kind, label, comment)
    yield m.disputed_by, RDFS + "subPropertyOf", prov + "wasInfluencedBy"
    for p in (m.valid_from, m.valid_to):
        yield p, RDFS + "range", XSD_DATE
    for p in (m.source_count, m.citation_count):
        yield p, RDFS + "range", XSD_INTEGER
    yield m.source_ids, RDFS + "range", XSD_STRING
    for scheme, values, concepts, extra in [
        ("Statuses", schema.statuses, m.status, None),
        ("Stances", schema.stances, m.stance, prov + "Role"),
    ]:
        sch = wg + scheme
        yield from _labelled(sch, SKOS + "ConceptScheme", scheme.lower(), "")
        for value, definition in values.items():
            c = concepts[value]
            yield c, RDF_TYPE, SKOS + "Concept"
            if extra:
                yield c, RDF_TYPE, extra
            yield c, SKOS + "inScheme", sch
            yield c, SKOS + "prefLabel", Lit(value)
            yield c, SKOS + "definition", Lit(definition)


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def jsonld_context(schema: Schema, iris: Iris) -> dict[str, Any]:
    """The JSON-LD context: prefixes, one term per class and predicate (its local name),
    IRI-valued predicates coerced to `@id`, and id prefixes so that `"@id"` reads like a
    watchgraph id (`agency:nypd`, `source:snr-dragnet`). A term taken by a prefix or a class
    (`product`, `event`) leaves its predicate as a compact IRI (`wg:product`)."""
    m: RdfMap = rdf_map(schema)
    ctx: dict[str, Any] = {"@version": 1.1}
    id_prefixes = {et.prefix: iris.base + et.prefix + "/" for et in schema.entities.values()}
    id_prefixes.update(source=iris.base + "source/", rel=iris.base + "rel/")
    for prefix, ns in m.ns.items():
        if prefix not in id_prefixes:  # `org:` is an entity prefix; W3C ORG terms get full IRIs
            ctx[prefix] = ns
    ctx.update(id_prefixes)
    for iri in [*m.entity_class.values(), *m.rel_class.values(), m.relationship, m.citation, m.source]:
        ctx[_local(iri)] = _compact(m, iri, id_prefixes)
    # predicate -> "@id" (IRI-valued), a datatype, or None; and which ones are sets
    coerce: dict[str, str | None] = {m.identifier: None, m.name: None, RDFS_LABEL: None,
                                     m.position: None, m.source_count: None, m.source_ids: None,
                                     m.citation_count: None,
                                     m.valid_from: "xsd:date",
                                     m.valid_to: "xsd:date"}
    for p in (RDF_SUBJECT, RDF_PREDICATE, RDF_OBJECT, m.has_status, m.derived_from, m.disputed_by,
              m.qualified, *m.rel_predicate.values()):
        coerce[p] = "@id"
    groups = [(m.source_props, schema.source_properties),
              (m.citation_props, schema.citation_properties)]
    groups += [(m.entity_props[t], {**schema.entity_properties, **e.properties})
               for t, e in schema.entities.items()]
    groups += [(m.rel_props[t], {**schema.relationship_properties, **r.properties})
               for t, r in schema.relationships.items()]
    sets: set[str] = set()
    for preds, specs in groups:
        for key, spec in specs.items():
            p = preds[key]
            if p == RDF_TYPE:
                continue
            iri_valued = spec.type == "ref" or key in ("wikidata", "stance") or p == m.citation_props["source"]
            coerce.setdefault(p, "@id" if iri_valued else "xsd:anyURI" if spec.type == "url" else None)
            if spec.type == "list":
                sets.add(p)
    for p, kind in coerce.items():
        term = _local(p)
        if term in ctx:
            continue
        if kind is None and p not in sets:
            ctx[term] = _compact(m, p, id_prefixes)
            continue
        ctx[term] = {"@id": _compact(m, p, id_prefixes)}
        if kind:
            ctx[term]["@type"] = kind
        if p in sets:
            ctx[term]["@container"] = "@set"
    return ctx


def _compact(m: RdfMap, iri: str, id_prefixes: dict[str, str]) -> str:
    c = m.compact(iri)
    return iri if c.split(":", 1)[0] in id_prefixes else c

