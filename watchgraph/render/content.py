"""The texts a rendered selection shows: tooltips, the relationship list, the source list.

Everything here is plain data (strings, numbers, lists, dicts) ready for JSON; the HTML
puts it on the page as text only, never as markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from watchgraph.graph.describe import facts, format_value, when
from watchgraph.graph.model import Relationship
from watchgraph.graph.select import Selection
from watchgraph.graph.store import KnowledgeGraph

SAFE_SCHEMES = ("http://", "https://")


def safe_url(url: str | None) -> str | None:
    """The URL if it is an http(s) address, else None (no `javascript:` links, ever)."""
    return url if url and url.lower().startswith(SAFE_SCHEMES) else None


def arrow(graph: KnowledgeGraph, rel: Relationship) -> str:
    """`A → uses → B`, or `A — met with — B` for an undirected type."""
    rt = graph.schema.relationships[rel.type]
    a, b = graph.entity(rel.source).name, graph.entity(rel.target).name
    return f"{a} → {rt.label} → {b}" if rt.directed else f"{a} — {rt.label} — {b}"


def details(graph: KnowledgeGraph, rel: Relationship) -> list[str]:
    """Status, dates and the other facts of a relationship, as short strings."""
    return [rel.status] + [w for w in [when(rel.properties)] if w] + facts(graph, rel)


def selection_sources(selection: Selection) -> set[str]:
    """The ids of the sources the selected relationships cite."""
    return {sid for rel in selection.relationships for sid in rel.sources()}


@dataclass
class Content:
    """What the page says, numbered and ready for JSON."""

    sources: list[dict[str, Any]] = field(default_factory=list)
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: dict[str, dict[str, Any]] = field(default_factory=dict)
    relationships: list[dict[str, Any]] = field(default_factory=list)


def build_content(graph: KnowledgeGraph, selection: Selection) -> Content:
    """Tooltips for every entity and relationship, the relationship list and the sources.

    Sources are numbered in the order the relationship list first cites them.
    """
    content = Content()
    numbers: dict[str, int] = {}

    def number(source_id: str) -> int:
        if source_id not in numbers:
            numbers[source_id] = len(numbers) + 1
            s = graph.sources[source_id]
            content.sources.append({
                "n": numbers[source_id], "id": s.id, "publisher": s.publisher, "title": s.title,
                "date": s.published or "", "url": safe_url(s.url) or safe_url(s.archiveUrl),
                "kind": s.kind})
        return numbers[source_id]

    node_sources: dict[str, set[int]] = {e: set() for e in selection.entities}
    for rel in selection.relationships:
        cited = [number(sid) for sid in rel.sources()]
        node_sources[rel.source].update(cited)
        node_sources[rel.target].update(cited)
        text = f"{arrow(graph, rel)} ({'; '.join(details(graph, rel))})"
        content.relationships.append({"id": rel.id, "text": text, "sources": cited,
                                      "status": rel.status})
        content.edges[rel.id] = _edge_tip(graph, rel, number)
    for eid in selection.entities:
        content.nodes[eid] = _node_tip(graph, eid, sorted(node_sources[eid]))
    return content


def _node_tip(graph: KnowledgeGraph, eid: str, sources: list[int]) -> dict[str, Any]:
    e = graph.entity(eid)
    rows = [["type", graph.schema.entities[e.type].label]]
    if e.aliases:
        rows.append(["also known as", ", ".join(e.aliases)])
    for key, value in e.properties.items():
        if key not in ("description", "url"):
            rows.append([key, format_value(value)])
    tip: dict[str, Any] = {"title": e.name, "rows": rows, "sources": sources}
    if e.properties.get("description"):
        tip["text"] = str(e.properties["description"])
    if safe_url(e.properties.get("url")):
        tip["url"] = e.properties["url"]
    return tip


def _edge_tip(graph: KnowledgeGraph, rel: Relationship, number: Any) -> dict[str, Any]:
    """An edge's tooltip; the page adds the type and status rows from `relationship_words`."""
    rows = []
    dates = when(rel.properties)
    if dates:
        rows.append(["dates", dates])
    for fact in facts(graph, rel):
        key, _, value = fact.partition(": ")
        rows.append([key, value])
    citations = []
    for c in rel.citations:
        cit: dict[str, Any] = {"n": number(c.source), "note": c.note or ""}
        if c.stance != "supports":
            cit["stance"] = c.stance
        if c.locator:
            cit["locator"] = c.locator
        if c.quote:
            cit["quote"] = c.quote
        citations.append(cit)
    tip: dict[str, Any] = {"title": arrow(graph, rel), "type": rel.type, "status": rel.status,
                           "rows": rows, "citations": citations,
                           "sources": list(dict.fromkeys(c["n"] for c in citations))}
    if rel.properties.get("note"):
        tip["text"] = str(rel.properties["note"])
    return tip


def relationship_words(graph: KnowledgeGraph) -> dict[str, dict[str, str]]:
    """Each relationship type's label and each status's meaning, for the tooltips."""
    return {"types": {name: rt.label for name, rt in graph.schema.relationships.items()},
            "statuses": dict(graph.schema.statuses)}
