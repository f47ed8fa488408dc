"""The oxigraph store: the RDF export loaded into pyoxigraph, in memory or on disk.

An on-disk store lives in a folder named after a fingerprint of everything it is made
from (the data files, the schema, the code that maps them to RDF, the base IRI and the
endpoint URL). While that fingerprint is unchanged the store is reused as it is;
otherwise a new one is built beside it and the old ones are removed.
"""

from __future__ import annotations

import gc
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from watchgraph.graph.store import KnowledgeGraph
from watchgraph.loaders.inputs import cache_dir, fingerprint
from watchgraph.rdf.mapping import Iris

_READY = "ready"  # written into a store folder once its build has finished


def default_store_dir() -> Path:
    """The cache's `oxigraph/` folder; with the cache off, a folder of its own in the
    system's temporary folder."""
    folder = cache_dir("oxigraph")
    if folder is None:
        return Path(tempfile.gettempdir()) / f"watchgraph-oxigraph-{os.getuid()}"
    return folder


def store_key(files: Sequence[Path], iris: Iris, endpoint: str) -> str:
    """What a store is made from, hashed: the data files, the schema, the RDF view's code
    and the property types', pyoxigraph's version, the base IRI and the endpoint URL."""
    import pyoxigraph

    from watchgraph import rdf
    from watchgraph.graph import types

    code = [m.read_bytes() for m in sorted(Path(rdf.__file__ or "").parent.glob("*.py"))]
    code.append(Path(types.__file__ or "").read_bytes())
    schema = resources.files("watchgraph.graph").joinpath("schema.yaml").read_bytes()
    return fingerprint(files, "watchgraph-store-2", pyoxigraph.__version__, iris.base, endpoint,
                       schema, *code)


@dataclass
class StoreInfo:
    """An on-disk store: where it is, whether it was reused, and how long building took."""

    path: Path
    reused: bool
    seconds: float = 0.0


def ensure_store(folder: Path, key: str | None, load: Callable[[], KnowledgeGraph], iris: Iris,
                 endpoint: str) -> StoreInfo:
    """The store for `key` under `folder`: reused when it exists, else built from `load()`.

    With `key` None (the inputs could not be fingerprinted) the store is always rebuilt.
    """
    target = folder / (key or "unfingerprinted")
    if key and (target / _READY).exists():
        return StoreInfo(target, reused=True)
    graph = load()
    t = time.perf_counter()
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".build-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    build_store(tmp, graph, iris, endpoint)
    (tmp / _READY).write_text(f"{key}\n", "utf-8")
    for old in folder.iterdir():  # earlier stores: the data they were built from changed
        if old.name != tmp.name and not old.name.startswith(".build-"):
            shutil.rmtree(old, ignore_errors=True)
    os.replace(tmp, target)
    return StoreInfo(target, reused=False, seconds=time.perf_counter() - t)


def built_stores(folder: Path) -> list[Path]:
    """The stores under `folder` whose build has finished, by name (serve keeps one)."""
    return sorted(path.parent for path in folder.glob(f"*/{_READY}"))


def build_store(path: Path, graph: KnowledgeGraph, iris: Iris, endpoint: str) -> None:
    """Write a new on-disk store at `path` holding the export, and close it."""
    from watchgraph.rdf.store import oxigraph_store

    store = oxigraph_store(graph, iris.base, endpoint, str(path))
    store.optimize()
    store.flush()
    del store
    gc.collect()  # closes the store: the server must be able to open it
