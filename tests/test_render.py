"""`watchgraph render`: selections, the HTML file's safety and self-containment, SVG and PNG."""

from __future__ import annotations

import json
import re
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import run

from watchgraph import api
from watchgraph.cli import flag
from watchgraph.errors import NotFoundError, UsageError
from watchgraph.graph.dates import validity
from watchgraph.graph.select import Filters, select
from watchgraph.graph.store import KnowledgeGraph
from watchgraph.render import publish, style
from watchgraph.render.html import Page
from watchgraph.render.static import draw

HOSTILE = """\
sources:
  - id: s1
    title: "<img src=x onerror=alert(1)> \\"quoted\\" & 'single'"
    publisher: "</script><script>alert('publisher')</script>"
    published: 2021-02
    url: https://example.org/a?x=1&y=<b>
    kind: news
entities:
  - id: agency:evil
    type: Agency
    name: "<script>alert('name')</script> Police"
    description: "<img src=x onerror=alert('description')> and \\"quotes\\""
  - id: company:quotes
    type: Company
    name: "O'Brien \\"Vendor\\" & <b>Co</b>"
relationships:
  - type: CONTRACTED_WITH
    from: agency:evil
    to: company:quotes
    status: alleged
    amount: 1000
    currency: USD
    note: "<script>alert('note')</script>"
    citations:
      - source: s1
        locator: "<i>para 1</i>"
        note: "<img src=x onerror=alert('citation')>"
"""



def article_examples(graph: KnowledgeGraph) -> dict[str, object]:
    return {ex.slug: select(graph, around=ex.around, hops=ex.hops, filters=ex.filters)
            for ex in publish.EXAMPLES if ex.pictures}


# -- selections ------------------------------------------------------------------

def test_selections_of_the_bundled_graph(bundled: KnowledgeGraph) -> None:
    whole = select(bundled)
    assert len(whole.entities) == len(bundled)
    assert len(whole.relationships) == sum(1 for _ in bundled.relationships())
    cafri = select(bundled, around="CAFRI")
    # CAFRI, its pooled photos, DataWorks Plus, the letter of agreement, the six member agencies
    assert "product:cafri" in cafri.entities and len(cafri.entities) == 10
    assert all(r.source in cafri.entities and r.target in cafri.entities for r in cafri.relationships)
    chain = select(bundled, path=("McKinsey", "Amazon Rekognition"))
    assert {"company:mckinsey", "product:rekognition"} <= set(chain.entities)


def test_filters_keep_what_they_name(bundled: KnowledgeGraph) -> None:
    sel = select(bundled, filters=Filters(relationship_types=("contracted_with",), statuses=("CONFIRMED",)))
    assert sel.relationships and {(r.type, r.status) for r in sel.relationships} == {("CONTRACTED_WITH", "confirmed")}
    assert set(sel.entities) == {x for r in sel.relationships for x in (r.source, r.target)}
    people = select(bundled, filters=Filters(entity_types=("Person",)))
    assert {bundled.entity(e).type for e in people.entities} == {"Person"}
    cited = select(bundled, filters=Filters(sources=("snr-dragnet",)))
    assert all("snr-dragnet" in r.sources() for r in cited.relationships)


def test_the_named_entity_stays_when_a_filter_would_drop_it(bundled: KnowledgeGraph) -> None:
    sel = select(bundled, around="NYPD", filters=Filters(entity_types=("Product",)))
    assert "agency:nypd" in sel.entities
    assert {bundled.entity(e).type for e in sel.entities} == {"Agency", "Product"}


@pytest.mark.parametrize("props,span", [
    ({}, (None, None)),
    ({"date": "2018-06"}, ("2018-06-01", "2018-06-30")),
    ({"start": "2018-12", "end": "2019-03"}, ("2018-12-01", "2019-03-31")),
    ({"start": "2017"}, ("2017-01-01", None)),
    ({"end": "2020-02-29"}, (None, "2020-02-29")),
])
def test_validity_keeps_precision(props: dict, span: tuple) -> None:
    lo, hi = validity(props)
    assert (lo and lo.isoformat(), hi and hi.isoformat()) == span


