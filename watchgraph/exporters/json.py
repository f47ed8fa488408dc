"""The JSON interchange format: nodes, edges with their citations inline, and sources."""

from __future__ import annotations

import dataclasses
import json
from typing import IO, Any

from watchgraph.exporters.base import FileExporter
from watchgraph.graph.model import INTERCHANGE_FORMAT, Citation, Entity, Relationship, Source
from watchgraph.graph.store import KnowledgeGraph

VERSION = 1


def node_dict(e: Entity) -> dict[str, Any]:
    """An entity as a JSON node."""
    return {"id": e.id, "type": e.type, "name": e.name, "aliases": list(e.aliases), **e.properties}


def citation_dict(c: Citation) -> dict[str, Any]:
    """A citation as JSON: source, stance, locator and note always; quote when present."""
    out = {"source": c.source, "stance": c.stance, "locator": c.locator, "note": c.note}
    if c.quote is not None:
        out["quote"] = c.quote
    return out


def edge_dict(r: Relationship) -> dict[str, Any]:
    """A relationship as a JSON edge with its citations inline."""
    return {"id": r.id, "type": r.type, "source": r.source, "target": r.target,
            "status": r.status, "citations": [citation_dict(c) for c in r.citations],
            **r.properties}


def source_dict(s: Source) -> dict[str, Any]:
    """A source as JSON; the optional fields only when present."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(s):
        value = getattr(s, f.name)
        if f.name in ("id", "title", "publisher", "published", "url", "kind") or value:
            out[f.name] = list(value) if isinstance(value, tuple) else value
    return out


def graph_dict(graph: KnowledgeGraph) -> dict[str, Any]:
    """The whole graph in the interchange format."""
    return {
        "format": INTERCHANGE_FORMAT,
        "version": VERSION,
        "nodes": [node_dict(e) for e in graph.entities()],
        "edges": [edge_dict(r) for r in graph.relationships()],
        "sources": [source_dict(s) for s in graph.sources.values()],
    }


class JsonExporter(FileExporter):
    """`watchgraph export json`: the interchange format, UTF-8, indented."""

    name = "json"
    summary = "The JSON interchange format: nodes, edges with citations, sources."
    build_output = "graph.json"

    def write(self, graph: KnowledgeGraph, fh: IO[Any]) -> dict[str, int]:
        data = graph_dict(graph)
        json.dump(data, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
        return {"nodes": len(data["nodes"]), "edges": len(data["edges"]),
                "sources": len(data["sources"])}

