"""A selection as a print-ready SVG or PNG (matplotlib, no pyplot state).

Same selection and styling as the HTML: colours and shapes by entity type, line style by
status, arrows and labels for relationship types, sizes by degree; plus the title, the
caption, a legend, the sources and the credit line. Labels do not overlap: nodes are
pushed apart until their label boxes are clear, and each relationship label takes the
first free spot along its line.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from watchgraph.graph.select import Selection
from watchgraph.graph.store import KnowledgeGraph
from watchgraph.output import atomic_write
from watchgraph.render import style
from watchgraph.render.content import build_content, selection_sources
from watchgraph.render.html import Page
from watchgraph.render.layout import Box, force_layout, overlaps, remove_overlaps

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

DPI = 200
PT = DPI / 72  # pixels per point
FONT = "DejaVu Sans"  # ships with matplotlib: the same picture on every machine


@dataclass(frozen=True)
class Size:
    """The picture's size in pixels (the PNG's; the SVG has the same proportions)."""

    width: int
    height: int


def default_size(n: int) -> Size:
    """A size that suits `n` entities: 1600 x 1200 up to 30, growing with the square root."""
    width = int(min(4800, 1600 * max(1.0, math.sqrt(n / 30))))
    return Size(width, int(width * 0.75))


def _marker(shape: str) -> Any:
    from matplotlib.path import Path as MPath

    def ellipse(cx: float, cy: float, rx: float, ry: float, a0: float = 0, a1: float = 360,
                steps: int = 24) -> list[tuple[float, float]]:
        return [(cx + rx * math.cos(math.radians(a0 + (a1 - a0) * i / steps)),
                 cy + ry * math.sin(math.radians(a0 + (a1 - a0) * i / steps))) for i in range(steps + 1)]

    if shape == "box":
        return MPath([(-0.8, -0.5), (0.8, -0.5), (0.8, 0.5), (-0.8, 0.5), (-0.8, -0.5)], closed=True)
    if shape == "ellipse":
        return MPath(ellipse(0, 0, 0.75, 0.48), closed=True)
    if shape == "database":
        body = [(-0.55, 0.35)] + ellipse(0, -0.35, 0.55, 0.18, 180, 360)[:] + [(0.55, 0.35)]
        body += ellipse(0, 0.35, 0.55, 0.18, 0, 180)
        top = ellipse(0, 0.35, 0.55, 0.18, 180, 360)
        return MPath.make_compound_path(MPath(body, closed=True), MPath(top))
    return {"dot": "o", "diamond": "D", "triangle": "^", "square": "s", "star": "*"}.get(shape, "o")


def _text_size(text: str, size: float) -> tuple[float, float]:
    """Width and height in pixels of a (multi-line) label."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    prop = FontProperties(family=FONT, size=size)
    lines = text.split("\n")
    width = max(TextToPath().get_text_width_height_descent(line, prop, ismath=False)[0]
                for line in lines)
    return width * PT, len(lines) * size * 1.2 * PT


@dataclass
class _Node:
    id: str
    label: str
    shape: str
    color: str
    radius: float  # px
    box: Box


def _wrap(text: str, width_px: float, size: float) -> list[str]:
    per_line = max(20, int(width_px / (size * 0.55 * PT)))
    return textwrap.wrap(text, per_line) or [""]


