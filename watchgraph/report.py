"""Plain-text reports for the terminal: stats, entity cards, paths, summaries."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from watchgraph.errors import param
from watchgraph.graph.describe import plural
from watchgraph.output import Written
from watchgraph.queries.catalog import Query, Question
from watchgraph.records import Stats

if TYPE_CHECKING:
    from watchgraph.serve.server import ServerOptions
    from watchgraph.serve.store import StoreInfo
from watchgraph.graph.store import KnowledgeGraph


def as_json(record: Any) -> str:
    """A record (Stats, EntityCard, PathResult) as indented JSON."""
    return json.dumps(record.to_dict(), ensure_ascii=False, indent=2)


def catalog_text(queries: Iterable[Query | Question]) -> str:
    """A catalog: each question's name, question and parameters."""
    lines = []
    for q in queries:
        lines.append(f"{q.name}: {q.question}")
        for p in q.params.values():
            kind = [p.kind] if p.kind != "string" else []
            kind += ["optional"] if p.optional else []
            kinds = f" ({', '.join(kind)})" if kind else ""
            default = f" = {p.default}" if p.default else ""
            example = f" (example: {p.example})" if p.example else ""
            lines.append(f"    {param('params')} {p.name}{kinds}{default}: {p.description}{example}")
    return "\n".join(lines) + "\n"


def build_text(graph: KnowledgeGraph, outputs: Sequence[str]) -> str:
    """The main job's summary: counts, then one line per file written."""
    lines = [Stats.of(graph).text(with_sources=False), f"sources: {len(graph.sources):,}", ""]
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
             f"SPARQL endpoint (read-only): {opts.url}",
             f"query workers: {opts.workers}, allocator {opts.allocator}"]
    if not opts.loopback:
        lines.append(f"warning: listening on {opts.host}, reachable from other machines")
    query = EXAMPLE_QUERY.replace("'", "'\\''")
    lines += ["try:",
              f"  curl -s {opts.url} -H 'Accept: text/csv' --data-urlencode 'query={query}'",
              f"  watchgraph sparql disputed-claims {param('endpoint')} {opts.url}",
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
