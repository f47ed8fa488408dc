"""The oxigraph store: the RDF export loaded into pyoxigraph, in memory or on disk.

An on-disk store lives in a folder named after a fingerprint of everything it is made
from (the data files, the schema, the code that maps them to RDF, the base IRI and the
endpoint URL). While that fingerprint is unchanged the store is reused as it is;
otherwise a new one is built beside it and the old ones are removed.
"""

from __future__ import annotations

import gc
import hashlib
import os
import shutil
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Callable, Sequence

from watchgraph.rdf.mapping import Iris
from watchgraph.graph.store import KnowledgeGraph

_READY = "ready"  # written into a store folder once its build has finished


def default_store_dir() -> Path:
    """`$WATCHGRAPH_STORE`, else `~/.cache/watchgraph/oxigraph` (XDG_CACHE_HOME respected)."""
    env = os.environ.get("WATCHGRAPH_STORE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "watchgraph" / "oxigraph"


def fingerprint(files: Sequence[Path], iris: Iris, endpoint: str) -> str:
    """What a store is made from, hashed: the data files' content, the schema, the mapping
    code, pyoxigraph's version, the base IRI and the endpoint URL."""
    import pyoxigraph

    from watchgraph import rdf

    h = hashlib.sha256(b"watchgraph-store-1\0")
    h.update(f"{pyoxigraph.__version__}\0{iris.base}\0{endpoint}\0".encode())
    h.update(resources.files("watchgraph.graph").joinpath("schema.yaml").read_bytes())
    for module in sorted(Path(rdf.__file__ or "").parent.glob("*.py")):
        h.update(module.read_bytes())
    for f in files:
        h.update(f"\0{f.resolve()}\0".encode())
        with open(f, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()[:24]


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


def build_store(path: Path, graph: KnowledgeGraph, iris: Iris, endpoint: str) -> None:
    """Write a new on-disk store at `path` holding the export, and close it."""
    from watchgraph.rdf.store import oxigraph_store

    store = oxigraph_store(graph, iris.base, endpoint, str(path))
    store.optimize()
    store.flush()
    del store
    gc.collect()  # closes the store: the server must be able to open it
