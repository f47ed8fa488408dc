"""`watchgraph serve`: the store (built or reused) behind a read-only oxigraph server."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from watchgraph.errors import DataError
from watchgraph.graph.store import KnowledgeGraph
from watchgraph.loaders import inputs
from watchgraph.rdf.mapping import Iris, check_base_iri
from watchgraph.serve import server
from watchgraph.serve.allocator import worker_env
from watchgraph.serve.server import ServerOptions
from watchgraph.serve.store import StoreInfo, default_store_dir, ensure_store, store_key


def input_files(data: Sequence[str | Path], bundled: bool) -> list[Path] | None:
    """Every file the graph is read from, or None when a path does not exist (the loader
    then reports it)."""
    try:
        return [path for path, _ in inputs.input_files(data, bundled)]
    except DataError:
        return None


def serve_graph(data: Sequence[str | Path], bundled: bool, opts: ServerOptions, base_iri: str,
                store_dir: str | Path | None, ready: Callable[[ServerOptions, StoreInfo], None],
                load: Callable[[], KnowledgeGraph]) -> int:
    """Build or reuse the store, then run the server until Ctrl-C, calling `ready` once it
    listens; returns its exit status."""
    iris = Iris(check_base_iri(base_iri))
    server.command(Path("."), opts)  # refuses a bad port or timeout before any work
    # auto made mimalloc or system; an unknown allocator, or mimalloc missing, refused here
    allocator, env = worker_env(opts.allocator)
    opts = replace(opts, allocator=allocator)
    server.check_free(opts)
    files = input_files(data, bundled)
    key = store_key(files, iris, opts.url) if files is not None else None
    folder = Path(store_dir) if store_dir else default_store_dir()
    info = ensure_store(folder, key, load, iris, opts.url)

    return server.run(info.path, opts, lambda: ready(opts, info), worker_env=env)
