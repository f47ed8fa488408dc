"""The embedded Cypher engine: the graph in LadybugDB, so queries run with no server.

The database is built from the graph (ladybug_build.py) and kept on disk, content
addressed: `<cache>/ladybug/<hash>.lbug`, where the hash covers every row, the table
definitions and LadybugDB's version. A graph whose data did not change opens the database
built before (read-only); a changed one gets a new build, written under a temporary name
and renamed into place, and the oldest builds beyond `KEEP` are removed. The cache folder
is the cache's `ladybug/` (loaders/inputs.py: `WATCHGRAPH_CACHE`, else `~/.cache/watchgraph`);
`WATCHGRAPH_CACHE=off` builds in memory every time. Within one process, a database once opened stays open.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from watchgraph.graph.store import KnowledgeGraph
from watchgraph.loaders.inputs import cache_dir, code_fingerprint, fingerprint, prune
from watchgraph.nogc import paused_gc
from watchgraph.progress import progress_bar
from watchgraph.propertygraph.shape import Shape
from watchgraph.queries.ladybug_build import Rows, ddl, graph_rows, populate
from watchgraph.queries.ladybug_import import ladybug_module
from watchgraph.queries.results import QueryError, Result

if TYPE_CHECKING:  # pragma: no cover
    import ladybug

KEEP = 8
"""How many built databases the cache keeps."""

SMALL_POOL = 1 << 30
"""The buffer pool a small database opens with (bytes). Opening with LadybugDB's default
pool (80% of the memory) takes some 25 to 60 ms longer; a query that fills the small pool
is run again on the database opened with the default one."""

SMALL_FILE = 64 << 20
"""The largest database file (bytes) that opens with the small pool (the bundled dataset's
is some 21 MB; 200,000 relationships make several hundred)."""

FULL_POOL = 0
"""LadybugDB's default buffer pool."""

OUT_OF_POOL = "Buffer manager exception"
"""How LadybugDB's message begins when a query needs more than the buffer pool holds."""

_OPEN: dict[tuple[str, int], ladybug.Database] = {}


def data_key(rows: Rows, shape: Shape) -> str:
    """The cache key of rows: a hash of the rows, the table definitions and LadybugDB's version."""
    lb = ladybug_module()
    h = hashlib.sha256(rows.fingerprint().encode())
    h.update("\n".join(ddl(shape)).encode())
    h.update(lb.Database.get_version().encode())
    return h.hexdigest()[:32]


def inputs_key(graph: KnowledgeGraph, shape: Shape) -> str | None:
    """The cache key of a graph that holds exactly what its input files hold: a hash of the
    files, the code that reads and maps them, the table definitions and LadybugDB's
    version, found without making a single row. None for a graph made or changed otherwise."""
    lb = ladybug_module()
    files = graph.from_inputs()
    if not files:
        return None
    key = fingerprint(files, "watchgraph-ladybug-inputs-1", code_fingerprint(),
                      "\n".join(ddl(shape)), lb.Database.get_version())
    return "i" + key


def _build(rows: Rows | None, graph: KnowledgeGraph, path: str,
           show_progress: bool) -> ladybug.Database:
    lb = ladybug_module()
    shape = Shape.of(graph.schema)
    # the rows and their Arrow columns are millions of objects that live until the COPY:
    # the garbage collector walking them again and again cost more than making them
    with paused_gc():
        if rows is None:
            rows = graph_rows(graph, shape)
        total = sum(map(len, rows.nodes.values())) + sum(map(len, rows.rels.values()))
        # one checkpoint, at the end: faster
        db: ladybug.Database = lb.Database(path, auto_checkpoint=False)
        conn = lb.Connection(db)
        with progress_bar("Embedded database", total, show_progress) as advance:
            populate(conn, rows, shape, advance)
    if path != ":memory:":
        conn.execute("CHECKPOINT")
    conn.close()
    return db


def database_key(graph: KnowledgeGraph) -> tuple[str, Rows | None]:
    """The cache key of the graph's database, and its rows when they were made to find it:
    a graph loaded from files and unchanged since is found by the files' fingerprint (an
    unchanged dataset opens without making its rows); any other by a hash of its rows."""
    shape = Shape.of(graph.schema)
    key = inputs_key(graph, shape)
    if key is not None:
        return key, None
    with paused_gc():
        rows = graph_rows(graph, shape)
    return data_key(rows, shape), rows


