"""SPARQL texts asked in turn of the oxigraph store, in one process.

For trying a new shape of a question against the old in the same sitting, or setting
oxigraph beside another engine on the same texts (benchmarks/jena); bench_rdf.py measures
the catalog as users ask it, over HTTP.

    LD_PRELOAD=libmimalloc.so.2 python benchmarks/ask_texts.py old.rq new.rq --rounds 5

Each text is asked once as a warm-up (its rows and a digest of its sorted lines are printed,
to tell whether two shapes answer alike), then once per round, the texts in turn; a run
writes the whole answer as TSV. The store is the one `watchgraph serve` keeps for the
generated 200,000-relationship dataset (bench_rdf.py builds it) unless --store names
another. mimalloc preloaded, as serve's workers run, measures what they do.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import time
from pathlib import Path

import pyoxigraph

from watchgraph.serve.store import built_stores

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402
from machine import sitting  # noqa: E402
from serving import store_folder  # noqa: E402


def default_store() -> Path:
    """The store serve keeps beside the generated 200,000-relationship dataset."""
    found = built_stores(store_folder(generate.folder(20_000, 200_000)))
    if not found:
        raise SystemExit("ask_texts.py: no store under benchmarks/data/.store-e20000-r200000: "
                         "run benchmarks/bench_rdf.py --queries-only once, or give --store")
    return found[-1]


def answer(store: pyoxigraph.Store, text: str) -> bytes:
    """The whole answer of a SELECT as TSV."""
    solutions = store.query(text)
    if not isinstance(solutions, pyoxigraph.QuerySolutions):
        raise SystemExit("ask_texts.py: only SELECT queries are measured")
    return solutions.serialize(format=pyoxigraph.QueryResultsFormat.TSV) or b""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("texts", nargs="+", type=Path, help="files of SPARQL text")
    parser.add_argument("--rounds", type=int, default=5, help="rounds, each asking every text")
    parser.add_argument("--store", type=Path, help="an oxigraph store, opened read only")
    args = parser.parse_args()
    try:
        store = pyoxigraph.Store.read_only(str(args.store or default_store()))
        texts = {path.name: path.read_text(encoding="utf-8") for path in args.texts}
    except OSError as exc:
        raise SystemExit(f"ask_texts.py: {exc}") from None
    print(sitting())
    for name, text in texts.items():
        lines = [line for line in answer(store, text).split(b"\n")[1:] if line]
        digest = hashlib.sha256(b"\n".join(sorted(lines))).hexdigest()[:12]
        print(f"{name}: {len(lines):,} rows, sorted lines {digest}")
    runs: dict[str, list[float]] = {name: [] for name in texts}
    for _ in range(args.rounds):
        for name, text in texts.items():
            t = time.perf_counter()
            answer(store, text)
            runs[name].append((time.perf_counter() - t) * 1000)
    for name, times in runs.items():
        shown = ", ".join(f"{ms:,.0f}" for ms in times)
        print(f"{name}: runs {shown} ms; p50 {statistics.median(times):,.0f} ms")
    print(sitting())


if __name__ == "__main__":
    main()
