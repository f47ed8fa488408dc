"""`watchgraph export neo4j-import -o DIR`: a bundle for `neo4j-admin database import full`.

DIR holds the property-graph shape (property_graph.py) as CSV with typed headers:

- `nodes-<Label>.csv`: `id:ID(Entity)` (sources: `id:ID(Source)`), `:LABEL`, then one typed
  column per property (`name:string`, `aliases:string[]`, `amount:double`, `seats:long`,
  `former:boolean`) and the dataset marker `wgDatasets:string[]`;
- `relationships-<TYPE>.csv`: `:START_ID(Entity)`, `:END_ID(Entity)`, `:TYPE`, typed columns;
- `after-import.cypher`: the constraints `export neo4j` creates, and the list values CSV
  cannot hold (an empty list, a list of one empty string) put back, so the imported
  database holds exactly what `export neo4j` writes;
- `README.md`: the exact commands.

Id spaces: entity ids are globally unique, so all entity labels share one id space,
`Entity`; sources get their own, `Source`, so a source id never collides with an entity id.
Array elements are separated by U+001F (the ASCII unit separator), since `;` and `,` occur in
notes; a value containing it is refused. Strings are always quoted: `""` is an empty string,
an empty field an absent property. Only files with values spanning lines are named in
`--multiline-fields` (format v2), so the others keep the importer's parallel parsing.
"""

from __future__ import annotations

import functools
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from watchgraph.errors import WatchgraphError
from watchgraph.exporters.base import OUTPUT_FOLDER, Exporter, ExportResult, Option
from watchgraph.graph.store import KnowledgeGraph
from watchgraph.nogc import paused_gc
from watchgraph.output import atomic_dir
from watchgraph.progress import progress_bar
from watchgraph.propertygraph.cypher import DEFAULT_DATASET, MARKER, constraint_statements, name
from watchgraph.propertygraph.shape import (
    CITATION_COLUMNS,
    SOURCE_LABEL,
    Shape,
    node_rows,
    rel_rows,
)

ARRAY_DELIMITER = "\x1f"
ARRAY_DELIMITER_OPTION = "--array-delimiter=U+001F"
ENTITY_GROUP = "Entity"
TITLE = "# watchgraph bundle for neo4j-admin database import"
IMPORT_TYPES = {"string": "string", "int": "long", "float": "double", "boolean": "boolean",
                "string[]": "string[]"}


@dataclass(frozen=True)
class BundleTarget:
    """Where the bundle goes and which dataset name its marker carries."""

    directory: Path
    dataset: str = DEFAULT_DATASET
    show_progress: bool = True


@dataclass
class BundleResult(ExportResult):
    """Counts (`nodes`, `relationships`, `files`) and the importer's arguments, run in DIR."""

    arguments: list[str] = field(default_factory=list)


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _where(what: str, col: str) -> str:
    return f"{what}: {col}"


def _cell(value: Any, kind: str, where: Callable[[], str]) -> str:
    if value is None:
        return ""
    if kind == "string":
        return _quote(str(value))
    if kind == "string[]":
        if not value:
            return ""
        joined = ARRAY_DELIMITER.join(value)
        if joined.count(ARRAY_DELIMITER) != len(value) - 1:
            raise WatchgraphError(f"{where()} contains the control character U+001F, the bundle's "
                                  "array delimiter; remove it from the data")
        return _quote(joined)
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "float":
        v = float(value)
        return repr(v) if math.isfinite(v) else ("NaN" if v != v else ("-" if v < 0 else "") + "Infinity")
    return str(int(value))


class _Table:
    """One CSV file: header, rows, and what the CSV format loses (for after-import.cypher)."""

    def __init__(self, directory: Path, file: str, fixed: list[str], columns: Mapping[str, str],
                 dataset: str) -> None:
        self.file = file
        self.columns = [(c, k) for c, k in columns.items()]
        self.fh: IO[str] = open(directory / file, "w", encoding="utf-8", newline="")
        header = fixed + [f"{c}:{IMPORT_TYPES[k]}" for c, k in self.columns]
        self.fh.write(",".join([*header, f"{MARKER}:string[]"]) + "\n")
        self.marker = _quote(dataset)
        self.rows = 0
        self.multiline = False
        self.present: dict[str, int] = defaultdict(int)
        self.lost: dict[str, int] = defaultdict(int)  # [] or [""]: read back as absent
        self.single_empty: set[str] = set()

    def write(self, first: list[str], row: Mapping[str, Any], what: str) -> None:
        cells = list(first)
        for col, kind in self.columns:
            value = row.get(col)
            if value is not None and kind == "string[]":
                self.present[col] += 1
                if not value or value == [""]:
                    self.lost[col] += 1
                    if value:
                        self.single_empty.add(col)
            cells.append(_cell(value, kind, functools.partial(_where, what, col)))
        cells.append(self.marker)
        line = ",".join(cells)
        if not self.multiline and ("\n" in line or "\r" in line):
            self.multiline = True
        self.fh.write(line + "\n")
        self.rows += 1

    def restore_statements(self, pattern: str, var: str) -> list[str]:
        """Cypher putting back the list values the CSV read back as absent."""
        out = []
        for col, lost in self.lost.items():
            if not lost or self.present[col] != self.rows:
                continue  # an optional list that is sometimes absent cannot be told apart
            value = (f"[c IN {var}.citationSources | '']" if col in CITATION_COLUMNS else "[]")
            if col not in CITATION_COLUMNS and col in self.single_empty:
                raise WatchgraphError(f"{col} holds a list of one empty string, which the bundle "
                                      "cannot represent; drop the empty string from the data")
            out.append(f"MATCH {pattern} WHERE {var}.{MARKER} IS NOT NULL AND {var}.{col} IS NULL "
                       f"SET {var}.{col} = {value};")
        return out


