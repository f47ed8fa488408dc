"""What the library's read commands return: plain records made from the graph.

`report.py` turns each into the text the CLI prints (their `str()` is that text, for
notebooks) and `to_dict()` into JSON-ready data.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from watchgraph.graph.model import Entity, Relationship, Source
from watchgraph.graph.select import Hop
from watchgraph.graph.store import KnowledgeGraph


def source_dict(s: Source) -> dict[str, Any]:
    """A source as JSON-ready data; optional fields only when present."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(s):
        value = getattr(s, f.name)
        if value not in (None, ()):
            out[f.name] = list(value) if isinstance(value, tuple) else value
    return out


def relationship_dict(graph: KnowledgeGraph, r: Relationship) -> dict[str, Any]:
    """A relationship as JSON-ready data: both ends with their names, its citations inline."""
    return {"id": r.id, "type": r.type, "status": r.status,
            "from": {"id": r.source, "name": graph.entity(r.source).name},
            "to": {"id": r.target, "name": graph.entity(r.target).name},
            "properties": {k: list(v) if isinstance(v, tuple) else v
                           for k, v in r.properties.items()},
            "citations": [{k: v for k, v in dataclasses.asdict(c).items() if v is not None}
                          for c in r.citations]}


@dataclass
class Stats:
    """Counts by entity type, relationship type and status (every one the schema declares,
    in its order), and each source with the number of relationships citing it."""

    entities: dict[str, int]
    relationships: dict[str, int]
    statuses: dict[str, int]
    sources: list[tuple[Source, int]] = field(default_factory=list)

    @classmethod
    def of(cls, graph: KnowledgeGraph) -> Stats:
        st = graph.stats()
        schema = graph.schema
        return cls({t: st["entities"][t] for t in schema.entities},
                   {t: st["relationships"][t] for t in schema.relationships},
                   {s: st["status"][s] for s in schema.statuses},
                   [(s, st["citations"][s.id]) for s in graph.sources.values()])

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {"entities": self.entities, "relationships": self.relationships,
                "statuses": self.statuses,
                "sources": [{**source_dict(s), "citedBy": n} for s, n in self.sources]}

    def __str__(self) -> str:
        from watchgraph import report

        return report.stats_text(self)


@dataclass
class EntityCard:
    """One entity and every relationship in and out of it, sorted by type and id."""

    graph: KnowledgeGraph = field(repr=False)
    entity: Entity
    relationships: list[Relationship]

    @classmethod
    def of(cls, graph: KnowledgeGraph, entity_id: str) -> EntityCard:
        out, into = graph.relationships_of(entity_id)
        return cls(graph, graph.entity(entity_id), sorted(out + into, key=lambda r: (r.type, r.id)))

    def sources(self) -> list[Source]:
        """The cited sources, in first-cited order."""
        return self.graph.cited_sources(self.relationships)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        e = self.entity
        return {"id": e.id, "type": e.type, "name": e.name, "aliases": list(e.aliases),
                "properties": {k: list(v) if isinstance(v, tuple) else v
                               for k, v in e.properties.items()},
                "relationships": [relationship_dict(self.graph, r) for r in self.relationships],
                "sources": [source_dict(s) for s in self.sources()]}

    def __str__(self) -> str:
        from watchgraph import report

        return report.entity_card_text(self)


@dataclass
class PathResult:
    """The shortest connections between two entities, each a list of hops."""

    graph: KnowledgeGraph = field(repr=False)
    start: Entity
    end: Entity
    paths: list[list[Hop]]

    def __iter__(self) -> Iterator[list[Hop]]:
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {"from": self.start.id, "to": self.end.id,
                "paths": [[{"from": h.start, "to": h.end,
                            "relationships": [relationship_dict(self.graph, r)
                                              for r in h.relationships]} for h in p]
                          for p in self.paths]}

    def __str__(self) -> str:
        from watchgraph import report

        return report.paths_text(self)
