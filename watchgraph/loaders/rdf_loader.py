"""The RDF loader: a watchgraph RDF export (Turtle, N-Triples, JSON-LD, TriG) read back
as a document in the JSON interchange format, which the loader then validates like any
other file (`watchgraph validate --data graph.ttl`).

It reads the relationship resources, citations and sources, not the direct triples, and
takes every id from `dcterms:identifier`, so it works whatever base IRI the export used.
Derived triples (`rdfs:label`, `wg:validFrom`, `wg:validTo`, `wg:sourceCount`,
`wg:sourceIds`, `wg:citationCount`, the vocabulary, VoID) are ignored: they are made again from what is read.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from watchgraph.errors import Problem
from watchgraph.graph.model import INTERCHANGE_FORMAT
from watchgraph.graph.schema import PropertySpec, Schema, load_schema
from watchgraph.graph.types import XSD_STRING, Lit
from watchgraph.loaders.json_loader import json_sections
from watchgraph.loaders.registry import Loader, one_line
from watchgraph.rdf.mapping import RDF_OBJECT, RDF_SUBJECT, RDF_TYPE, WIKIDATA, RdfMap, python_value, rdf_map

RDF_SUFFIXES = {".ttl": "TURTLE", ".nt": "N_TRIPLES", ".jsonld": "JSON_LD", ".trig": "TRIG"}

Subjects = Mapping[str, Mapping[str, list[Any]]]


class RdfReadError(ValueError):
    """An RDF file that is not a watchgraph export, or is missing a part of one."""


class RdfLoader(Loader):
    """A watchgraph RDF export, named on its own (never picked up from a folder)."""

    name = "rdf"

    def read(self, path: Path, text: str, display: str) -> tuple[Any, list[Problem]]:
        doc, problems = read_rdf(text, path.suffix, display)
        return json_sections(doc), problems


def read_rdf(text: str, suffix: str, display: str) -> tuple[Any, list[Problem]]:
    """Parse an RDF file; the interchange document, or None and the problem that stopped it."""
    import pyoxigraph as ox

    fmt = getattr(ox.RdfFormat, RDF_SUFFIXES[suffix])
    try:
        subjects = group(_plain(q) for q in ox.parse(text, fmt))
        return document(subjects), []
    except SyntaxError as exc:
        m = re.search(r"line (\d+)", str(exc))
        return None, [Problem(display, f"RDF syntax error: {one_line(str(exc))}", "check the file's syntax",
                              line=int(m.group(1)) if m else None)]
    except RdfReadError as exc:
        return None, [Problem(display, one_line(str(exc)), "load a file written by `watchgraph export rdf`",
                              line=1)]
    except (ValueError, TypeError, AttributeError, KeyError, IndexError):
        # a literal where a resource belongs, a position that is not a number, ...: any
        # graph can be parsed, only an export's shape can be read back
        return None, [Problem(display, "this RDF is not shaped as a watchgraph export",
                              "load a file written by `watchgraph export rdf`", line=1)]


def _plain(q: Any) -> tuple[str, str, Any]:
    o = q.object
    if o.__class__.__name__ == "Literal":
        dt = o.datatype.value
        obj: Any = Lit(o.value, None if dt == XSD_STRING else dt)
    else:
        obj = o.value
    return q.subject.value, q.predicate.value, obj


def group(triples: Iterable[tuple[str, str, Any]]) -> dict[str, dict[str, list[Any]]]:
    """Triples as subject -> predicate -> objects, in the order they came."""
    out: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in triples:
        out[s][p].append(o)
    return out


class _Reader:
    def __init__(self, subjects: Subjects, schema: Schema) -> None:
        self.subjects = subjects
        self.schema = schema
        self.m: RdfMap = rdf_map(schema)

    def ident(self, iri: Any, what: str) -> str:
        """The watchgraph id of a resource."""
        ids = self.subjects.get(iri, {}).get(self.m.identifier)
        if not ids:
            raise RdfReadError(f"{what} <{iri}> has no dcterms:identifier")
        return str(ids[0].value)

    def props(self, preds: Mapping[str, list[Any]], mapping: Mapping[str, str],
              specs: Mapping[str, PropertySpec], skip: Iterable[str] = ()) -> dict[str, Any]:
        out: dict[str, Any] = {}
        by_pred = {p: k for k, p in mapping.items() if k not in skip}
        for p, objs in preds.items():
            key = by_pred.get(p)
            if key is None:
                continue
            spec = specs[key]
            if spec.type == "list":
                out[key] = [o.value for o in objs]
            elif spec.type == "ref":
                out[key] = self.ident(objs[0], key)
            elif key == "wikidata":
                out[key] = objs[0].removeprefix(WIKIDATA)
            else:
                out[key] = python_value(spec, objs[0])
        return out

    def entity(self, iri: str, etype: str, preds: Mapping[str, list[Any]]) -> dict[str, Any]:
        s, m = self.schema, self.m
        specs = {**s.entity_properties, **s.entities[etype].properties}
        props = self.props(preds, m.entity_props[etype], specs, skip=("name", "aliases"))
        names = preds.get(m.name) or [Lit("")]
        aliases = [a.value for a in preds.get(m.entity_props[etype]["aliases"], ())]
        return {"id": self.ident(iri, etype), "type": etype, "name": names[0].value,
                "aliases": aliases, **props}

    def relationship(self, iri: str, rtype: str, preds: Mapping[str, list[Any]]) -> dict[str, Any]:
        s, m = self.schema, self.m
        specs = {**s.relationship_properties, **s.relationships[rtype].properties}
        cits = []
        for c in preds.get(m.qualified, ()):
            cp = self.subjects.get(c, {})
            pos = cp.get(m.position, [Lit("0")])[0]
            cits.append((int(pos.value), self.citation(c, cp)))
        status = preds.get(m.has_status, [None])[0]
        if status not in m.status_of:
            raise RdfReadError(f"relationship <{iri}> has no wg:status, or an unknown one")
        return {"id": self.ident(iri, rtype), "type": rtype,
                "source": self.ident(preds.get(RDF_SUBJECT, [None])[0], "the rdf:subject of a relationship"),
                "target": self.ident(preds.get(RDF_OBJECT, [None])[0], "the rdf:object of a relationship"),
                "status": m.status_of[status], "citations": [c for _, c in sorted(cits, key=lambda x: x[0])],
                **self.props(preds, m.rel_props[rtype], specs)}

    def citation(self, iri: str, preds: Mapping[str, list[Any]]) -> dict[str, Any]:
        m = self.m
        cp = m.citation_props
        src = preds.get(cp["source"])
        if not src:
            raise RdfReadError(f"citation <{iri}> has no prov:entity (its source)")
        stance = preds.get(cp["stance"], [None])[0]
        out = {"source": self.ident(src[0], "the source of a citation"),
               "stance": m.stance_of.get(stance, stance),
               **{k: None for k in ("locator", "note")}}
        out.update(self.props(preds, cp, self.schema.citation_properties, skip=("source", "stance")))
        return out

    def source(self, iri: str, preds: Mapping[str, list[Any]]) -> dict[str, Any]:
        m = self.m
        kinds = [m.kind_of[t] for t in preds.get(RDF_TYPE, ()) if t in m.kind_of]
        out: dict[str, Any] = {"id": self.ident(iri, "source"), "title": None, "publisher": None,
                               "published": None, "url": None, "kind": kinds[0] if kinds else None}
        out.update(self.props(preds, m.source_props, self.schema.source_properties, skip=("kind",)))
        return out


def document(subjects: Subjects, schema: Schema | None = None) -> dict[str, Any]:
    """The interchange document (`format: watchgraph-json`) an RDF export describes."""
    r = _Reader(subjects, schema or load_schema())
    m = r.m
    nodes, edges, sources = [], [], []
    for iri, preds in subjects.items():
        types = preds.get(RDF_TYPE, ())
        if m.source in types:
            sources.append(r.source(iri, preds))
        elif m.relationship in types:
            rtypes = [m.type_of_rel_class[t] for t in types if t in m.type_of_rel_class]
            if not rtypes:
                raise RdfReadError(f"relationship <{iri}> has no relationship type class (wg:USES, ...)")
            edges.append(r.relationship(iri, rtypes[0], preds))
        else:
            etypes = [m.type_of_entity_class[t] for t in types if t in m.type_of_entity_class]
            if etypes:
                nodes.append(r.entity(iri, etypes[0], preds))
    if not (nodes or edges or sources):
        raise RdfReadError("no watchgraph entities, relationships or sources in this RDF")
    return {"format": INTERCHANGE_FORMAT, "version": 1, "nodes": nodes, "edges": edges,
            "sources": sources}
