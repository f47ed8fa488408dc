"""Plain-text reports for the terminal: stats, entity cards, paths, summaries."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from watchgraph.errors import param
from watchgraph.graph.describe import facts, format_value, plural, source_line, when
from watchgraph.graph.model import Relationship
from watchgraph.output import Written
from watchgraph.queries.catalog import Query
from watchgraph.records import EntityCard, PathResult, Stats

if TYPE_CHECKING:
    from watchgraph.serve.server import ServerOptions
    from watchgraph.serve.store import StoreInfo
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


def as_json(record: Any) -> str:
    """A record (Stats, EntityCard, PathResult) as indented JSON."""
    return json.dumps(record.to_dict(), ensure_ascii=False, indent=2)


def catalog_text(queries: Iterable[Query]) -> str:
    """A query library: each query's name, question and parameters."""
    lines = []
    for q in queries:
        lines.append(f"{q.name}: {q.question}")
        for p in q.params.values():
            kind = f" ({p.kind})" if p.kind != "string" else ""
            default = f" = {p.default}" if p.default is not None else ""
            example = f" (example: {p.example})" if p.example else ""
            lines.append(f"    {param('params')} {p.name}{kind}{default}: {p.description}{example}")
    return "\n".join(lines) + "\n"


def build_text(graph: KnowledgeGraph, outputs: Sequence[str]) -> str:
    """The main job's summary: counts, then one line per file written."""
    lines = [stats_text(Stats.of(graph), with_sources=False), f"sources: {len(graph.sources):,}", ""]
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


def export_text(result: Written) -> str:
    """What an export (or a render) wrote, as one line (two after a Neo4j export that pruned)."""
    if hasattr(result, "pruned"):
        return neo4j_export_text(result)
    return written_text(result.target, result.counts)


def serve_announcement(opts: ServerOptions, info: StoreInfo) -> list[str]:
    """What `watchgraph serve` prints once the server listens."""
    how = "reused: the data has not changed" if info.reused else f"built in {info.seconds:.1f} s"
    lines = [f"store: {info.path} ({how})",
             f"SPARQL endpoint (read-only): {opts.url}"]
    if not opts.loopback:
        lines.append(f"warning: listening on {opts.host}, reachable from other machines")
    query = EXAMPLE_QUERY.replace("'", "'\\''")
    lines += ["try:",
              f"  curl -s {opts.url} -H 'Accept: text/csv' --data-urlencode 'query={query}'",
              f"  watchgraph sparql disputed-claims --endpoint {opts.url}",
              "Ctrl-C stops the server."]
    return lines


EXAMPLE_QUERY = ("PREFIX wg: <https://w3id.org/watchgraph/ns#> PREFIX schema: <http://schema.org/> "
                 "SELECT ?agency ?product WHERE { ?a wg:uses ?p ; a wg:Agency ; schema:name ?agency . "
                 "?p schema:name ?product } ORDER BY ?agency LIMIT 10")


def neo4j_export_text(result: Any) -> str:
    """`exported to bolt://…/neo4j (dataset watchgraph): 3 entities, 2 relationships, 1 source`,
    and a `pruned …` line after pruning (a Neo4jExportResult)."""
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
