"""The graph cache: a loaded, resolved and validated graph kept on disk, so that a command
run again on the same data starts without parsing, resolving or validating it.

A graph is cached under `<cache>/graph/<key>.graph` (loaders/inputs.py: `cache_dir`),
where the key is a hash of every input file's name and contents, the files a loader reads
beside them (`Loader.depends_on`), the names they are reported by, what a folder held but
could not be read, `strict`, the package's code and schema, and the versions of Python and
the parsers: any change is a miss, never a stale graph. Only a load without problems is
cached; a cache file that cannot be read back (cut short, from another version, not a
graph) is ignored and written again. Files are written under a temporary name and renamed
into place; the newest `KEEP` are kept. `WATCHGRAPH_CACHE=off` turns it off.

A file holds the records as plain tuples (marshal) and, pickled, the schema and the
warnings. The cache trusts what it finds in its folder as the package trusts its own code:
the folder is the user's (pickle runs what a file names when it is read back).
"""

from __future__ import annotations

import gc
import importlib.util
import marshal
import os
import pickle
import sys
import threading
from collections.abc import Sequence
from dataclasses import fields
from itertools import starmap
from pathlib import Path
from typing import Any

from watchgraph.errors import Problem
from watchgraph.graph.model import Citation, Entity, Relationship, Source
from watchgraph.graph.schema import Schema, load_schema
from watchgraph.graph.store import KnowledgeGraph
from watchgraph.graph.validate import Warnings
from watchgraph.loaders.inputs import (
    bundled_data_dir,
    cache_dir,
    code_fingerprint,
    fingerprint,
    input_files,
    prune,
)
from watchgraph.loaders.registry import loader_for
from watchgraph.nogc import paused_gc

KEEP = 8
"""How many cached graphs the cache keeps."""

FREEZE = 50_000
"""A graph read back with at least this many records (sources, entities, relationships) is
moved out of the garbage collector's sight (`gc.freeze`: every object the process holds
then, which only matters if some of them become cyclic garbage later)."""

_VERSION = "watchgraph-graph-3"
"""Written first in every cache file, and part of the key."""


def graph_key(paths: Sequence[str | Path], bundled: bool, strict: bool) -> str:
    """The cache key of the graph the data paths would load (DataError for a path that
    names no data, as loading would raise)."""
    skipped: list[Problem] = []
    files = input_files(paths, bundled, skipped)
    found = [p for p, _ in files]
    deps = [d for p in found for d in loader_for(p).depends_on(p)]
    return fingerprint([*found, *deps], _VERSION, code_fingerprint(), sys.version,
                       f"strict={strict}", f"files={len(found)}",
                       "\n".join(display for _, display in files),
                       "\n".join(problem.text() for problem in skipped),
                       *map(_library, ("yaml", "rapidfuzz")))


def _library(name: str) -> bytes:
    """What tells a library's version apart, without importing it: its package's first file
    (where its `__version__` is)."""
    spec = importlib.util.find_spec(name)
    origin = spec.origin if spec else None
    if not origin:
        return f"{name}: none".encode()
    with open(origin, "rb") as fh:
        return origin.encode() + b"\0" + fh.read()


def cached_graph(key: str) -> KnowledgeGraph | None:
    """The graph cached under `key`, or None when there is none or it cannot be read."""
    folder = cache_dir("graph")
    if folder is None:
        return None
    try:
        with open(folder / f"{key}.graph", "rb") as fh, paused_gc():
            tag, schema, problems, files, records = pickle.load(fh)
            if tag != _VERSION:
                return None
            if load_schema.cache_info().currsize:  # the schema read already: share it
                schema = load_schema()  # (the one pickled is equal: it is in the key)
            graph = _graph(schema, marshal.loads(records), problems, files)
            if graph.changes >= FREEZE:
                # what was read lives as long as the graph: out of the cyclic collector's
                # sight, it is not walked again and again once collecting resumes (9 of
                # the 12 s it took to read 200,000 relationships back, at first)
                gc.freeze()
    except Exception:  # noqa: BLE001 - a missing, broken, truncated or foreign file is a miss
        return None
    return graph


def store_graph(key: str, graph: KnowledgeGraph) -> None:
    """Keep a graph under `key` (atomically; a read-only or full disk only costs speed)."""
    folder = cache_dir("graph")
    if folder is None:
        return
    target = folder / f"{key}.graph"
    tmp = folder / f".{key}.{os.getpid()}.{threading.get_ident()}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as fh, paused_gc():
            warnings = graph.warnings
            problems = list.copy(warnings)  # list's own copy: the pending ones stay pending
            pending = warnings.pending() if isinstance(warnings, Warnings) else []
            pickle.dump((_VERSION, graph.schema, problems, [str(p) for p in graph.loaded_files],
                         marshal.dumps(_records(graph, pending))), fh,
                        protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)
    except Exception:  # noqa: BLE001 - what cannot be cached is loaded the next time
        try:
            tmp.unlink()
        except OSError:
            pass
        return
    prune(folder, "*.graph", KEEP)


# The records go as plain tuples through marshal, many times faster to write and read than
# pickling them (a dataclass with slots is read back through a setstate in Python): the
# graph of 200,000 relationships takes 1 s to write and 2.5 s to read back, against 4 s and
# 12 s pickled.

def _records(graph: KnowledgeGraph, pending: list[Any]) -> tuple[Any, ...]:
    return ([tuple(getattr(s, f) for f in _SOURCE) for s in graph.sources.values()],
            [(e.id, e.type, e.name, e.aliases, e.properties) for e in graph.entities()],
            [(r.id, r.type, r.source, r.target, r.status,
              tuple((c.source, c.stance, c.locator, c.note, c.quote) for c in r.citations),
              r.properties) for r in graph.relationships()],
            pending)


_SOURCE = tuple(f.name for f in fields(Source))


def _graph(schema: Schema, records: tuple[Any, ...], problems: list[Problem],
           files: list[str]) -> KnowledgeGraph:
    """The graph made again from its records, in the order it was made (loaders/dataset.py:
    build_graph)."""
    sources, entities, relationships, pending = records
    graph = KnowledgeGraph(schema)
    for values in sources:
        graph.add_source(Source(*values))
    for values in entities:
        graph.add_entity(Entity(*values))
    for rid, kind, start, end, status, citations, props in relationships:
        graph.add_relationship(Relationship(rid, kind, start, end, status,
                                            tuple(starmap(Citation, citations)), props))
    warnings = Warnings(problems)
    for file, path in pending:
        warnings.quoteless(file, path)
    graph.warnings = warnings
    graph.loaded_from(Path(f) for f in files)
    return graph


def load_graph(paths: Sequence[str | Path] = (), bundled: bool = True,
               show_progress: bool = True, strict: bool = False) -> KnowledgeGraph:
    """The graph of the bundled dataset and/or `paths`: from the graph cache when the same
    data was loaded before by the same code, else loaded, validated (DataError listing every
    problem) and cached."""
    key = None if cache_dir("graph") is None else graph_key(paths, bundled, strict)
    graph = cached_graph(key) if key else None
    if graph is None:
        from watchgraph.loaders.dataset import build_graph, load_dataset  # only to load

        graph = build_graph(load_dataset(paths, bundled=bundled, show_progress=show_progress,
                                         strict=strict))
        if key:
            store_graph(key, graph)
        return graph
    graph.inputs = [Path(p) for p in paths] + ([bundled_data_dir()] if bundled else [])
    return graph

