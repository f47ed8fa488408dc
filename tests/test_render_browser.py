"""The published pages in a real headless Chromium, with every network request blocked."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_render import HOSTILE

from watchgraph import api
from watchgraph.graph.select import select
from watchgraph.graph.store import KnowledgeGraph
from watchgraph.render import publish

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


@pytest.fixture(scope="module")
def pages(bundled: KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Any]]:
    """Every example page, written once, with its selection."""
    out = tmp_path_factory.mktemp("pages")
    found = {}
    for ex in publish.EXAMPLES:
        selection = select(bundled, around=ex.around, hops=ex.hops, filters=ex.filters)
        publish.write(bundled, selection, {"html": out / f"{ex.slug}.html"},
                      publish.Page(ex.title, ex.caption, publish.DEFAULT_CREDIT))
        found[ex.slug] = (out / f"{ex.slug}.html", selection)
    return found


class Loaded:
    """A page opened from disk with the network blocked, and what it tried and said."""

    def __init__(self, browser: Any, path: Path, width: int = 1280, height: int = 900) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.goto(path.as_uri())
        deadline = time.monotonic() + 30
        while not self.page.evaluate("() => !!(window.watchgraph && window.watchgraph.ready)"):
            assert time.monotonic() < deadline, "the page never became interactive"
            self.page.wait_for_timeout(25)

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def click_node(self, node_id: str) -> None:
        """Click a node where the network draws it."""
        x, y = self.page.evaluate(
            """(id) => { const n = window.watchgraph.network;
                         const p = n.canvasToDOM(n.getPositions([id])[id]); return [p.x, p.y]; }""",
            node_id)
        box = self.page.locator("#wg-network").bounding_box()
        self.page.mouse.click(box["x"] + x, box["y"] + y)

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    opened: list[Loaded] = []

    def _open(path: Path, **kw: Any) -> Loaded:
        opened.append(Loaded(browser, path, **kw))
        return opened[-1]

    yield _open
    for p in opened:
        p.close()


@pytest.mark.parametrize("slug", [ex.slug for ex in publish.EXAMPLES])
def test_example_page_works_offline(open_page: Any, pages: dict, bundled: KnowledgeGraph,
                                    slug: str) -> None:
    path, selection = pages[slug]
    loaded = open_page(path)
    assert loaded.requests == [] and loaded.errors == []
    page = loaded.page
    counts = page.evaluate("() => [window.watchgraph.nodes.length, window.watchgraph.edges.length,"
                           " window.watchgraph.network.body.nodeIndices.length,"
                           " window.watchgraph.network.body.edgeIndices.length]")
    n, m = len(selection.entities), len(selection.relationships)
    assert counts == [n, m, n, m]
    sources = bundled.cited_sources(selection.relationships)
    assert page.locator(".wg-sources li").count() == len(sources)
    assert page.locator(".wg-rels li").count() == m
    # the busiest entity: its panel names its sources
    busiest = max(selection.entities, key=lambda e: sum(e in (r.source, r.target)
                                                          for r in selection.relationships))
    loaded.click_node(busiest)
    tip = page.locator("#wg-tip")
    tip.wait_for(state="visible")
    text = tip.inner_text()
    assert bundled.entity(busiest).name in text and "sources" in text.lower()
    cited = bundled.cited_sources(r for r in selection.relationships if busiest in (r.source, r.target))
    assert all(s.publisher in text for s in cited)
    assert page.evaluate("() => window.watchgraph.shown.id") == busiest


def test_hostile_strings_show_as_text_and_never_run(open_page: Any, write: Any, tmp_path: Path) -> None:
    graph = api.load([write(HOSTILE, "hostile.yaml")], bundled=False, show_progress=False)
    out = tmp_path / "hostile.html"
    api.render(graph, out, title="<script>alert('title')</script>")
    loaded = open_page(out)
    page = loaded.page
    assert loaded.dialogs == [] and loaded.errors == [] and loaded.requests == []
    assert page.locator("img").count() == 0
    assert page.locator("h1").inner_text() == "<script>alert('title')</script>"
    rels = page.locator(".wg-rels").inner_text()
    assert "<script>alert('name')</script> Police → contracted with → O'Brien \"Vendor\" & <b>Co</b>" in rels
    assert "</script><script>alert('publisher')</script>, “<img src=x onerror=alert(1)> \"quoted\" & 'single'”" \
        in page.locator(".wg-sources").inner_text()
    loaded.click_node("agency:evil")
    tip = page.locator("#wg-tip")
    tip.wait_for(state="visible")
    text = tip.inner_text()
    assert "<script>alert('name')</script> Police" in text
    assert "<img src=x onerror=alert('description')> and \"quotes\"" in text
    assert tip.locator("img, script, b").count() == 0
    page.wait_for_timeout(200)
    assert loaded.dialogs == [] and loaded.errors == []


def test_screenshots_at_phone_and_desktop_width(open_page: Any, pages: dict) -> None:
    from PIL import Image, ImageStat

    ARTIFACTS.mkdir(exist_ok=True)
    path, _ = pages["nypd-clearview-ice"]
    for width, height in ((390, 844), (1280, 900)):
        loaded = open_page(path, width=width, height=height)
        loaded.page.screenshot(path=str(ARTIFACTS / f"nypd-clearview-ice-{width}.png"))
        canvas = loaded.page.locator("#wg-network canvas").screenshot()
        stat = ImageStat.Stat(Image.open(io.BytesIO(canvas)).convert("L"))
        assert stat.var[0] > 100, f"the network canvas looks blank at {width} px"
        assert loaded.errors == []


def test_a_relationship_tooltip_leads_with_its_status(open_page: Any, bundled: KnowledgeGraph,
                                                      tmp_path: Path) -> None:
    out = tmp_path / "nypd.html"
    api.render(bundled, out, around="NYPD")
    disputed = next(r for r in bundled.relationships() if r.status == "disputed"
                    and "agency:nypd" in (r.source, r.target))
    page = open_page(out).page
    page.evaluate("""(id) => window.watchgraph.network.body.emitter.emit("click",
                     {nodes: [], edges: [id], pointer: {DOM: {x: 20, y: 20}}})""", disputed.id)
    tip = page.locator("#wg-tip")
    tip.wait_for(state="visible")
    first = tip.locator("p.tip-status").inner_text()
    assert first.lower() == "disputed: " + bundled.schema.statuses["disputed"].lower()
    assert tip.inner_text().lower().index("disputed") < tip.inner_text().index("→")
