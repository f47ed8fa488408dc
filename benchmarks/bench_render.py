"""Rendering: write the HTML page for selections of 100, 1,000 and 5,000 entities of the
generated dataset; time the write, the file size, and the time until the page is
interactive in headless Chromium (Debian's /usr/bin/chromium, network blocked).

    python benchmarks/bench_render.py --entities 20000 --relationships 200000
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import deque
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402

from watchgraph import api  # noqa: E402
from watchgraph.graph.select import Selection, induced  # noqa: E402
from watchgraph.graph.store import KnowledgeGraph  # noqa: E402
from watchgraph.render.html import Page, render_html  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def neighbourhood(graph: KnowledgeGraph, size: int, start: str = "agency:a0") -> Selection:
    """The first `size` entities a breadth-first walk from `start` reaches, and every
    relationship among them (a realistic "around X" selection cut to a size)."""
    seen = {start}
    queue = deque([start])
    order = []
    while queue and len(order) < size:
        node = queue.popleft()
        order.append(node)
        for nb in sorted(set(graph.nx.successors(node)) | set(graph.nx.predecessors(node))):
            if nb not in seen:
                seen.add(nb)
                queue.append(nb)
    return induced(graph, order)


def interactive_seconds(browser: object, page_path: Path) -> float:
    """Seconds from navigation until the page says it is drawn and ready for input."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:"))
               else r.abort())
    t = time.perf_counter()
    page.goto(page_path.as_uri())
    while not page.evaluate("() => !!(window.watchgraph && window.watchgraph.ready)"):
        page.wait_for_timeout(5)
    seconds = time.perf_counter() - t
    page.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entities", type=int, default=20_000)
    parser.add_argument("--relationships", type=int, default=200_000)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    data = Path(__file__).parent / "data" / f"e{args.entities}-r{args.relationships}"
    if not data.is_dir():
        generate.write(generate.generate(args.entities, args.relationships), data)
    graph = api.load([data], bundled=False, show_progress=False)
    from playwright.sync_api import sync_playwright

    print("| entities | relationships | write HTML (median) | file size | interactive in Chromium (median) |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        for size in args.sizes:
            selection = neighbourhood(graph, size)
            out = Path(tmp) / f"n{size}.html"
            writes, opens = [], []
            for _ in range(args.runs):
                t = time.perf_counter()
                render_html(graph, selection, out, Page(f"{size} entities"))
                writes.append(time.perf_counter() - t)
                opens.append(interactive_seconds(browser, out))
            print(f"| {len(selection.entities):,} | {len(selection.relationships):,} "
                  f"| {statistics.median(writes):.2f} s | {out.stat().st_size / 1e6:.1f} MB "
                  f"| {statistics.median(opens):.2f} s |", flush=True)
        browser.close()


if __name__ == "__main__":
    main()