def test_date_filters_compare_partial_dates(small: Path) -> None:
    graph = api.load([small], bundled=False, show_progress=False)
    # the trial ran 2018-12 to 2019-03; DEVELOPS has no date and is always kept
    for kw, uses in [({"as_of": "2019"}, True), ({"as_of": "2018-12-31"}, True),
                     ({"as_of": "2018-11"}, False), ({"since": "2019-03"}, True),
                     ({"since": "2019-04"}, False), ({"until": "2018-12"}, True),
                     ({"until": "2018"}, True), ({"until": "2018-11-30"}, False)]:
        sel = select(graph, filters=Filters(**kw))
        assert ("USES" in {r.type for r in sel.relationships}) is uses, kw
        assert "DEVELOPS" in {r.type for r in sel.relationships}


@pytest.mark.parametrize("kwargs,message", [
    ({"filters": Filters(entity_types=("Agencyy",))},
     "--entity-type 'Agencyy' is not known; use one of Agency, Company, Product, Person, "
     "Organization, Policy, Event, Dataset"),
    ({"filters": Filters(sources=("nope",))}, "--source 'nope' is not known; use one of s1"),
    ({"filters": Filters(since="2019-02-30")},
     "--since: impossible date '2019-02-30' (February 2019 has 28 days); write YYYY, YYYY-MM or YYYY-MM-DD"),
    ({"filters": Filters(as_of="2019", until="2020")},
     "--as-of cannot be combined with --since or --until; use one or the other"),
    ({"filters": Filters(since="2020", until="2019")}, "--since 2020 is after --until 2019; swap them"),
    ({"filters": Filters(statuses=("denied",))},
     "the selection is empty: nothing matches --status denied; loosen the filters"),
    ({"around": "NYPD", "path": ("NYPD", "Clearview AI")},
     "--around and --path cannot be combined; use one of them"),
])
def test_bad_selections_are_one_line_usage_errors(small: Path, kwargs: dict, message: str) -> None:
    graph = api.load([small], bundled=False, show_progress=False)
    with pytest.raises(UsageError) as exc:
        select(graph, **kwargs)
    assert exc.value.lines(flag) == [message]


def test_library_errors_name_the_parameter_and_the_cli_its_option(small: Path) -> None:
    graph = api.load([small], bundled=False, show_progress=False)
    with pytest.raises(UsageError) as exc:
        select(graph, around="NYPD", hops=-1)
    assert (str(exc.value), exc.value.param) == ("hops must be 0 or more", "hops")
    assert exc.value.lines(flag) == ["--hops must be 0 or more"]


def test_every_status_has_a_distinct_line_style(bundled: KnowledgeGraph) -> None:
    styles = [style.STATUS_STYLES[s] for s in bundled.schema.statuses]
    assert len({(s.dashes, s.width, s.color) for s in styles}) == len(styles)
    assert style.STATUS_STYLES["confirmed"].dashes == ()
    assert style.STATUS_STYLES["disputed"].dashes and style.STATUS_STYLES["alleged"].dashes


# -- the command -------------------------------------------------------------------

def test_render_html(runner: CliRunner, small: Path, tmp_path: Path) -> None:
    out = tmp_path / "page.html"
    assert run(runner, "render", "-o", str(out), "--no-bundled", "--data", str(small),
               "--title", "A & B", "--caption", "Cap", "--credit", "Credit line") == (
        0, f"wrote {out}: 3 nodes, 2 edges, 1 source\n", "")
    html = out.read_text("utf-8")
    assert "<title>A &amp; B</title>" in html and "Credit line" in html
    data, details = (json.loads(re.search(rf'<script type="application/json" id="wg-{name}">(.*?)</script>',
                                          html, re.S).group(1)) for name in ("data", "details"))
    assert len(data["nodes"]) == 3 and len(data["edges"]) == 2
    assert details["sources"] == [{"n": 1, "id": "s1", "publisher": "A paper", "title": "A story",
                                   "date": "2020-05", "url": None, "kind": "news"}]
    assert details["edges"]["uses:agency:nypd:product:clearview-app"]["citations"] == [
        {"n": 1, "note": "Emails show a trial.", "locator": "para 1", "quote": "the emails show a trial"},
        {"n": 1, "note": "The department denied it.", "stance": "disputes", "locator": "para 4",
         "quote": "we never used it"}]


