"""`watchgraph serve`: the store (built or reused) behind a read-only oxigraph server."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Sequence

from watchgraph.rdf.mapping import Iris, check_base_iri
from watchgraph.graph.store import KnowledgeGraph
from watchgraph.errors import DataError
from watchgraph.loaders import inputs
from watchgraph.serve import server
from watchgraph.serve.server import ServerOptions
from watchgraph.serve.store import StoreInfo, default_store_dir, ensure_store, store_key

EXAMPLE = ("PREFIX wg: <https://w3id.org/watchgraph/ns#> PREFIX schema: <http://schema.org/> "
           "SELECT ?agency ?product WHERE { ?a wg:uses ?p ; a wg:Agency ; schema:name ?agency . "
           "?p schema:name ?product } ORDER BY ?agency LIMIT 10")


def input_files(data: Sequence[str | Path], bundled: bool) -> list[Path] | None:
    """Every file the graph is read from, or None when a path does not exist (the loader
    then reports it)."""
    try:
        return [path for path, _ in inputs.input_files(data, bundled)]
    except DataError:
        return None


def announcement(opts: ServerOptions, info: StoreInfo) -> list[str]:
    """What `watchgraph serve` prints once the server listens."""
    how = "reused: the data has not changed" if info.reused else f"built in {info.seconds:.1f} s"
    lines = [f"store: {info.path} ({how})",
             f"SPARQL endpoint (read-only): {opts.url}"]
    if not opts.loopback:
        lines.append(f"warning: listening on {opts.host}, reachable from other machines")
    query = EXAMPLE.replace("'", "'\\''")
    lines += ["try:",
              f"  curl -s {opts.url} -H 'Accept: text/csv' --data-urlencode 'query={query}'",
              f"  watchgraph sparql disputed-claims --endpoint {opts.url}",
              "Ctrl-C stops the server."]
    return lines


def serve_graph(data: Sequence[str | Path], bundled: bool, opts: ServerOptions, base_iri: str,
                store_dir: str | Path | None, announce: Callable[[str], None],
                load: Callable[[], KnowledgeGraph]) -> int:
    """Build or reuse the store, then run the server until Ctrl-C; returns its exit status."""
    iris = Iris(check_base_iri(base_iri))
    server.command(Path("."), opts)  # refuses a bad --port or --timeout before any work
    server.check_free(opts)
    files = input_files(data, bundled)
    key = store_key(files, iris, opts.url) if files is not None else None
    folder = Path(store_dir) if store_dir else default_store_dir()
    info = ensure_store(folder, key, load, iris, opts.url)

    def ready() -> None:
        for line in announcement(opts, info):
            announce(line)

    code = server.run(info.path, opts, ready)
    announce("stopped")
    return code