def open_keyed(graph: KnowledgeGraph, key: str, rows: Rows | None, show_progress: bool = True,
               full_pool: bool = False) -> ladybug.Database:
    """The LadybugDB database under `key`: already open, cached on disk, or built (from
    `rows`, or rows made now). A small database opens with a small buffer pool (SMALL_POOL),
    unless `full_pool`."""
    lb = ladybug_module()
    for pool in (FULL_POOL, SMALL_POOL):  # one already open serves, the fuller first
        if (key, pool) in _OPEN and (pool == FULL_POOL or not full_pool):
            return _OPEN[key, pool]
    folder = cache_dir("ladybug")
    pool = FULL_POOL
    if folder is None:
        db = _build(rows, graph, ":memory:", show_progress)
    else:
        target = folder / f"{key}.lbug"
        if not target.exists():
            folder.mkdir(parents=True, exist_ok=True)
            tmp = folder / f".{key}.{os.getpid()}.tmp"
            _build(rows, graph, str(tmp), show_progress).close()
            os.replace(tmp, target)
            for leftover in folder.glob(f".{key}.{os.getpid()}.tmp*"):
                leftover.unlink()
            prune(folder, "*.lbug", KEEP)
        small = not full_pool and target.stat().st_size <= SMALL_FILE
        pool = SMALL_POOL if small else FULL_POOL
        db = lb.Database(str(target), read_only=True, buffer_pool_size=pool)
    _OPEN[key, pool] = db
    return db


def _plain(value: Any) -> Any:
    """A LadybugDB value as a plain one: nodes and relationships as property dicts."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        if "_NODES" in value and "_RELS" in value:
            return {"nodes": _plain(value["_NODES"]), "relationships": _plain(value["_RELS"])}
        if "_LABEL" in value:
            props = {k: _plain(v) for k, v in value.items() if not k.startswith("_") and v is not None}
            return {"_label": value["_LABEL"], **props}
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def error_line(exc: BaseException) -> str:
    """The first line of an engine's message, with LadybugDB's wording made plainer."""
    text = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    text = re.sub(r" expecting \{[^}]*\}", "", text)
    if text.startswith("Parser exception: "):
        return "Cypher syntax error: " + text[len("Parser exception: "):]
    return text


class EmbeddedEngine:
    """Runs Cypher on the graph in LadybugDB (read-only when the database is cached)."""

    name = "embedded"
    variant = "ladybug"

    def __init__(self, graph: KnowledgeGraph, show_progress: bool = True) -> None:
        lb = ladybug_module()
        self._graph, self._show_progress = graph, show_progress
        self._key, rows = database_key(graph)
        self._db = open_keyed(graph, self._key, rows, show_progress)
        self._conn = lb.Connection(self._db)

    def _reopen_with_full_pool(self) -> bool:
        """Move to the database opened with LadybugDB's default buffer pool; False when the
        one in use has it already."""
        lb = ladybug_module()
        db = open_keyed(self._graph, self._key, None, self._show_progress, full_pool=True)
        if db is self._db:
            return False
        self._conn.close()
        self._db, self._conn = db, lb.Connection(db)
        return True

    def run(self, text: str, params: Mapping[str, Any] | None = None) -> Result:
        """Run one query with parameters; QueryError with one line if it is refused."""
        try:
            try:
                res = self._conn.execute(text, dict(params or {}))
            except RuntimeError as exc:
                if not str(exc).startswith(OUT_OF_POOL) or not self._reopen_with_full_pool():
                    raise
                res = self._conn.execute(text, dict(params or {}))
        except RuntimeError as exc:
            line = error_line(exc)
            raise QueryError(line if line.startswith("Cypher syntax error")
                             else f"the embedded engine refused the query: {line}") from None
        if isinstance(res, list):
            res = res[-1]
        columns = res.get_column_names()
        rows = [tuple(_plain(v) for v in row) for row in res.get_all()]
        return Result(list(columns), rows)

    def close(self) -> None:
        """Close the connection (the database stays open for the next engine)."""
        self._conn.close()
