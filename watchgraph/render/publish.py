"""Publishing: options checked, a selection made and written as HTML, SVG or PNG; the examples.

`api.render` and `api.build` call into here; the CLI knows only `api`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from watchgraph.errors import UsageError, param
from watchgraph.graph.select import Filters, Selection, select
from watchgraph.graph.store import KnowledgeGraph
from watchgraph.output import Written
from watchgraph.render.html import Page, render_html
from watchgraph.render.static import Size, render_static

FORMATS = ("html", "svg", "png")
DEFAULT_CREDIT = "Graphic: watchgraph. Every line is sourced; the sources are listed."


def format_for(output: str | Path, fmt: str | None) -> str:
    """The format asked for, or else the one the file name's suffix names, or else html."""
    if fmt is not None:
        if fmt not in FORMATS:
            raise UsageError(f"{param('fmt')} {fmt!r} is not known; use one of {', '.join(FORMATS)}",
                             param="fmt")
        return fmt
    suffix = Path(output).suffix.lower().lstrip(".")
    return {"htm": "html"}.get(suffix, suffix) if suffix in (*FORMATS, "htm") else "html"


def default_title(graph: KnowledgeGraph, around: str | None, path: tuple[str, str] | None) -> str:
    """A headline that says what the selection is."""
    if around is not None:
        return f"{graph.resolve(around).name} and its connections"
    if path is not None:
        a, b = (graph.resolve(n).name for n in path)
        return f"How {a} is connected to {b}"
    return "Who watches whom"


def size_for(fmt: str, width: int | None, height: int | None) -> Size | None:
    """The picture size from `width`/`height` (pixels; one alone keeps a 4:3 shape)."""
    if width is None and height is None:
        return None
    if fmt == "html":
        raise UsageError(f"{param('width')} and {param('height')} apply to {param('fmt')} svg or png; "
                         "the HTML page fits its container", param="width")
    for name, value in (("width", width), ("height", height)):
        if value is not None and not 200 <= value <= 10000:
            raise UsageError(f"{param(name)} {value} is out of range; give 200 to 10000 pixels",
                             param=name)
    w = width if width is not None else round(height * 4 / 3)  # type: ignore[operator]
    h = height if height is not None else round(width * 3 / 4)  # type: ignore[operator]
    return Size(w, h)


def write(graph: KnowledgeGraph, selection: Selection, targets: dict[str, Path], page: Page,
          size: Size | None = None) -> list[Written]:
    """Write one selection in each format of `targets` (format -> file)."""
    results = []
    if "html" in targets:
        counts = render_html(graph, selection, targets["html"], page)
        results.append(Written(str(targets["html"]), counts))
    pictures = {f: p for f, p in targets.items() if f != "html"}
    if pictures:
        counts = render_static(graph, selection, pictures, page, size)
        results += [Written(str(p), counts) for p in pictures.values()]
    return results


def publish(graph: KnowledgeGraph, output: str | Path, fmt: str | None = None,
           around: str | None = None, hops: int | None = None,
           path: tuple[str, str] | None = None, max_hops: int | None = None,
           filters: Filters | None = None, title: str | None = None, caption: str = "",
           credit: str | None = None, width: int | None = None,
           height: int | None = None, include_denied: bool = False) -> Written:
    """Publish a selection as one self-contained HTML page (default), an SVG or a PNG.

    The selection is the whole graph, the entities within `hops` `around` one, or the
    shortest connections along a `path` between two, always within `filters`. `fmt`
    defaults to the output's suffix; `width`/`height` (pixels) size the pictures. Raises
    UsageError for bad options or an empty selection; writes atomically.
    """
    fmt = format_for(output, fmt)
    if hops is not None and around is None:
        raise UsageError(f"{param('hops')} needs {param('around')} NAME", param="hops")
    if max_hops is not None and path is None:
        raise UsageError(f"{param('max_hops')} needs {param('path')} A B", param="max_hops")
    size = size_for(fmt, width, height)
    selection = select(graph, around=around, hops=1 if hops is None else hops, path=path,
                       max_hops=4 if max_hops is None else max_hops, filters=filters or Filters(),
                       include_denied=include_denied)
    page = Page(title if title is not None else default_title(graph, around, path),
                caption, DEFAULT_CREDIT if credit is None else credit)
    return write(graph, selection, {fmt: Path(output)}, page, size)[0]


@dataclass(frozen=True)
class Example:
    """An article-sized selection that `make run` publishes into out/."""

    slug: str
    title: str
    caption: str
    around: str | None = None
    hops: int = 1
    filters: Filters = field(default_factory=Filters)
    pictures: bool = True


EXAMPLES: tuple[Example, ...] = (
    Example("cafri-interconnect", "The California Facial Recognition Interconnect",
            "The agencies in CAFRI, the DataWorks Plus system it runs on, and what surrounds it.",
            around="product:cafri"),
    Example("nypd-clearview-ice", "The NYPD, Clearview AI and ICE",
            "What the NYPD's emails with Clearview AI show: trials, meetings, a contract the "
            "department disputes, and a referral of ICE agents (agencies, companies, products, "
            "people and data only).",
            filters=Filters(sources=("nypd-clearview-emails",),
                            entity_types=("Agency", "Company", "Product", "Person", "Dataset"))),
    Example("ice-amazon-mckinsey", "ICE, Amazon and McKinsey",
            "Everything within two steps of McKinsey & Company, which hosted the June 2018 meeting "
            "between ICE and Amazon Web Services.", around="company:mckinsey", hops=2),
    Example("south-florida-clearview", "Clearview AI in South Florida",
            "South Florida agencies' contracts with Clearview AI and their use of its app.",
            filters=Filters(sources=("nbc6-south-florida-clearview",),
                            relationship_types=("CONTRACTED_WITH", "USES", "DEVELOPS"))),
    Example("whole-graph", "Who watches whom: the whole graph",
            "Every entity and relationship in the bundled dataset, curated from five articles.",
            pictures=False),
)


def write_examples(graph: KnowledgeGraph, out_dir: str | Path,
                   examples: Sequence[Example] = EXAMPLES) -> list[Written]:
    """Write each example as HTML (and SVG and PNG when article-sized) into `out_dir`."""
    out = Path(out_dir)
    results = []
    for ex in examples:
        selection = select(graph, around=ex.around, hops=ex.hops, filters=ex.filters)
        formats = FORMATS if ex.pictures else ("html",)
        targets = {f: out / f"{ex.slug}.{f}" for f in formats}
        results += write(graph, selection, targets, Page(ex.title, ex.caption, DEFAULT_CREDIT))
    return results
