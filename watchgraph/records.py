"""What the library's read commands return: plain records made from the graph, each with
its text (`str()`, what the CLI prints and a notebook shows) and `to_dict()` (JSON-ready
data, which `report.as_json` writes).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from watchgraph.graph.describe import facts, format_value, plural, source_line, when
from watchgraph.graph.model import Entity, Relationship, Source
from watchgraph.graph.search import Match
from watchgraph.graph.select import Hop
from watchgraph.graph.store import KnowledgeGraph

if TYPE_CHECKING:
    from watchgraph.loaders.crosswalk import Decision
    from watchgraph.loaders.dedupe import Candidate


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

    def text(self, with_sources: bool = True) -> str:
        """Counts by entity type, relationship type and status; sources with their use."""
        return stats_text(self, with_sources)

    def __str__(self) -> str:
        return self.text()


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
        return entity_card_text(self)


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
        return paths_text(self)


@dataclass
class SearchResult:
    """The entities a text finds, best first."""

    text: str
    matches: list[Match]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {"text": self.text, "matches": [
            {**_entity_ref(m.entity), "score": m.score,
             "matchedIn": m.field, "description": m.entity.properties.get("description")}
            for m in self.matches]}

    def __str__(self) -> str:
        if not self.matches:
            return f"nothing found for {self.text!r}"
        lines = []
        for m in self.matches:
            about = str(m.entity.properties.get("description") or "").split(". ")[0].rstrip(".")
            line = f"{m.entity.name} ({m.entity.type}, {m.entity.id})"
            lines.append(f"{line}: {about}" if about else line)
        return "\n".join(lines)


@dataclass
class Duplicates:
    """Likely duplicates the resolution rules did not merge, best first, numbered from 1
    (the numbers a curator confirms)."""

    candidates: list[Candidate]
    min_score: float

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {"minScore": self.min_score, "candidates": [
            {"number": n, "score": c.score, "reasons": list(c.reasons),
             "a": _entity_ref(c.a), "b": _entity_ref(c.b)}
            for n, c in enumerate(self.candidates, start=1)]}

    def line(self, number: int) -> str:
        """One candidate as one line: number, score, the two entities, the reasons."""
        c = self.candidates[number - 1]
        return (f"{number}. {c.score} {c.a.id} ({c.a.name}) ~ {c.b.id} ({c.b.name}): "
                + ", ".join(c.reasons))

    def __str__(self) -> str:
        if not self.candidates:
            return f"no likely duplicates scoring {self.min_score:g} or more"
        return "\n".join(self.line(n) for n in range(1, len(self.candidates) + 1))


@dataclass
class CrosswalkWritten:
    """Decisions appended to a crosswalk file (those it already held are not repeated)."""

    target: str
    decisions: list[Decision]
    added: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {"target": self.target, "added": self.added, "decisions": [
            {"entity": d.entity, "relation": d.relation, "other": d.other,
             "decided_by": d.decided_by, "reason": d.reason} for d in self.decisions]}

    def __str__(self) -> str:
        if not self.decisions:
            return f"nothing written to {self.target}: no pair decided"
        same = sum(1 for d in self.decisions if d.relation == "same_as")
        held = len(self.decisions) - self.added
        text = (f"wrote {self.target}: {same} same_as, {len(self.decisions) - same} not_same_as")
        return text + (f" ({held} already there)" if held else "")


# -- as text, for the terminal and notebooks -------------------------------------------

class SourceNumbers:
    """Numbers sources in the order a report first cites them."""

    def __init__(self, graph: KnowledgeGraph) -> None:
        self.graph = graph
        self.order: dict[str, int] = {}

    def __call__(self, source_id: str) -> int:
        return self.order.setdefault(source_id, len(self.order) + 1)

    def lines(self) -> list[str]:
        """The numbered source list."""
        return [f"  [{n}] {source_line(self.graph.sources[sid])}" for sid, n in self.order.items()]


def relationship_lines(graph: KnowledgeGraph, rel: Relationship, left: str, numbers: SourceNumbers,
                       indent: str = "  ") -> list[str]:
    """A relationship as seen from entity `left`, then one line per citation."""
    directed = graph.schema.relationships[rel.type].directed
    right = rel.target if rel.source == left else rel.source
    if not directed:
        arrow = f"-[{rel.type}]-"
    elif rel.source == left:
        arrow = f"-[{rel.type}]->"
    else:
        arrow = f"<-[{rel.type}]-"
    head = f"{graph.entity(left).name} {arrow} {graph.entity(right).name}"
    details = [rel.status] + [w for w in [when(rel.properties)] if w] + facts(graph, rel)
    lines = [f"{indent}{head}  [{'; '.join(details)}]"]
    for c in rel.citations:
        where = ", ".join(w for w in (c.stance if c.stance != "supports" else "", c.locator or "") if w)
        text = f"{where}: {c.note}" if where and c.note else where or c.note or ""
        lines.append(f"{indent}    [{numbers(c.source)}] {text}".rstrip())
        if c.quote:
            lines.append(f'{indent}        "{c.quote}"')
    return lines


def stats_text(stats: Stats, with_sources: bool = True) -> str:
    """Counts by entity type, relationship type and status; sources with their use."""
    width = max(len(k) + 2 for k in [*stats.relationships, *stats.entities])

    def block(title: str, counts: dict[str, int]) -> list[str]:
        lines = [f"{title:<{width}}  {sum(counts.values()):>6,}"]
        lines += [f"  {k:<{width - 2}}  {v:>6,}" for k, v in counts.items() if v]
        return lines

    lines = block("entities", stats.entities)
    lines += block("relationships", stats.relationships)
    lines += block("status", stats.statuses)
    if not with_sources:
        return "\n".join(lines)
    lines.append(f"{'sources':<{width}}  {len(stats.sources):>6,}")
    for s, n in stats.sources:
        lines.append(f"  {s.id}: {source_line(s)}; cited by {n:,}")
    return "\n".join(lines)


def entity_card_text(card: EntityCard) -> str:
    """Everything the graph says about one entity, with the evidence."""
    graph, e = card.graph, card.entity
    lines = [e.name, f"  id: {e.id}", f"  type: {e.type}"]
    if e.aliases:
        lines.append(f"  aliases: {', '.join(e.aliases)}")
    for key, value in e.properties.items():
        lines.append(f"  {key}: {format_value(value)}")
    numbers = SourceNumbers(graph)
    lines.append("")
    rels = card.relationships
    lines.append(f"relationships ({len(rels)})" if rels else "relationships: none")
    for r in rels:
        lines += relationship_lines(graph, r, e.id, numbers)
    if numbers.order:
        lines += ["", "sources", *numbers.lines()]
    return "\n".join(lines)


def paths_text(result: PathResult) -> str:
    """The shortest connections between two entities, each hop with its evidence."""
    graph, paths = result.graph, result.paths
    hops = len(paths[0])
    lines = [f"{result.start.name} to {result.end.name}: "
             f"{plural(len(paths), 'shortest connection')}, {plural(hops, 'hop')}"]
    numbers = SourceNumbers(graph)
    for i, path in enumerate(paths, 1):
        lines += ["", f"{i}. " + " / ".join(graph.entity(n).name for n in [path[0].start] + [h.end for h in path])]
        for hop in path:
            for rel in hop.relationships:
                lines += relationship_lines(graph, rel, hop.start, numbers, indent="   ")
    lines += ["", "sources", *numbers.lines()]
    return "\n".join(lines)


def _entity_ref(e: Entity) -> dict[str, str]:
    """An entity as JSON names it in a list: id, type and name."""
    return {"id": e.id, "type": e.type, "name": e.name}
