"""`watchgraph export csv -o DIR`: the graph as four spreadsheets.

- `nodes.csv`: `id, type, name, aliases`, then one column per entity property in the schema;
- `edges.csv`: `id, type, source, target, directed, status, sources`, then one column per
  relationship property;
- `sources.csv`: one row per source, one column per source property;
- `citations.csv`: `relationship, n, source, stance, locator, quote, note`, one row per
  citation, in order (`n` counts from 1).

Lists are joined with `; `. A cell that a spreadsheet would read as a formula (starting with
`=`, `+`, `-`, `@`, a tab or a carriage return) is written with a leading `'`, which makes
it text (OWASP's advice against CSV injection); a plain number such as `-3` is left alone.
UTF-8 with a byte-order mark, so Excel reads accents right.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from watchgraph.exporters.base import OUTPUT_FOLDER, Exporter, ExportResult
from watchgraph.graph.store import KnowledgeGraph
from watchgraph.output import atomic_dir

FILES = ("nodes.csv", "edges.csv", "sources.csv", "citations.csv")
NODE_COLUMNS = ("id", "type", "name", "aliases")
EDGE_COLUMNS = ("id", "type", "source", "target", "directed", "status", "sources")
CITATION_COLUMNS = ("relationship", "n", "source", "stance", "locator", "quote", "note")
SOURCE_COLUMNS = ("id", "title", "publisher", "published", "kind", "url", "archiveUrl",
                  "author", "note")

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


def cell(value: Any) -> str:
    """One value as a safe spreadsheet cell: lists joined with `; `, booleans as
    true/false, None empty, and formula-like text prefixed with `'`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    text = str(value)
    if text.startswith(_FORMULA_START) and not _NUMBER.match(text):
        return "'" + text
    return text


def _columns(names: Iterable[str], skip: Sequence[str]) -> list[str]:
    return [n for n in dict.fromkeys(names) if n not in skip]


def _write(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    count = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh, lineterminator="\r\n")
        out.writerow(header)
        for row in rows:
            out.writerow([cell(v) for v in row])
            count += 1
    return count


def write_tables(graph: KnowledgeGraph, folder: Path) -> dict[str, int]:
    """Write the four CSV files into `folder`; return the row counts."""
    schema = graph.schema
    node_props = _columns([*schema.entity_properties,
                           *(p for t in schema.entities.values() for p in t.properties)],
                          ("name", "aliases"))
    edge_props = _columns([*schema.relationship_properties,
                           *(p for t in schema.relationships.values() for p in t.properties)], ())
    directed = {name: t.directed for name, t in schema.relationships.items()}
    nodes = _write(folder / "nodes.csv", [*NODE_COLUMNS, *node_props],
                   ([e.id, e.type, e.name, e.aliases, *(e.properties.get(p) for p in node_props)]
                    for e in graph.entities()))
    edges = _write(folder / "edges.csv", [*EDGE_COLUMNS, *edge_props],
                   ([r.id, r.type, r.source, r.target, directed[r.type], r.status, r.sources(),
                     *(r.properties.get(p) for p in edge_props)] for r in graph.relationships()))
    sources = _write(folder / "sources.csv", SOURCE_COLUMNS,
                     ([getattr(s, c) for c in SOURCE_COLUMNS] for s in graph.sources.values()))
    citations = _write(folder / "citations.csv", CITATION_COLUMNS,
                       ([r.id, n, c.source, c.stance, c.locator, c.quote, c.note]
                        for r in graph.relationships() for n, c in enumerate(r.citations, 1)))
    return {"nodes": nodes, "edges": edges, "sources": sources, "citations": citations}


class CsvExporter(Exporter):
    """`watchgraph export csv`: nodes, edges, sources and citations as CSV, in one folder."""

    name = "csv"
    summary = "Spreadsheets: nodes.csv, edges.csv, sources.csv and citations.csv in a folder."
    options = (OUTPUT_FOLDER,)

    def __init__(self, output: str | Path) -> None:
        self.output = Path(output)

    def export(self, graph: KnowledgeGraph) -> ExportResult:
        def is_ours(d: Path) -> bool:
            return sorted(p.name for p in d.iterdir()) == sorted(FILES)

        with atomic_dir(self.output, is_ours) as tmp:
            counts = write_tables(graph, tmp)
        return ExportResult(str(self.output), counts)


