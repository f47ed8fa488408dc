"""`watchgraph export neo4j`: the graph into a running Neo4j, over Bolt, idempotently.

The shape is property_graph.py's: one label per entity type plus `Source`, one
relationship type per schema type, typed columns, citations as parallel lists.

- Constraints first: `id` unique per label (Source included) and per relationship type.
- Nodes, then relationships, in batched `UNWIND $rows AS row ...` transactions: nodes
  MERGE on id; relationships go in groups of one (type, start label, end label), so both
  endpoint lookups are index seeks, written by `workers` sessions at once. A batch is first
  simply CREATEd (the cheap common case: a first export); when the `id` uniqueness
  constraint refuses that because some are already there, the transaction is rolled back
  and that batch, and the rest of its group, CREATE the new ones and MERGE the others on
  id. Labels and types reach the query text only through neo4j_cypher.name() (schema
  names); every value is a parameter.
- What the export owns on a node or relationship is the columns of its label or type and
  the marker `wgDatasets`: `SET x += $clear, x += row` replaces exactly those (a property
  the data no longer has is removed) and leaves any property someone else added alone.
- Evidence: each relationship keeps status, dates, amounts, ranges and its citations
  (`citationSources`, `citationStances`, ...); `sources` lists the cited Source ids, and
  `MATCH (s:Source) WHERE s.id IN r.sources` reaches the documents through the Source id
  index. No extra relationship types link evidence, so relationship counts and types stay
  those of the schema on every engine.
- Re-running is safe: everything is merged on ids, so a second export (or a re-run after
  an interrupted one) updates in place and duplicates nothing.
- `prune`: after writing, whatever carries this dataset's name and is no longer in the
  data loses the name; it is deleted when no other dataset claims it and (for a node) no
  relationship outside this dataset still uses it. Nothing unmarked is ever touched.
"""

from __future__ import annotations

import threading
from collections import defaultdict, deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from watchgraph.errors import UsageError, param
from watchgraph.exporters.base import Exporter, ExportResult, Option
from watchgraph.graph.store import KnowledgeGraph
from watchgraph.nogc import paused_gc
from watchgraph.progress import progress_bar
from watchgraph.propertygraph.bolt import (
    DEFAULT_URI,
    Neo4jServer,
    ServerError,
    connect,
    in_transaction,
    translated,
)
from watchgraph.propertygraph.cypher import DEFAULT_DATASET, MARKER, constraint_statements, name
from watchgraph.propertygraph.shape import SOURCE_LABEL, Shape, node_rows, rel_rows

if TYPE_CHECKING:
    from neo4j import ManagedTransaction, Session

BATCH_SIZE = 2_000  # measured: smaller batches commit faster here; see benchmarks/README.md
WORKERS = 2  # sessions writing relationships at once; measured best on a 2-core server


@dataclass(frozen=True)
class Neo4jTarget:
    """What `export neo4j` writes to, and how."""

    server: Neo4jServer = field(default_factory=Neo4jServer)
    dataset: str = DEFAULT_DATASET
    prune: bool = False
    batch_size: int = BATCH_SIZE
    show_progress: bool = True
    workers: int = WORKERS


@dataclass
class Neo4jExportResult(ExportResult):
    """Counts written (`entities`, `relationships`, `sources`), and what prune removed."""

    database: str = "neo4j"
    dataset: str = DEFAULT_DATASET
    pruned: dict[str, int] = field(default_factory=dict)
    kept: int = 0


def _mark(var: str) -> str:
    return (f"{var}.{MARKER} = CASE WHEN {var}.{MARKER} IS NULL THEN [$dataset] "
            f"WHEN $dataset IN {var}.{MARKER} THEN {var}.{MARKER} ELSE {var}.{MARKER} + $dataset END")


def node_query(shape: Shape, label: str) -> str:
    """MERGE a batch of `label` nodes on id; replace the owned properties; mark."""
    return (f"UNWIND $rows AS row MERGE (n:{name(shape, label)} {{id: row.id}}) "
            f"SET n += $clear, n += row, {_mark('n')} RETURN count(*)")


