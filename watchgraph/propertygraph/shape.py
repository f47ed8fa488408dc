"""The labelled-property-graph shape shared by Neo4j, the neo4j-admin bundle and LadybugDB.

One node label per entity type (labels come only from the schema), one `Source` label,
one relationship type per schema type. Every column has a kind given by its property's type (graph/types.py:
"string", "int", "float", "boolean" or "string[]"), so the same Cypher runs on every engine:

- entity nodes: `id`, `name`, `aliases` (list) and their type's properties;
- `Source` nodes: `id` and the source properties;
- relationships: `id`, `status`, the type's properties (a `ref` holds the entity id), the
  citations as parallel lists (`citationSources`, `citationStances`, `citationLocators`,
  `citationNotes`, `citationQuotes`; missing values are ""), `sources` (the cited source
  ids), `supportedBy` / `disputedBy` (source ids by stance), and `validFrom` / `validTo`
  (ISO days bounding `start`/`date` and `end`/`date`, for "what was true on a date";
  empty when unknown).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from watchgraph.graph.dates import validity
from watchgraph.graph.model import Relationship
from watchgraph.graph.schema import PropertySpec, Schema
from watchgraph.graph.store import KnowledgeGraph

SOURCE_LABEL = "Source"

CITATION_COLUMNS = ("citationSources", "citationStances", "citationLocators", "citationNotes",
                    "citationQuotes")
_REL_FIXED = {"id": "string", "status": "string", "sources": "string[]", "supportedBy": "string[]",
              "disputedBy": "string[]", "validFrom": "string", "validTo": "string",
              **{c: "string[]" for c in CITATION_COLUMNS}}


def _columns(*groups: Mapping[str, PropertySpec]) -> dict[str, str]:
    return {name: spec.kind.column for g in groups for name, spec in g.items()}


@dataclass(frozen=True)
class Shape:
    """Labels, relationship types and their typed columns ("string", "int", "float",
    "boolean", "string[]"), all from the schema."""

    node_columns: Mapping[str, Mapping[str, str]]
    rel_columns: Mapping[str, Mapping[str, str]]
    rel_endpoints: Mapping[str, tuple[tuple[str, str], ...]]

    @classmethod
    def of(cls, schema: Schema) -> Shape:
        nodes: dict[str, dict[str, str]] = {}
        for name, et in schema.entities.items():
            nodes[name] = {"id": "string", **_columns(schema.entity_properties, et.properties)}
        nodes[SOURCE_LABEL] = {"id": "string", **_columns(schema.source_properties)}
        rels: dict[str, dict[str, str]] = {}
        ends: dict[str, tuple[tuple[str, str], ...]] = {}
        for name, rt in schema.relationships.items():
            rels[name] = {**_REL_FIXED, **_columns(schema.relationship_properties, rt.properties)}
            pairs = {(a, b) for a in rt.from_types for b in rt.to_types}
            if not rt.directed:
                pairs |= {(b, a) for a, b in pairs}
            ends[name] = tuple(sorted(pairs))
        return cls(nodes, rels, ends)


def _fill(columns: Mapping[str, str], values: Mapping[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for col, kind in columns.items():
        v = values.get(col)
        if v is None:
            continue
        # a `number` read as 5000 is still a float column: the same type on every engine
        row[col] = list(v) if kind == "string[]" else float(v) if kind == "float" else v
    return row


def node_rows(graph: KnowledgeGraph, shape: Shape) -> Iterator[tuple[str, dict[str, Any]]]:
    """(label, properties) for every entity, then every source; absent values left out."""
    for e in graph.entities():
        yield e.type, _fill(shape.node_columns[e.type],
                            {"id": e.id, "name": e.name, "aliases": e.aliases, **e.properties})
    for s in graph.sources.values():
        yield SOURCE_LABEL, _fill(shape.node_columns[SOURCE_LABEL],
                                  {f: getattr(s, f) for f in shape.node_columns[SOURCE_LABEL]})


def validity_columns(rel: Relationship) -> tuple[str, str]:
    """(validFrom, validTo) as ISO days (graph.dates.validity); "" where open."""
    first, last = validity(rel.properties)
    return (first.isoformat() if first else "", last.isoformat() if last else "")


def rel_values(rel: Relationship) -> dict[str, Any]:
    """Every column value of a relationship (before typing)."""
    cs = rel.citations
    valid_from, valid_to = validity_columns(rel)
    return {
        "id": rel.id, "status": rel.status, **rel.properties,
        "citationSources": [c.source for c in cs],
        "citationStances": [c.stance for c in cs],
        "citationLocators": [c.locator or "" for c in cs],
        "citationNotes": [c.note or "" for c in cs],
        "citationQuotes": [c.quote or "" for c in cs],
        "sources": rel.sources(),
        "supportedBy": list(dict.fromkeys(c.source for c in cs if c.stance == "supports")),
        "disputedBy": list(dict.fromkeys(c.source for c in cs if c.stance == "disputes")),
        "validFrom": valid_from, "validTo": valid_to,
    }


@dataclass(frozen=True)
class RelRow:
    """A relationship ready for an engine: its type, typed endpoints and properties."""

    type: str
    start_label: str
    start: str
    end_label: str
    end: str
    props: dict[str, Any]


def rel_rows(graph: KnowledgeGraph, shape: Shape) -> Iterator[RelRow]:
    """Every relationship, in the direction its id gives."""
    for r in graph.relationships():
        yield RelRow(r.type, graph.entity(r.source).type, r.source, graph.entity(r.target).type,
                     r.target, _fill(shape.rel_columns[r.type], rel_values(r)))
