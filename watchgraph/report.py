"""Plain-text reports for the terminal: stats, entity cards, paths, summaries."""

from __future__ import annotations

from typing import Any, Iterable, Sequence

from watchgraph.graph.describe import facts, format_value, plural, source_line, when
from watchgraph.graph.model import Relationship
from watchgraph.graph.select import Hop
from watchgraph.graph.store import KnowledgeGraph

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
    return lines


def stats_text(graph: KnowledgeGraph, with_sources: bool = True) -> str:
    """Counts by entity type, relationship type and status; sources with their use."""
    st = graph.stats()

    width = max(len(k) + 2 for k in [*graph.schema.relationships, *graph.schema.entities])

    def block(title: str, counter: Any, order: Iterable[str]) -> list[str]:
        total = sum(counter.values())
        rows = [(k, counter[k]) for k in order if counter[k]]
        lines = [f"{title:<{width}}  {total:>6,}"]
        lines += [f"  {k:<{width - 2}}  {v:>6,}" for k, v in rows]
        return lines

    lines = block("entities", st["entities"], graph.schema.entities)
    lines += block("relationships", st["relationships"], graph.schema.relationships)
    lines += block("status", st["status"], graph.schema.statuses)
    if not with_sources:
        return "\n".join(lines)
    lines.append(f"{'sources':<{width}}  {len(graph.sources):>6,}")
    for s in graph.sources.values():
        lines.append(f"  {s.id}: {source_line(s)}; cited by {st['citations'][s.id]:,}")
    return "\n".join(lines)


def entity_card(graph: KnowledgeGraph, entity_id: str) -> str:
    """Everything the graph says about one entity, with the evidence."""
    e = graph.entity(entity_id)
    lines = [e.name, f"  id: {e.id}", f"  type: {e.type}"]
    if e.aliases:
        lines.append(f"  aliases: {', '.join(e.aliases)}")
    for key, value in e.properties.items():
        lines.append(f"  {key}: {format_value(value)}")
    out, into = graph.relationships_of(entity_id)
    rels = sorted(out + into, key=lambda r: (r.type, r.id))
    numbers = SourceNumbers(graph)
    lines.append("")
    lines.append(f"relationships ({len(rels)})" if rels else "relationships: none")
    for r in rels:
        lines += relationship_lines(graph, r, entity_id, numbers)
    if numbers.order:
        lines += ["", "sources", *numbers.lines()]
    return "\n".join(lines)


def paths_text(graph: KnowledgeGraph, a: str, b: str, paths: Sequence[list[Hop]]) -> str:
    """The shortest connections between two entities, each hop with its evidence."""
    hops = len(paths[0])
    na, nb = graph.entity(a).name, graph.entity(b).name
    lines = [f"{na} to {nb}: {plural(len(paths), 'shortest connection')}, {plural(hops, 'hop')}"]
    numbers = SourceNumbers(graph)
    for i, path in enumerate(paths, 1):
        lines += ["", f"{i}. " + " / ".join(graph.entity(n).name for n in [path[0].start] + [h.end for h in path])]
        for hop in path:
            for rel in hop.relationships:
                lines += relationship_lines(graph, rel, hop.start, numbers, indent="   ")
    lines += ["", "sources", *numbers.lines()]
    return "\n".join(lines)


def build_text(graph: KnowledgeGraph, outputs: Sequence[str]) -> str:
    """The main job's summary: counts, then one line per file written."""
    lines = [stats_text(graph, with_sources=False), f"sources: {len(graph.sources):,}", ""]
    lines += list(outputs)
    return "\n".join(lines)


def validation_text(files: int, sources: int, entities: int, relationships: int) -> str:
    """`ok: 3 entities, 2 relationships, 1 source in 1 file`"""
    return (f"ok: {plural(entities, 'entity')}, {plural(relationships, 'relationship')}, "
            f"{plural(sources, 'source')} in {plural(files, 'file')}")


def written_text(target: str, counts: dict[str, int]) -> str:
    """`wrote out/graph.json: 3 nodes, 2 edges, 1 source`"""
    parts = [plural(n, k[:-1] if k.endswith("s") else k) for k, n in counts.items()]
    return f"wrote {target}: {', '.join(parts)}" if parts else f"wrote {target}"


def neo4j_export_text(result: Any) -> str:
    """`exported to bolt://…/neo4j (dataset watchgraph): 3 entities, 2 relationships, 1 source`,
    and a `pruned …` line after --prune (a Neo4jExportResult)."""
    def counts(c: dict[str, int]) -> str:
        return (f"{plural(c.get('entities', 0), 'entity')}, "
                f"{plural(c.get('relationships', 0), 'relationship')}, "
                f"{plural(c.get('sources', 0), 'source')}")

    lines = [f"exported to {result.target}, database {result.database} "
             f"(dataset {result.dataset}): {counts(result.counts)}"]
    if result.pruned:
        kept = f"; {result.kept:,} kept, still used outside this dataset" if result.kept else ""
        lines.append(f"pruned {counts(result.pruned)}{kept}")
    return "\n".join(lines)