@dataclass(frozen=True)
class RelQueries:
    """The queries for one (type, start label, end label) group of relationships."""

    existing: str  # which of $ids are already there
    create: str  # CREATE the new ones (the common case, and the cheapest)
    merge: str  # MERGE the others on id; replace the owned properties; mark

    @classmethod
    def of(cls, shape: Shape, rel_type: str, start: str, end: str) -> RelQueries:
        t = name(shape, rel_type)
        ends = (f"UNWIND $rows AS row MATCH (a:{name(shape, start)} {{id: row.s}}) "
                f"MATCH (b:{name(shape, end)} {{id: row.t}}) ")
        return cls(f"UNWIND $ids AS id MATCH ()-[r:{t} {{id: id}}]->() RETURN collect(r.id)",
                   ends + f"CREATE (a)-[r:{t}]->(b) SET r = row.p, r.{MARKER} = [$dataset]",
                   ends + f"MERGE (a)-[r:{t} {{id: row.p.id}}]->(b) "
                          f"SET r += $clear, r += row.p, {_mark('r')} RETURN count(*)")

    def create_all(self, tx: ManagedTransaction, rows: list[dict[str, Any]],
                   dataset: str) -> int:
        """CREATE a whole batch (the constraint refuses it if any is there already)."""
        summary = tx.run(self.create, rows=rows, dataset=dataset).consume()
        return summary.counters.relationships_created

    def upsert(self, tx: ManagedTransaction, rows: list[dict[str, Any]], clear: dict[str, None],
               dataset: str) -> int:
        """Write one batch in one transaction; how many relationships were written."""
        found = set(tx.run(self.existing, ids=[r["p"]["id"] for r in rows]).single(strict=True)[0])
        new = [r for r in rows if r["p"]["id"] not in found]
        old = [r for r in rows if r["p"]["id"] in found]
        n = self.create_all(tx, new, dataset) if new else 0
        if old:
            n += tx.run(self.merge, rows=old, clear=clear, dataset=dataset).single(strict=True)[0]
        return n


def _clear(columns: Sequence[str]) -> dict[str, None]:
    return {c: None for c in columns if c != "id"}


