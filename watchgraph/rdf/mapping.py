"""The RDF mapping, shared by the RDF exporter and the RDF loader: IRIs, terms, literals.

Everything here is derived from schema.yaml (classes, predicates, source kinds) plus the
IRI scheme below. Terms are plain Python values so that both rdflib and pyoxigraph can
be fed from them: an IRI is a `str`, a literal is a `Lit`.

IRIs, under one base IRI (`DEFAULT_BASE_IRI` unless `base_iri` says otherwise):

    entity        {base}{prefix}/{slug}               agency:nypd -> {base}agency/nypd
    relationship  {base}rel/{id, ':' written '/'}     uses:agency:nypd:product:x
                                                      -> {base}rel/uses/agency/nypd/product/x
    citation      {relationship IRI}#citation-{n}     n counts from 1, in citation order
    source        {base}source/{id}
    VoID          {base}void#dataset

An IRI is made from the id alone, never from a name, so it never changes when a display
name does. Every resource also carries its id as `dcterms:identifier`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from watchgraph.errors import UsageError, param
from watchgraph.graph.dates import validity
from watchgraph.graph.schema import PropertySpec, Schema
from watchgraph.graph.types import XSD, XSD_DATE, Lit
from watchgraph.rdf import DEFAULT_BASE_IRI

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
VOID = "http://rdfs.org/ns/void#"
SH = "http://www.w3.org/ns/shacl#"
WIKIDATA = "http://www.wikidata.org/entity/"

FIXED_NAMESPACES = {"rdf": RDF, "rdfs": RDFS, "xsd": XSD, "owl": OWL, "void": VOID, "wd": WIKIDATA}

RDF_TYPE = RDF + "type"
RDF_SUBJECT, RDF_PREDICATE, RDF_OBJECT = RDF + "subject", RDF + "predicate", RDF + "object"
RDFS_LABEL, RDFS_COMMENT = RDFS + "label", RDFS + "comment"


Triple = tuple[str, str, Any]  # (subject IRI, predicate IRI, object IRI or Lit)


def check_iri(value: str, option: str) -> str:
    """An absolute http(s) IRI as given, or UsageError naming the parameter `option`."""
    if not value.startswith(("http://", "https://")) or any(c in value for c in ' <>"{}|\\^`\n\t'):
        raise UsageError(f"{param(option)} {value!r} is not an http(s) IRI; write it in full, without "
                         "spaces, e.g. https://example.org/sparql")
    return value


def check_base_iri(base: str) -> str:
    """The base IRI, or UsageError when it cannot prefix the IRIs (not http(s), not ending in /)."""
    if not base.startswith(("http://", "https://")) or not base.endswith("/") \
            or any(c in base for c in ' <>"{}|\\^`#'):
        raise UsageError(f"{param('base_iri')} {base!r} is not a usable base IRI; give an http(s) IRI "
                         f"ending in / (the default is {DEFAULT_BASE_IRI})")
    return base


@dataclass(frozen=True)
class Iris:
    """The IRI scheme under one base IRI."""

    base: str = DEFAULT_BASE_IRI

    def entity(self, entity_id: str) -> str:
        """`agency:nypd` -> `{base}agency/nypd`."""
        return self.base + entity_id.replace(":", "/", 1)

    def relationship(self, rel_id: str) -> str:
        """`uses:agency:nypd:product:x` -> `{base}rel/uses/agency/nypd/product/x`."""
        return self.base + "rel/" + rel_id.replace(":", "/")

    def citation(self, rel_id: str, n: int) -> str:
        """The n-th citation (from 1) of a relationship."""
        return f"{self.relationship(rel_id)}#citation-{n}"

    def source(self, source_id: str) -> str:
        """`snr-dragnet` -> `{base}source/snr-dragnet`."""
        return self.base + "source/" + source_id

    @property
    def dataset(self) -> str:
        """The VoID description of the whole dataset."""
        return self.base + "void#dataset"

    def graph(self, name: str) -> str:
        """A named graph of the TriG export: `data`, `vocabulary` or `void`."""
        return self.base + name


def concept(value: str) -> str:
    """The local name of a status or stance concept: `disputed` -> `Disputed`."""
    return "".join(part.capitalize() for part in value.split("-"))


class RdfMap:
    """Classes, predicates and concepts of every schema type and property, both ways."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.ns: dict[str, str] = {**schema.namespaces, **FIXED_NAMESPACES}
        wg = self.ns["wg"]
        self.wg = wg
        self.entity_class = {t: wg + t for t in schema.entities}
        self.entity_std_class = {t: self.expand(e.rdf) for t, e in schema.entities.items()}
        self.rel_class = {t: wg + t for t in schema.relationships}
        self.rel_predicate = {t: self.expand(r.rdf) for t, r in schema.relationships.items()}
        self.status = {s: wg + concept(s) for s in schema.statuses}
        self.stance = {s: wg + concept(s) for s in schema.stances}
        self.source_kind = {k: self.expand(c) for k, c in schema.source_kind_rdf.items()}
        self.source_props = self._preds(schema.source_properties)
        self.citation_props = self._preds(schema.citation_properties)
        self.entity_props = {t: self._preds(schema.entity_properties, e.properties)
                             for t, e in schema.entities.items()}
        self.rel_props = {t: self._preds(schema.relationship_properties, r.properties)
                          for t, r in schema.relationships.items()}
        # reverse lookups, for the loader
        self.type_of_entity_class = {v: k for k, v in self.entity_class.items()}
        self.type_of_rel_class = {v: k for k, v in self.rel_class.items()}
        self.status_of = {v: k for k, v in self.status.items()}
        self.stance_of = {v: k for k, v in self.stance.items()}
        self.kind_of = {v: k for k, v in self.source_kind.items()}
        if len(set(self.rel_predicate.values())) != len(self.rel_predicate):
            raise ValueError("schema.yaml: two relationship types share an RDF predicate")
        # fixed terms of the evidence model
        dct, prov, schema_ns = self.ns["dcterms"], self.ns["prov"], self.ns["schema"]
        self.identifier = dct + "identifier"
        self.name = schema_ns + "name"
        self.position = schema_ns + "position"
        self.relationship = wg + "Relationship"
        self.citation = wg + "Citation"
        self.source = wg + "Source"
        self.has_status = wg + "status"
        self.valid_from, self.valid_to = wg + "validFrom", wg + "validTo"
        self.source_count = wg + "sourceCount"
        self.source_ids = wg + "sourceIds"
        self.citation_count = wg + "citationCount"
        self.derived_from = prov + "wasDerivedFrom"
        self.disputed_by = wg + "disputedBy"
        self.qualified = prov + "qualifiedInfluence"

    def expand(self, curie: str) -> str:
        """`schema:Person` -> `http://schema.org/Person`."""
        prefix, _, local = curie.partition(":")
        if prefix not in self.ns:
            raise ValueError(f"schema.yaml: unknown prefix in {curie!r}; declare it under namespaces")
        return self.ns[prefix] + local

    def compact(self, iri: str) -> str:
        """`http://schema.org/Person` -> `schema:Person` (the IRI itself when no prefix fits)."""
        for prefix, ns in self.ns.items():
            if iri.startswith(ns) and len(iri) > len(ns):
                return prefix + ":" + iri[len(ns):]
        return iri

    def _preds(self, *groups: Mapping[str, PropertySpec]) -> dict[str, str]:
        return {name: self.expand(spec.rdf) if spec.rdf else self.wg + name
                for g in groups for name, spec in g.items()}

    def wg_properties(self) -> Iterator[tuple[str, list[PropertySpec]]]:
        """Every `wg:` predicate of a property, with the specs that use it (for the vocabulary)."""
        found: dict[str, list[PropertySpec]] = {}
        s = self.schema
        groups = [s.source_properties, s.citation_properties, s.entity_properties,
                  s.relationship_properties, *(e.properties for e in s.entities.values()),
                  *(r.properties for r in s.relationships.values())]
        for g in groups:
            for spec in g.values():
                if not spec.rdf:
                    found.setdefault(self.wg + spec.name, []).append(spec)
        yield from found.items()


_MAPS: dict[int, tuple[Schema, RdfMap]] = {}


def rdf_map(schema: Schema) -> RdfMap:
    """The RdfMap of a schema (built once per schema object)."""
    hit = _MAPS.get(id(schema))
    if hit is None or hit[0] is not schema:
        hit = _MAPS[id(schema)] = (schema, RdfMap(schema))
    return hit[1]


# -- values ---------------------------------------------------------------------------

def literals(spec: PropertySpec, value: Any) -> list[Lit]:
    """The literals of a property value (several for a list), from its type; `ref` and
    IRI-valued properties are the exporter's business, not this function's."""
    return spec.kind.literals(value)


def python_value(spec: PropertySpec, lit: Lit) -> Any:
    """A literal back as the value the loader would have read from YAML."""
    return spec.kind.from_literal(lit)


def validity_literals(props: Mapping[str, Any]) -> tuple[Lit | None, Lit | None]:
    """wg:validFrom and wg:validTo as xsd:date literals (graph.dates.validity); None where open."""
    first, last = validity(props)
    return (Lit(first.isoformat(), XSD_DATE) if first else None,
            Lit(last.isoformat(), XSD_DATE) if last else None)
