"""Build a LadybugDB database from the graph: tables from property_graph.Shape, bulk COPY.

Node tables: one per entity type plus `Source`, keyed by `id`. Relationship tables: one per
schema type, with every (from, to) pair of entity types it may join (both ways for an
undirected type), stored in the direction its id gives. Columns and their types come from
Shape's column kinds. Rows are copied in bulk from Arrow tables, one COPY per node label
and per (type, from label, to label).

The database also gets `DIALECT_MACROS`: Neo4j's names for functions LadybugDB spells
differently, so the query library's texts run unchanged on both engines.
"""

from __future__ import annotations

import hashlib
import marshal
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from watchgraph.graph.store import KnowledgeGraph
from watchgraph.propertygraph.shape import Shape, node_rows, rel_rows

if TYPE_CHECKING:  # pragma: no cover
    import ladybug

LADYBUG_TYPES = {"string": "STRING", "int": "INT64", "float": "DOUBLE", "boolean": "BOOLEAN",
                 "string[]": "STRING[]"}

DIALECT_MACROS = {
    "type(r)": "label(r)",
    "toString(x)": "CAST(x AS STRING)",
    "toInteger(x)": "CAST(x AS INT64)",
    "toFloat(x)": "CAST(x AS DOUBLE)",
    "head(xs)": "list_extract(xs, 1)",
    "last(xs)": "list_extract(xs, size(xs))",
}
"""Neo4j functions the query library uses, defined for LadybugDB (as `CREATE MACRO`)."""


def quote(name: str) -> str:
    """A schema name as a LadybugDB identifier (`end`, `order` and `date` are keywords)."""
    return "`" + name.replace("`", "``") + "`"


def ddl(shape: Shape) -> list[str]:
    """The CREATE statements for every node and relationship table, then the macros.

    Every relationship table joins every pair of labels its type may join, whether the
    data holds it or not: with only the pairs the data holds (42 of 202 in the bundled
    data; the database opened some 30 ms faster), LadybugDB 0.22 matched an OPTIONAL MATCH
    from a node of a label its table does not join to nodes it is not joined to (the
    parity test on generated data: collects-from's developer of a company)."""
    out = []
    for label, cols in shape.node_columns.items():
        defs = ", ".join(f"{quote(c)} {LADYBUG_TYPES[k]}" for c, k in cols.items())
        out.append(f"CREATE NODE TABLE {quote(label)}({defs}, PRIMARY KEY (id))")
    for rel_type, cols in shape.rel_columns.items():
        pairs = ", ".join(f"FROM {quote(a)} TO {quote(b)}" for a, b in shape.rel_endpoints[rel_type])
        defs = ", ".join(f"{quote(c)} {LADYBUG_TYPES[k]}" for c, k in cols.items())
        out.append(f"CREATE REL TABLE {quote(rel_type)}({pairs}, {defs})")
    out += [f"CREATE MACRO {name} AS {body}" for name, body in DIALECT_MACROS.items()]
    return out


def _arrow_columns(columns: dict[str, str], rows: list[dict[str, Any]]) -> dict[str, Any]:
    import pyarrow as pa

    types = {"string": pa.string(), "int": pa.int64(), "float": pa.float64(),
             "boolean": pa.bool_(), "string[]": pa.list_(pa.string())}
    # one pass over the rows, touching only the values they have (rows leave out the empty ones)
    values: dict[str, list[Any]] = {c: [None] * len(rows) for c in columns}
    for i, row in enumerate(rows):
        for c, v in row.items():
            values[c][i] = v
    return {c: pa.array(values[c], type=types[k]) for c, k in columns.items()}


@dataclass
class Rows:
    """The graph as rows: node properties by label, relationships by (type, from, to)."""

    nodes: dict[str, list[dict[str, Any]]]
    rels: dict[tuple[str, str, str], list[tuple[str, str, dict[str, Any]]]]

    def fingerprint(self) -> str:
        """A hash of every row: equal for equal data, whatever order it was loaded in."""
        h = hashlib.sha256(b"watchgraph-ladybug-1")
        for label in sorted(self.nodes):
            h.update(marshal.dumps((label, self.nodes[label])))
        for key in sorted(self.rels):
            h.update(marshal.dumps((key, self.rels[key])))
        return h.hexdigest()


def graph_rows(graph: KnowledgeGraph, shape: Shape) -> Rows:
    """Every node and relationship of the graph as typed rows (property_graph's shape)."""
    nodes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for label, row in node_rows(graph, shape):
        nodes[label].append(row)
    rels: dict[tuple[str, str, str], list[tuple[str, str, dict[str, Any]]]] = defaultdict(list)
    for r in rel_rows(graph, shape):
        rels[(r.type, r.start_label, r.end_label)].append((r.start, r.end, r.props))
    return Rows(dict(nodes), dict(rels))


def populate(conn: ladybug.Connection, rows: Rows, shape: Shape,
             advance: Callable[[int], None] = lambda n: None) -> None:
    """Create the tables and macros in an empty database and COPY every row into them."""
    import pyarrow as pa

    for statement in ddl(shape):
        conn.execute(statement)
    for label, nodes in rows.nodes.items():
        conn.execute(f"COPY {quote(label)} FROM $rows",
                     {"rows": pa.table(_arrow_columns(dict(shape.node_columns[label]), nodes))})
        advance(len(nodes))
    for (rel_type, start, end), rels in rows.rels.items():
        columns = {"_from": pa.array([r[0] for r in rels], pa.string()),
                   "_to": pa.array([r[1] for r in rels], pa.string()),
                   **_arrow_columns(dict(shape.rel_columns[rel_type]), [r[2] for r in rels])}
        conn.execute(f"COPY {quote(rel_type)} FROM $rows (from={start!r}, to={end!r})",
                     {"rows": pa.table(columns)})
        advance(len(rels))