def _write_nodes(graph: KnowledgeGraph, shape: Shape, directory: Path, dataset: str,
                 advance: Callable[[int], None], tables: dict[str, _Table]) -> None:
    for label, row in node_rows(graph, shape):
        table = tables.get(label)
        if table is None:
            group = SOURCE_LABEL if label == SOURCE_LABEL else ENTITY_GROUP
            columns = {c: k for c, k in shape.node_columns[label].items() if c != "id"}
            table = tables[label] = _Table(directory, f"nodes-{label}.csv",
                                           [f"id:ID({group})", ":LABEL"], columns, dataset)
            name(shape, label)
        table.write([_quote(row["id"]), label], row, f"{label} {row['id']}")
        advance(1)


def _write_relationships(graph: KnowledgeGraph, shape: Shape, directory: Path, dataset: str,
                         advance: Callable[[int], None], tables: dict[str, _Table]) -> None:
    for r in rel_rows(graph, shape):
        table = tables.get(r.type)
        if table is None:
            name(shape, r.type)
            table = tables[r.type] = _Table(
                directory, f"relationships-{r.type}.csv",
                [f":START_ID({ENTITY_GROUP})", f":END_ID({ENTITY_GROUP})", ":TYPE"],
                shape.rel_columns[r.type], dataset)
        table.write([_quote(r.start), _quote(r.end), r.type], r.props, f"relationship {r.props['id']}")
        advance(1)


def import_arguments(tables: Iterable[_Table], rel_tables: Iterable[_Table]) -> list[str]:
    """The `neo4j-admin database import full` options, with paths relative to DIR."""
    nodes, rels = list(tables), list(rel_tables)
    multiline = [t.file for t in nodes + rels if t.multiline]
    args = [ARRAY_DELIMITER_OPTION]
    if multiline:
        args += ["--multiline-fields-format=v2", "--multiline-fields=" + ",".join(multiline)]
    return (args + [f"--nodes={t.file}" for t in nodes]
            + [f"--relationships={t.file}" for t in rels])


def readme_text(arguments: list[str], dataset: str) -> str:
    """README.md of the bundle: the exact commands."""
    command = " \\\n    ".join(["neo4j-admin database import full", *arguments])
    return f"""{TITLE}

Written by `watchgraph export neo4j-import` (dataset name `{dataset}`). Every CSV has a
typed header; arrays are separated by U+001F (`{ARRAY_DELIMITER_OPTION}`); entity ids
share the `{ENTITY_GROUP}` id space and sources have their own, `{SOURCE_LABEL}`.

1. Stop the Neo4j server and, from this folder, import into the (new or empty) database
   `neo4j` (add `--overwrite-destination` to replace an existing one):

   ```sh
   {command}
   ```

2. Start the server, then create the constraints and put back the empty lists that CSV
   cannot hold:

   ```sh
   cypher-shell -a bolt://127.0.0.1:7687 -d neo4j -f after-import.cypher
   ```

The database then holds what `watchgraph export neo4j --dataset-name {dataset}` writes, so
later changes can be sent with that command (add `--prune` to remove what the data dropped).
"""


class Neo4jImportExporter(Exporter):
    """`watchgraph export neo4j-import`: the neo4j-admin CSV bundle, written atomically."""

    name = "neo4j-import"
    summary = "A neo4j-admin database import bundle: typed CSVs and a README with the command."
    build_output = "neo4j-import"
    options = (
        OUTPUT_FOLDER,
        Option("dataset_name", "The name marking the imported data (wgDatasets), as export "
               "neo4j does.", default=DEFAULT_DATASET, show_default=True),
    )

    def __init__(self, output: str | Path, dataset_name: str = DEFAULT_DATASET,
                 show_progress: bool = True) -> None:
        self.target = BundleTarget(Path(output), dataset_name, show_progress)

    def export(self, graph: KnowledgeGraph) -> BundleResult:
        target = self.target
        shape = Shape.of(graph.schema)
        total = len(graph) + len(graph.sources) + sum(1 for _ in graph.relationships())

        def is_ours(d: Path) -> bool:
            return (d / "README.md").is_file() and (d / "README.md").read_text("utf-8").startswith(TITLE)

        with atomic_dir(target.directory, is_ours) as tmp, paused_gc(), \
                progress_bar("neo4j-import", total, target.show_progress) as advance:
            node_tables: dict[str, _Table] = {}
            rel_tables: dict[str, _Table] = {}
            try:
                _write_nodes(graph, shape, tmp, target.dataset, advance, node_tables)
                _write_relationships(graph, shape, tmp, target.dataset, advance, rel_tables)
            finally:
                for t in (*node_tables.values(), *rel_tables.values()):
                    t.fh.close()
            statements = [f"{s};" for s in constraint_statements(shape)]
            for label, t in node_tables.items():
                statements += t.restore_statements(f"(n:{name(shape, label)})", "n")
            for rel_type, t in rel_tables.items():
                statements += t.restore_statements(f"()-[r:{name(shape, rel_type)}]->()", "r")
            (tmp / "after-import.cypher").write_text("\n".join(statements) + "\n", "utf-8")
            arguments = import_arguments(node_tables.values(), rel_tables.values())
            (tmp / "README.md").write_text(readme_text(arguments, target.dataset), "utf-8")
        nodes = sum(t.rows for t in node_tables.values())
        rels = sum(t.rows for t in rel_tables.values())
        return BundleResult(str(target.directory),
                            {"nodes": nodes, "relationships": rels,
                             "files": len(node_tables) + len(rel_tables) + 2}, arguments)