def _batches(rows: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


class BoltSession:
    """One session on the target database; every call one managed write transaction.

    `more` opens further sessions on the same database, for `workers` writing at once
    (none: everything goes through `session`).
    """

    def __init__(self, session: Session, dataset: str,
                 more: Callable[[], Session] | None = None, workers: int = 1) -> None:
        self.session = session
        self.dataset = dataset
        self.more = more
        self.workers = workers

    def write(self, query: str, **params: Any) -> int:
        def work(tx: ManagedTransaction) -> int:
            return int(tx.run(query, params, dataset=self.dataset).single(strict=True)[0])
        return in_transaction(self.session.execute_write, work)

    def read_ids(self, query: str) -> list[str]:
        def work(tx: ManagedTransaction) -> list[str]:
            return [rec[0] for rec in tx.run(query, dataset=self.dataset)]
        return in_transaction(self.session.execute_read, work)


def _check_types(graph: KnowledgeGraph, shape: Shape) -> None:
    for e in graph.entities():
        if e.type not in shape.node_columns:
            name(shape, e.type)  # raises: not a schema label
    for r in graph.relationships():
        if r.type not in shape.rel_columns:
            name(shape, r.type)


def write_constraints(shape: Shape, s: BoltSession) -> None:
    """The uniqueness constraints (no-ops when they exist)."""
    for statement in constraint_statements(shape):
        s.session.run(statement).consume()


def write_nodes(graph: KnowledgeGraph, shape: Shape, s: BoltSession, batch_size: int,
                advance: Callable[[int], None]) -> dict[str, int]:
    """MERGE every entity and source; the counts (`entities`, `sources`) Neo4j merged."""
    with paused_gc():
        nodes: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for label, row in node_rows(graph, shape):
            nodes[label].append(row)
        counts = {"entities": 0, "sources": 0}
        for label, rows in nodes.items():
            query, clear = node_query(shape, label), _clear(list(shape.node_columns[label]))
            for batch in _batches(rows, batch_size):
                counts["sources" if label == SOURCE_LABEL else "entities"] += s.write(
                    query, rows=batch, clear=clear)
                advance(len(batch))
    return counts


@dataclass
class RelGroup:
    """One (type, start label, end label) group: its queries, and whether a batch of it
    has found relationships already there (then the rest look before they create)."""

    key: tuple[str, str, str]  # (type, start label, end label)
    queries: RelQueries
    clear: dict[str, None]
    present: bool = False

    @property
    def rel_type(self) -> str:
        return self.key[0]


def _write_batch(session: Session, group: RelGroup, batch: list[dict[str, Any]],
                 dataset: str) -> int:
    from neo4j import exceptions as neo4j_exc

    if not group.present:
        try:
            return in_transaction(session.execute_write, group.queries.create_all, batch, dataset)
        except neo4j_exc.ConstraintError:  # some are there: rolled back; look, then write
            group.present = True
    return in_transaction(session.execute_write, group.queries.upsert, batch, group.clear, dataset)


def write_relationships(graph: KnowledgeGraph, shape: Shape, s: BoltSession, batch_size: int,
                        advance: Callable[[int], None]) -> int:
    """Write every relationship, grouped by (type, start label, end label), so that both
    endpoints are found by index; `s.workers` sessions write batches at once, while the
    next batches are made."""
    with paused_gc():
        written = 0
        for group, batch, n in run_batches(s, rel_batches(graph, shape, batch_size)):
            if n != len(batch):
                raise ServerError(f"{len(batch) - n} {group.rel_type} relationships found no "
                                  "endpoint node; was the database changed during the export?")
            written += n
            advance(len(batch))
    return written


Job = tuple[RelGroup, list[dict[str, Any]]]


def rel_batches(graph: KnowledgeGraph, shape: Shape, batch_size: int) -> Iterator[Job]:
    """Batches of one group each, made as the relationships are read: each is yielded as
    soon as it is full (the rest of each group at the end)."""
    groups: dict[tuple[str, str, str], RelGroup] = {}
    pending: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in rel_rows(graph, shape):
        key = (r.type, r.start_label, r.end_label)
        if key not in groups:
            groups[key] = RelGroup(key, RelQueries.of(shape, *key),
                                   _clear(list(shape.rel_columns[r.type])))
        rows = pending[key]
        rows.append({"s": r.start, "t": r.end, "p": r.props})
        if len(rows) == batch_size:
            yield groups[key], rows
            pending[key] = []
    for key, rows in pending.items():
        if rows:
            yield groups[key], rows


def run_batches(s: BoltSession, jobs: Iterator[Job]) -> Iterator[tuple[RelGroup, list[Any], int]]:
    """Write the batches through `s.workers` sessions (one per pool thread); yield each, in
    order, as it is committed.

    The next batches are made here while the pool writes; at most one batch per worker
    waits. Stopping early (an error, or the caller's) cancels the waiting batches and lets
    those being written finish."""
    if s.workers <= 1 or s.more is None:
        for group, batch in jobs:
            yield group, batch, _write_batch(s.session, group, batch, s.dataset)
        return
    more, local, opened = s.more, threading.local(), []

    def write(job: Job) -> tuple[RelGroup, list[Any], int]:
        session = getattr(local, "session", None)
        if session is None:
            session = local.session = more()
            opened.append(session)
        return job[0], job[1], _write_batch(session, job[0], job[1], s.dataset)

    pending: deque[Future[tuple[RelGroup, list[Any], int]]] = deque()
    try:
        with ThreadPoolExecutor(s.workers, thread_name_prefix="neo4j-export") as pool:
            try:
                for job in jobs:
                    pending.append(pool.submit(write, job))
                    if len(pending) > s.workers:
                        yield pending.popleft().result()
                while pending:
                    yield pending.popleft().result()
            finally:
                for future in pending:
                    future.cancel()
    finally:
        for session in opened:
            session.close()


def write_graph(graph: KnowledgeGraph, s: BoltSession, batch_size: int,
                advance: Callable[[int], None]) -> dict[str, int]:
    """Constraints, nodes, relationships; returns the counts Neo4j reports merging."""
    shape = Shape.of(graph.schema)
    _check_types(graph, shape)
    write_constraints(shape, s)
    counts = write_nodes(graph, shape, s, batch_size, advance)
    return {"entities": counts["entities"],
            "relationships": write_relationships(graph, shape, s, batch_size, advance),
            "sources": counts["sources"]}


def prune(graph: KnowledgeGraph, s: BoltSession, batch_size: int) -> tuple[dict[str, int], int]:
    """Take this dataset's name off what it no longer contains; delete what nothing keeps.

    Returns the deleted counts (`entities`, `relationships`, `sources`) and how many stale
    items were kept because another dataset or a relationship outside this one uses them.
    """
    shape = Shape.of(graph.schema)
    current_nodes: dict[str, set[str]] = defaultdict(set)
    for e in graph.entities():
        current_nodes[e.type].add(e.id)
    current_nodes[SOURCE_LABEL] = set(graph.sources)
    current_rels: dict[str, set[str]] = defaultdict(set)
    for r in graph.relationships():
        current_rels[r.type].add(r.id)
    deleted = {"entities": 0, "relationships": 0, "sources": 0}
    stale_total = 0
    release = (f"WITH x, [d IN x.{MARKER} WHERE d <> $dataset] AS rest "
               f"SET x.{MARKER} = CASE WHEN size(rest) = 0 THEN null ELSE rest END "
               "WITH x, rest WHERE size(rest) = 0 {cond} DELETE x RETURN count(*)")
    for rel_type in shape.rel_columns:
        t = name(shape, rel_type)
        stale = sorted(set(s.read_ids(f"MATCH ()-[x:{t}]->() WHERE $dataset IN x.{MARKER} "
                                      "RETURN x.id")) - current_rels[rel_type])
        stale_total += len(stale)
        query = (f"UNWIND $ids AS id MATCH ()-[x:{t} {{id: id}}]->() WHERE $dataset IN x.{MARKER} "
                 + release.format(cond=""))
        for batch in _batches(stale, batch_size):
            deleted["relationships"] += s.write(query, ids=batch)
    for label in shape.node_columns:
        n = name(shape, label)
        stale = sorted(set(s.read_ids(f"MATCH (x:{n}) WHERE $dataset IN x.{MARKER} RETURN x.id"))
                       - current_nodes[label])
        stale_total += len(stale)
        query = (f"UNWIND $ids AS id MATCH (x:{n} {{id: id}}) WHERE $dataset IN x.{MARKER} "
                 + release.format(cond="AND NOT EXISTS { (x)--() }"))
        key = "sources" if label == SOURCE_LABEL else "entities"
        for batch in _batches(stale, batch_size):
            deleted[key] += s.write(query, ids=batch)
    return deleted, stale_total - sum(deleted.values())


class Neo4jExporter(Exporter):
    """`watchgraph export neo4j`: MERGE the graph into a running Neo4j."""

    name = "neo4j"
    summary = "MERGE the graph into a running Neo4j; re-running updates in place."
    options = (
        Option("uri", "The Neo4j server's Bolt URI  [env: NEO4J_URI]", default=DEFAULT_URI,
               envvar="NEO4J_URI", show_default=True),
        Option("user", f"Neo4j user, with {param('password')}  [env: NEO4J_USER; default: neo4j]",
               envvar="NEO4J_USER"),
        Option("password", "Neo4j password; none for a server with auth off  "
               "[env: NEO4J_PASSWORD]", envvar="NEO4J_PASSWORD"),
        Option("database", "The database  [env: NEO4J_DATABASE; default: the server's default]",
               envvar="NEO4J_DATABASE"),
        Option("dataset_name", "The name marking what this export writes (wgDatasets), for "
               f"{param('prune')}.", default=DEFAULT_DATASET, show_default=True),
        Option("prune", "Also remove what this dataset exported before and no longer holds.",
               "flag"),
        Option("batch_size", "Rows per transaction.", "int", default=BATCH_SIZE, min=1,
               show_default=True),
        Option("workers", "Sessions writing relationships at once.", "int", default=WORKERS,
               min=1, show_default=True),
    )

    def __init__(self, uri: str = DEFAULT_URI, user: str | None = None,
                 password: str | None = None, database: str | None = None,
                 dataset_name: str = DEFAULT_DATASET, prune: bool = False,
                 batch_size: int = BATCH_SIZE, workers: int = WORKERS,
                 show_progress: bool = True) -> None:
        if not dataset_name:
            raise UsageError(f"{param('dataset_name')} must not be empty", param="dataset_name")
        if workers < 1 or batch_size < 1:
            raise UsageError(f"{param('workers')} and {param('batch_size')} must be at least 1",
                             param="workers")
        self.target = Neo4jTarget(Neo4jServer(uri, user, password, database), dataset_name,
                                  prune, batch_size, show_progress, workers)

    def export(self, graph: KnowledgeGraph) -> Neo4jExportResult:
        target = self.target
        server = target.server
        with connect(server) as (driver, database):
            total = len(graph) + len(graph.sources) + sum(1 for _ in graph.relationships())
            try:
                with translated(server, database, connected=True), \
                        driver.session(database=database) as session, \
                        progress_bar("Neo4j", total, target.show_progress) as advance:
                    s = BoltSession(session, target.dataset,
                                    lambda: driver.session(database=database), target.workers)
                    counts = write_graph(graph, s, target.batch_size, advance)
                    result = Neo4jExportResult(server.uri, counts, database, target.dataset)
                    if target.prune:
                        result.pruned, result.kept = prune(graph, s, target.batch_size)
            except ServerError as exc:  # its message keeps the parameters unspelled
                raise ServerError(f"{exc.args[0]}. Batches already committed stay; running the "
                                  "export again is safe: it merges on ids and duplicates nothing",
                                  param=exc.param) from None
        return result
