"""The schema: typed view of schema.yaml, the single source of truth."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

from watchgraph.graph.types import PropertyType, property_type, type_names


@dataclass(frozen=True)
class PropertySpec:
    """A declared property: its name, type and constraints."""

    name: str
    type: str
    description: str = ""
    required: bool = False
    values: tuple[str, ...] = ()
    ref: tuple[str, ...] = ()
    pattern: str | None = None
    rdf: str | None = None

    @cached_property
    def kind(self) -> PropertyType:
        """The property's type (graph/types.py), looked up once."""
        return property_type(self.type)


@dataclass(frozen=True)
class EntityType:
    """An entity type (Agency, Company, ...)."""

    name: str
    prefix: str
    label: str
    description: str
    color: str
    shape: str
    rdf: str
    ftm: str
    properties: Mapping[str, PropertySpec]


@dataclass(frozen=True)
class FtmMapping:
    """The FollowTheMoney edge schema a relationship type maps to."""

    schema: str
    source: str
    target: str


@dataclass(frozen=True)
class RelationshipType:
    """A relationship type (USES, CONTRACTED_WITH, ...)."""

    name: str
    label: str
    description: str
    from_types: tuple[str, ...]
    to_types: tuple[str, ...]
    directed: bool
    rdf: str
    ftm: FtmMapping
    properties: Mapping[str, PropertySpec]


@dataclass(frozen=True)
class Schema:
    """Everything schema.yaml declares."""

    version: int
    namespaces: Mapping[str, str]
    statuses: Mapping[str, str]
    stances: Mapping[str, str]
    source_kinds: Mapping[str, str]
    source_kind_rdf: Mapping[str, str]
    source_properties: Mapping[str, PropertySpec]
    citation_properties: Mapping[str, PropertySpec]
    entity_properties: Mapping[str, PropertySpec]
    relationship_properties: Mapping[str, PropertySpec]
    entities: Mapping[str, EntityType]
    relationships: Mapping[str, RelationshipType]
    prefixes: Mapping[str, str] = field(default_factory=dict)

    def entity_property(self, type_name: str, prop: str) -> PropertySpec | None:
        """The spec of an entity property, common or type-specific."""
        return self.entities[type_name].properties.get(prop) or self.entity_properties.get(prop)

    def relationship_property(self, type_name: str, prop: str) -> PropertySpec | None:
        """The spec of a relationship property, common or type-specific."""
        return (self.relationships[type_name].properties.get(prop)
                or self.relationship_properties.get(prop))


def _props(raw: Mapping[str, Any] | None) -> dict[str, PropertySpec]:
    out: dict[str, PropertySpec] = {}
    for name, spec in (raw or {}).items():
        unknown = set(spec) - {"type", "description", "required", "values", "ref", "pattern", "rdf"}
        if unknown or not spec.get("description"):
            raise ValueError(f"schema.yaml: property {name!r} has unknown keys {sorted(unknown)} "
                             "or no description (quote descriptions that contain commas)")
        if spec["type"] not in type_names():
            raise ValueError(f"schema.yaml: property {name!r} has unknown type {spec['type']!r}")
        out[name] = PropertySpec(
            name=name,
            type=spec["type"],
            description=str(spec.get("description", "")),
            required=bool(spec.get("required", False)),
            values=tuple(spec.get("values", ())),
            ref=tuple(spec.get("ref", ())),
            pattern=spec.get("pattern"),
            rdf=spec.get("rdf"),
        )
    return out


def parse_schema(raw: Mapping[str, Any]) -> Schema:
    """Build a Schema from the parsed YAML mapping."""
    entities = {
        name: EntityType(
            name=name, prefix=e["prefix"], label=e["label"], description=e["description"],
            color=e["color"], shape=e["shape"], rdf=e["rdf"], ftm=e["ftm"],
            properties=_props(e.get("properties")),
        )
        for name, e in raw["entities"].items()
    }
    relationships = {
        name: RelationshipType(
            name=name, label=r["label"], description=r["description"],
            from_types=tuple(r["from"]), to_types=tuple(r["to"]), directed=bool(r["directed"]),
            rdf=r["rdf"], ftm=FtmMapping(**r["ftm"]), properties=_props(r.get("properties")),
        )
        for name, r in raw["relationships"].items()
    }
    for rel in relationships.values():
        for t in (*rel.from_types, *rel.to_types):
            if t not in entities:
                raise ValueError(f"schema.yaml: {rel.name} names unknown entity type {t!r}")
    return Schema(
        version=int(raw["version"]),
        namespaces=dict(raw["namespaces"]),
        statuses=dict(raw["statuses"]),
        stances=dict(raw["stances"]),
        source_kinds={k: v["description"] for k, v in raw["sourceKinds"].items()},
        source_kind_rdf={k: v["rdf"] for k, v in raw["sourceKinds"].items()},
        source_properties=_props(raw["sourceProperties"]),
        citation_properties=_props(raw["citationProperties"]),
        entity_properties=_props(raw["entityProperties"]),
        relationship_properties=_props(raw["relationshipProperties"]),
        entities=entities,
        relationships=relationships,
        prefixes={e.prefix: e.name for e in entities.values()},
    )


@lru_cache(maxsize=1)
def load_schema() -> Schema:
    """The bundled schema (parsed once, on first use)."""
    text = resources.files("watchgraph.graph").joinpath("schema.yaml").read_text("utf-8")
    import yaml  # here, not at import: a graph read from the cache needs no YAML

    return parse_schema(yaml.load(text, Loader=yaml.CSafeLoader))