def draw(graph: KnowledgeGraph, selection: Selection, page: Page, size: Size | None = None) -> Figure:
    """The picture as a matplotlib Figure (nothing is written)."""
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyArrowPatch

    size = size or default_size(len(selection.entities))
    W, H = size.width, size.height
    fig = Figure(figsize=(W / DPI, H / DPI), dpi=DPI)
    fig.patch.set_facecolor("white")
    content = build_content(graph, selection)
    margin = 0.2 * DPI

    # header: title and caption, measured from the top
    y = H - margin
    title_lines = _wrap(page.title, W - 2 * margin, 15)
    fig.text(margin / W, y / H, "\n".join(title_lines), fontsize=15, weight="bold", va="top",
             family=FONT, parse_math=False, gid="title")
    y -= len(title_lines) * 15 * 1.25 * PT
    if page.caption:
        cap = _wrap(page.caption, W - 2 * margin, 9.5)
        fig.text(margin / W, (y - 4 * PT) / H, "\n".join(cap), fontsize=9.5, va="top",
                 family=FONT, color="#333333", parse_math=False, gid="caption")
        y -= (len(cap) * 9.5 * 1.3 + 4) * PT
    top = y - 6 * PT

    # footer from the bottom up: credit, sources, legend
    foot = margin
    credit_lines = _wrap(page.credit, W - 2 * margin, 7.5) if page.credit else []
    if credit_lines:
        fig.text(margin / W, foot / H, "\n".join(credit_lines), fontsize=7.5, va="bottom",
                 family=FONT, color="#555555", parse_math=False, gid="credit")
        foot += (len(credit_lines) * 7.5 * 1.3 + 3) * PT
    src = "Sources: " + "; ".join(f"[{s['n']}] {s['publisher']}, “{s['title']}”"
                                  + (f" ({s['date']})" if s["date"] else "") for s in content.sources)
    src_lines = _wrap(src, W - 2 * margin, 7.5)
    fig.text(margin / W, foot / H, "\n".join(src_lines), fontsize=7.5, va="bottom", family=FONT,
             color="#333333", parse_math=False, gid="sources")
    foot += (len(src_lines) * 7.5 * 1.3 + 6) * PT
    foot = _legend(fig, graph, selection, W, H, margin, foot) + 6 * PT
    least = 0.4 * H  # the graph's own area; long titles or many sources make the page taller
    if top - foot < least:
        text_height = H - (top - foot)  # the same whatever the page's height
        return draw(graph, selection, page, Size(W, math.ceil(text_height / 0.6) + 1))

    ax = fig.add_axes((0, foot / H, 1, (top - foot) / H))
    aw, ah = W, top - foot
    ax.set_xlim(0, aw)
    ax.set_ylim(0, ah)
    ax.set_axis_off()

    nodes, edge_labels = _place(graph, selection, aw, ah, margin)
    for rel in selection.relationships:
        a, b = nodes[rel.source], nodes[rel.target]
        st = style.status_style(rel.status)
        directed = graph.schema.relationships[rel.type].directed
        lw = st.width * 0.55
        patch = FancyArrowPatch(
            (a.box.x, a.box.y), (b.box.x, b.box.y), connectionstyle=f"arc3,rad={edge_labels[rel.id][5]:.3f}",
            arrowstyle="-|>" if directed else "-", mutation_scale=7, linewidth=lw, color=st.color,
            shrinkA=a.radius / PT + 1, shrinkB=b.radius / PT + 1.5, zorder=1)
        if st.dashes:
            patch.set_linestyle((0, tuple(d * 0.5 / lw for d in st.dashes)))
        ax.add_patch(patch)
    for rel_id, (x, yy, text, *_rest) in edge_labels.items():
        ax.text(x, yy, text, fontsize=6, ha="center", va="center", color="#444444", family=FONT,
                style="italic", parse_math=False, zorder=3, gid=f"edge-label:{rel_id}",
                bbox={"boxstyle": "square,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.9})
    for n in nodes.values():
        ax.plot([n.box.x], [n.box.y], marker=_marker(n.shape), markersize=2 * n.radius / PT,
                color=n.color, markeredgecolor=style.darker(n.color), markeredgewidth=0.8,
                linestyle="none", zorder=4)
        ax.text(n.box.x, n.box.y - n.radius - 1.5 * PT, n.label, fontsize=_LABEL, ha="center",
                va="top", family=FONT, color="#1a1a1a", parse_math=False, zorder=5,
                gid=f"node-label:{n.id}", linespacing=1.1,
                bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.85})
    return fig


_LABEL = 7.0  # node label size in points
_EDGE = 6.0  # relationship label size in points


def _place(graph: KnowledgeGraph, selection: Selection, aw: float, ah: float, margin: float
           ) -> tuple[dict[str, _Node], dict[str, tuple[float, float, str, float, float, float]]]:
    """Node positions clear of each other's labels, and a free spot for each edge label.

    Small selections try a few layouts and spacings and keep the first (or else the best)
    where every relationship label found a clear spot.
    """
    deg = style.degrees(selection.entities, selection.relationships)
    pairs = [(r.source, r.target) for r in selection.relationships]
    nodes: dict[str, _Node] = {}
    for eid in selection.entities:
        e = graph.entity(eid)
        et = graph.schema.entities[e.type]
        label = style.wrap_label(e.name, 20)
        radius = style.node_size(deg[eid]) * 0.32 * PT
        tw, th = _text_size(label, _LABEL)
        half = max(radius * 1.1, tw / 2 + PT)
        nodes[eid] = _Node(eid, label, et.shape, et.color, radius,
                           Box(0, 0, half, half, radius, radius + 2.5 * PT + th))
    small = len(nodes) <= 60
    best: tuple[int, dict[str, tuple[float, float]], dict[str, Any]] | None = None
    for seed in range(1, 9) if small else (1,):
        pos = _stretched(force_layout(list(selection.entities), pairs, seed=seed))
        for pad in (3, 8, 14) if small else (3,):
            for eid, n in nodes.items():
                n.box.x = margin + pos[eid][0] * (aw - 2 * margin)
                n.box.y = margin + pos[eid][1] * (ah - 2 * margin)
            remove_overlaps([n.box for n in nodes.values()],
                            (margin * 0.5, 0, aw - margin * 0.5, ah), pad=pad * PT,
                            sweeps=400 if small else 60)
            labels, clashes = _edge_labels(graph, selection, nodes)
            if best is None or clashes < best[0]:
                best = (clashes, {eid: (n.box.x, n.box.y) for eid, n in nodes.items()}, labels)
            if clashes == 0:
                break
        if best is not None and best[0] == 0:
            break
    assert best is not None
    for eid, n in nodes.items():
        n.box.x, n.box.y = best[1][eid]
    labels = best[2]
    if best[0]:
        # the last resort: nudge relationship labels off their lines until they are clear
        fixed = [Box(n.box.x, n.box.y, n.box.left, n.box.right, n.box.up, n.box.down, fixed=True)
                 for n in nodes.values()]
        free = {rid: Box(x, y, w, w, h, h) for rid, (x, y, _t, w, h, _b) in labels.items()}
        remove_overlaps(fixed + list(free.values()), (0, 0, aw, ah), pad=1.0,
                        sweeps=200 if small else 20)
        labels = {rid: (free[rid].x, free[rid].y, t, w, h, b)
                  for rid, (_x, _y, t, w, h, b) in labels.items()}
    return nodes, labels


def _edge_labels(graph: KnowledgeGraph, selection: Selection, nodes: dict[str, _Node]
                 ) -> tuple[dict[str, tuple[float, float, str, float, float, float]], int]:
    """A spot along its line for each relationship label, clear of the others if possible.

    A line that would run through another node bends around it where it can. Returns each
    label's centre, text, half width and half height and its line's bend, and how many
    labels found no clear spot plus how many nodes the lines still run through.
    """
    placed = [n.box for n in nodes.values()]
    out: dict[str, tuple[float, float, str, float, float, float]] = {}
    clashes = 0
    bends = style.parallel_offsets(selection.relationships)
    spots = sorted((0.14 + 0.04 * i for i in range(19)), key=lambda t: abs(t - 0.5))
    for rel in selection.relationships:
        a, b = nodes[rel.source].box, nodes[rel.target].box
        base = bends[rel.id]
        for bend in (base, base + 0.25, base - 0.25, base + 0.45, base - 0.45):
            if not _crossings(rel.source, rel.target, a, b, bend, nodes):
                bends[rel.id] = bend
                break
        text = graph.schema.relationships[rel.type].label
        tw, th = _text_size(text, _EDGE)
        best: tuple[int, Box] | None = None
        length = math.hypot(b.x - a.x, b.y - a.y) or 1.0
        nx_, ny_ = (a.y - b.y) / length, (b.x - a.x) / length  # unit normal to the line
        for t, shift in [(t, 0.0) for t in spots] + [(t, k * (th + 3 * PT)) for t in spots
                                                      for k in (0.6, -0.6)]:
            x, y = _on_arc(a.x, a.y, b.x, b.y, bends[rel.id], t)
            x, y = x + shift * nx_, y + shift * ny_
            cand = Box(x, y, tw / 2 + 2 * PT, tw / 2 + 2 * PT, th / 2 + 1.5 * PT, th / 2 + 1.5 * PT)
            hits = sum(overlaps(cand, other, 1.0) for other in placed)
            if best is None or hits < best[0]:
                best = (hits, cand)
            if hits == 0:
                break
        assert best is not None
        clashes += best[0] > 0
        clashes += _crossings(rel.source, rel.target, a, b, bends[rel.id], nodes)
        placed.append(best[1])
        out[rel.id] = (best[1].x, best[1].y, text, best[1].left, best[1].up, bends[rel.id])
    return out, clashes


def _crossings(source: str, target: str, a: Box, b: Box, bend: float,
               nodes: dict[str, _Node]) -> int:
    """How many other nodes (with their labels) the line from `a` to `b` runs through."""
    hit = set()
    for i in range(1, 20):
        x, y = _on_arc(a.x, a.y, b.x, b.y, bend, i / 20)
        for n in nodes.values():
            if n.id not in (source, target) and n.id not in hit:
                x0, y0, x1, y1 = n.box.bounds()
                if x0 < x < x1 and y0 < y < y1:
                    hit.add(n.id)
    return len(hit)


def _stretched(pos: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """Positions stretched so that each axis spans [0, 1] (the picture is rarely square)."""
    if len(pos) < 2:
        return {k: (0.5, 0.5) for k in pos}
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    sx, sy = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    return {k: ((x - min(xs)) / sx, (y - min(ys)) / sy) for k, (x, y) in pos.items()}


def _on_arc(x1: float, y1: float, x2: float, y2: float, rad: float, t: float) -> tuple[float, float]:
    """A point on matplotlib's arc3 curve (a quadratic Bezier) at parameter t."""
    cx, cy = (x1 + x2) / 2 + rad * (y2 - y1), (y1 + y2) / 2 - rad * (x2 - x1)
    u = 1 - t
    return u * u * x1 + 2 * u * t * cx + t * t * x2, u * u * y1 + 2 * u * t * cy + t * t * y2


def _legend(fig: Figure, graph: KnowledgeGraph, selection: Selection, W: float, H: float,
            margin: float, bottom: float) -> float:
    """Draw the legend rows upward from `bottom`; return the y above them."""
    from matplotlib.lines import Line2D

    types = {graph.entity(e).type for e in selection.entities}
    rows = style.legend(graph.schema, types, {r.status for r in selection.relationships})
    items = []
    for row in rows:
        w, _ = _text_size(row.label, 7.5)
        items.append((row, w + 26 * PT))
    lines: list[list[tuple[style.LegendEntry, float]]] = [[]]
    used = 0.0
    for item in items:
        if lines[-1] and used + item[1] > W - 2 * margin:
            lines.append([])
            used = 0.0
        lines[-1].append(item)
        used += item[1]
    step = 7.5 * 1.8 * PT
    y = bottom + (len(lines) - 1) * step + 4 * PT
    for line in lines:
        x = margin
        for row, width in line:
            if row.style is not None:
                ln = Line2D([x / W, (x + 16 * PT) / W], [y / H, y / H], transform=fig.transFigure,
                            color=row.style.color, linewidth=row.style.width * 0.55)
                if row.style.dashes:
                    ln.set_dashes([d * 0.5 for d in row.style.dashes])
            else:
                ln = Line2D([(x + 8 * PT) / W], [y / H], transform=fig.transFigure,
                            marker=_marker(row.shape), markersize=8, color=row.color,
                            markeredgecolor=style.darker(row.color), markeredgewidth=0.6,
                            linestyle="none")
            fig.add_artist(ln)
            fig.text((x + 20 * PT) / W, y / H, row.label, fontsize=7.5, va="center", family=FONT,
                     parse_math=False, gid=f"legend:{row.key}")
            x += width
        y -= step
    return bottom + len(lines) * step + 4 * PT


def render_static(graph: KnowledgeGraph, selection: Selection, targets: Mapping[str, str | Path],
                  page: Page, size: Size | None = None) -> dict[str, int]:
    """Draw once, then write each format of `targets` (`svg` or `png` -> file) atomically.

    Returns what the picture shows. The SVG keeps its text as text (searchable, editable).
    """
    import matplotlib

    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "watchgraph"}):
        fig = draw(graph, selection, page, size)
        for fmt, output in targets.items():
            with atomic_write(output, "wb") as fh:
                fig.savefig(fh, format=fmt, dpi=DPI,
                            metadata={"Date": None} if fmt == "svg" else None)
    return {"nodes": len(selection.entities), "edges": len(selection.relationships),
            "sources": len(selection_sources(selection))}