def test_render_around_and_path(runner: CliRunner, small: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.html"
    assert run(runner, "render", "-o", str(out), "--around", "NYPD", "--hops", "1",
               "--no-bundled", "--data", str(small)) == (
        0, f"wrote {out}: 2 nodes, 1 edge, 1 source\n", "")
    assert run(runner, "render", "-o", str(out), "--path", "NYPD", "Clearview AI",
               "--no-bundled", "--data", str(small)) == (
        0, f"wrote {out}: 3 nodes, 2 edges, 1 source\n", "")


@pytest.mark.parametrize("args,message", [
    (["--hops", "2"], "Error: --hops needs --around NAME\n"),
    (["--max-hops", "2"], "Error: --max-hops needs --path A B\n"),
    (["--status", "rumoured"],
     "Error: --status 'rumoured' is not known; use one of reported, confirmed, alleged, disputed, denied\n"),
    (["--as-of", "2019-1"], "Error: --as-of: malformed date '2019-1'; write YYYY, YYYY-MM or YYYY-MM-DD\n"),
    (["--width", "800"], "Error: --width and --height apply to --format svg or png; the HTML page fits its container\n"),
    (["--format", "png", "--width", "20"], "Error: --width 20 is out of range; give 200 to 10000 pixels\n"),
    (["--relationship-type", "TESTED"],
     "Error: the selection is empty: nothing matches --relationship-type TESTED; loosen the filters\n"),
])
def test_render_usage_errors_exit_2(runner: CliRunner, small: Path, tmp_path: Path,
                                    args: list[str], message: str) -> None:
    out = tmp_path / "g.html"
    assert run(runner, "render", "-o", str(out), *args, "--no-bundled", "--data", str(small)) == (
        2, "", message)
    assert not out.exists()


def test_render_unknown_name(runner: CliRunner, small: Path, tmp_path: Path) -> None:
    assert run(runner, "render", "-o", str(tmp_path / "g.html"), "--around", "Clearvew AI",
               "--no-bundled", "--data", str(small)) == (
        1, "", "Error: no entity named 'Clearvew AI'; did you mean 'Clearview AI', 'Clearview AI app'?\n")


# -- the HTML file -------------------------------------------------------------------

def test_the_page_needs_no_network(bundled: KnowledgeGraph, tmp_path: Path) -> None:
    out = tmp_path / "whole.html"
    api.render(bundled, out)
    html = out.read_text("utf-8")
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", html, re.I)
    assert "bootstrap" not in html.lower() and "jsdelivr" not in html and "cdnjs" not in html
    assert "default-src 'none'" in html
    assert "vis.Network" in html  # vis-network inlined


def test_source_numbers_are_list_positions(bundled: KnowledgeGraph, tmp_path: Path) -> None:
    # the list carries no `value` attributes (slow in Chromium), so a reference [n] is
    # right only if source n is the n-th item
    out = tmp_path / "whole.html"
    api.render(bundled, out)
    html = out.read_text("utf-8")
    items = re.findall(r'<li id="wg-src-(\d+)"', html)
    assert [int(n) for n in items] == list(range(1, len(bundled.sources) + 1))
    refs = re.findall(r'href="#wg-src-(\d+)" class="wg-ref">\[(\d+)\]', html)
    assert all(target == label for target, label in refs)
    assert {int(n) for n, _ in refs} == set(range(1, len(items) + 1))


def test_hostile_strings_are_escaped(write, tmp_path: Path) -> None:
    graph = api.load([write(HOSTILE, "hostile.yaml")], bundled=False, show_progress=False)
    out = tmp_path / "hostile.html"
    api.render(graph, out, title="<script>alert('title')</script>", caption="<b>caption</b>")
    html = out.read_text("utf-8")
    body = re.sub(r"<script[^>]*>.*?</script>", "", html.split("<body>", 1)[1], flags=re.S)
    for raw in ("<script", "<img", "<b>", "<i>"):
        assert raw not in body
    assert "&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt; Police" in body
    for name in ("data", "details"):
        block = re.search(rf'id="wg-{name}">(.*?)</script>', html, re.S).group(1)
        assert "<" not in block and ">" not in block
    assert json.loads(block)["nodes"]["agency:evil"]["title"] == "<script>alert('name')</script> Police"


# -- SVG and PNG ---------------------------------------------------------------------

def test_svg_parses_with_legend_and_credit(bundled: KnowledgeGraph, tmp_path: Path) -> None:
    out = tmp_path / "cafri.svg"
    result = api.render(bundled, out, around="CAFRI", credit="Graphic: The Example Times")
    assert result.counts == {"nodes": 10, "edges": 14, "sources": 1}
    root = ET.parse(out).getroot()
    texts = " ".join("".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "Graphic: The Example Times" in texts
    for label in ("Agency", "Product", "Dataset", "reported", "confirmed"):
        assert label in texts
    assert "California Facial Recognition Interconnect" in texts.replace("\n", " ")


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


def test_png_has_the_requested_size(runner: CliRunner, small: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.png"
    assert run(runner, "render", "-o", str(out), "--width", "1000", "--height", "640",
               "--no-bundled", "--data", str(small))[0] == 0
    assert png_size(out) == (1000, 640)
    run(runner, "render", "-o", str(out), "--format", "png", "--width", "900",
        "--no-bundled", "--data", str(small))
    assert png_size(out) == (900, 675)


def test_hostile_strings_in_svg(write, tmp_path: Path) -> None:
    graph = api.load([write(HOSTILE, "hostile.yaml")], bundled=False, show_progress=False)
    out = tmp_path / "hostile.svg"
    api.render(graph, out, title="$5,000 and $10 <script>")
    root = ET.parse(out).getroot()  # parses: everything was escaped
    assert not list(root.iter("{http://www.w3.org/2000/svg}script"))
    texts = " ".join("".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "$5,000 and $10 <script>" in texts  # no mathtext, text as typed


def test_article_examples_have_no_overlapping_labels(bundled: KnowledgeGraph) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    for slug, selection in article_examples(bundled).items():
        fig = draw(bundled, selection, Page(slug, "caption", "credit"))
        renderer = FigureCanvasAgg(fig).get_renderer()
        boxes = [(t.get_gid(), t.get_window_extent(renderer)) for ax in fig.axes for t in ax.texts
                 if (t.get_gid() or "").startswith(("node-label:", "edge-label:"))]
        assert len(boxes) == len(selection.entities) + len(selection.relationships)
        clashes = [(a, b) for i, (a, ba) in enumerate(boxes) for b, bb in boxes[i + 1:]
                   if ba.overlaps(bb)]
        assert clashes == [], slug
        w, h = fig.bbox.width, fig.bbox.height
        assert all(0 <= bb.x0 and bb.x1 <= w and 0 <= bb.y0 and bb.y1 <= h for _, bb in boxes), slug


def test_the_layout_does_not_depend_on_global_random_state() -> None:
    import random

    from watchgraph.render.layout import force_layout

    ids = [f"n{i}" for i in range(30)]
    pairs = [(f"n{i}", f"n{i * 7 % 30}") for i in range(30)]
    random.seed(1)
    first = force_layout(ids, pairs, seed=3)
    random.seed(2)
    assert force_layout(ids, pairs, seed=3) == first


def test_build_writes_the_examples(bundled: KnowledgeGraph, tmp_path: Path) -> None:
    results = publish.write_examples(bundled, tmp_path)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(f"{ex.slug}.{f}" for ex in publish.EXAMPLES
                           for f in (("html", "svg", "png") if ex.pictures else ("html",)))
    assert [r.target for r in results] == [str(tmp_path / n) for n in
                                           [f"{ex.slug}.{f}" for ex in publish.EXAMPLES
                                            for f in (("html", "svg", "png") if ex.pictures else ("html",))]]


def test_unknown_names_raise_not_found(bundled: KnowledgeGraph, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError):
        api.render(bundled, tmp_path / "x.html", path=("NYPD", "Nobody at all"))
