"""The catalog over HTTP, for the benchmarks: `watchgraph serve` started on the generated
dataset on a loopback port (its store kept beside the data, so the next run reuses it) and
stopped on the way out, the catalog's SPARQL questions with parameters picked from the
graph, and one POSTed query at a time. Used by bench_rdf.py and load.py."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from watchgraph.queries.catalog import Question, load_questions
from watchgraph.queries.sparql_http import ACCEPT
from watchgraph.queries.sparql_params import param_terms, substitute

ROOT = Path(__file__).resolve().parent.parent


def store_folder(data: Path) -> Path:
    """Where serve keeps the store of the dataset `data`, beside it; serve makes a folder in
    it for each version of the data."""
    return data.parent / f".store-{data.name}"


@contextmanager
def serving(data: Path, port: int, timeout: float, workers: int = 4,
            max_memory: int = 1024, allocator: str = "auto") -> Iterator[subprocess.Popen[str]]:
    """`watchgraph serve --data DATA` on 127.0.0.1:`port`, running until the block ends
    (killed at the latest an hour after it started). Prints serve's lines until it listens."""
    store = store_folder(data)
    cmd = [sys.executable, "-m", "watchgraph.cli", "serve", "--no-bundled", "--data", str(data),
           "--port", str(port), "--store", str(store), "--timeout", f"{timeout:g}",
           "--workers", str(workers), "--max-memory", str(max_memory), "--allocator", allocator]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env=env)
    hard_stop = threading.Timer(3600, server.kill)  # never left running
    hard_stop.daemon = True
    hard_stop.start()
    try:
        assert server.stdout is not None
        t = time.perf_counter()
        for line in server.stdout:
            print("serve:", line.rstrip(), flush=True)
            if line.startswith("Ctrl-C stops"):
                break
        else:
            raise SystemExit("the server did not start")
        print(f"serve: listening after {time.perf_counter() - t:.1f} s", flush=True)
        threading.Thread(target=server.stdout.read, daemon=True).start()
        yield server
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        hard_stop.cancel()


def catalog_cases(graph: Any) -> list[tuple[Question, dict[str, str], bool, str]]:
    """(question, parameters, about one entity, SPARQL text as sent to an endpoint) for every
    question written in SPARQL, its parameters picked as tests/test_catalog_parity.py picks
    them on a generated graph: the required ones, then each optional entity parameter."""
    sys.path.insert(0, str(ROOT / "tests"))
    from test_catalog_parity import cases

    out = []
    for q in load_questions().values():
        if "sparql" not in q.queries:
            continue
        query = q.queries["sparql"]
        entity_params = {n for n, p in q.params.items() if p.kind == "entity"}
        for i, params in enumerate(cases(q, graph)):
            narrowed = bool(entity_params & set(params))
            if "include_denied" not in params and (i == 0 or narrowed):
                text = substitute(query.text, param_terms(query, params, None))
                out.append((q, params, narrowed, text))
    return out


def post(url: str, query: str, limit: float) -> tuple[int, float, bytes]:
    """POST one query (form-encoded), asking for the answer as `query --endpoint` does
    (sparql_http.ACCEPT); (HTTP status or 0 for no answer, seconds, the body or the
    error's name)."""
    req = urllib.request.Request(url, data=urllib.parse.urlencode({"query": query}).encode(),
                                 headers={"Accept": ACCEPT})
    t = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=limit) as resp:
            body = resp.read()
            status = resp.status
    except urllib.error.HTTPError as exc:
        body, status = exc.read(), exc.code
    except OSError as exc:
        body, status = type(exc).__name__.encode(), 0
    return status, time.perf_counter() - t, body


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of `values`; NaN for none."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]
