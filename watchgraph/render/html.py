"""A selection as one self-contained HTML file: pyvis builds the network, our template the page.

The page needs no network: vis-network's script and stylesheet (shipped inside the pyvis
package) are inlined, pyvis's own template (which pulls Bootstrap from a CDN) is not used,
and a Content-Security-Policy forbids loading anything. Data goes into the page as JSON in
a `<script type="application/json">` block (with `<`, `>`, `&` and `'` escaped) and from
there into the DOM as text; the static lists are escaped by Jinja's autoescaping.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from watchgraph.graph.select import Selection
from watchgraph.graph.store import KnowledgeGraph
from watchgraph.nogc import paused_gc
from watchgraph.output import atomic_write
from watchgraph.render import style
from watchgraph.render.content import build_content, relationship_words, selection_sources
from watchgraph.render.layout import canvas_positions

LAYOUT_THRESHOLD = 150
"""Above this many entities, positions are computed in Python and physics is off."""

VIS_VERSION = "vis-9.1.2"
"""The vis-network build inside the pyvis package. Its stylesheet is left out: it styles
only the configurator, the editing toolbar, the navigation buttons and the built-in
tooltip, none of which the page uses, and its 220 kB slow down large pages."""


@dataclass(frozen=True)
class Page:
    """The page's words: headline, caption and credit line."""

    title: str
    caption: str = ""
    credit: str = ""


@cache
def _asset(package: str, name: str, inline: bool = True) -> str:
    text = resources.files(package).joinpath(name).read_text("utf-8")
    if inline and ("</script" in text.lower() or "</style" in text.lower() or "<!--" in text):
        raise RuntimeError(f"{package}/{name} cannot be inlined in a <script> or <style>")
    return text


def swatch(row: style.LegendEntry) -> str:
    """A small inline SVG for a legend row: the entity shape, or the status line."""
    if row.style is not None:
        dash = ",".join(map(str, row.style.dashes)) or "none"
        return ('<svg width="34" height="12" aria-hidden="true"><line x1="1" y1="6" x2="33" y2="6" '
                f'stroke="{row.style.color}" stroke-width="{row.style.width}" '
                f'stroke-dasharray="{dash}"/></svg>')
    fill, line = row.color, style.darker(row.color)
    shapes = {
        "box": '<rect x="1" y="3" width="18" height="12" rx="3"/>',
        "ellipse": '<ellipse cx="10" cy="9" rx="9" ry="6"/>',
        "diamond": '<polygon points="10,1 18,9 10,17 2,9"/>',
        "triangle": '<polygon points="10,2 18,16 2,16"/>',
        "square": '<rect x="3" y="3" width="13" height="13"/>',
        "star": '<polygon points="10,1 12.4,6.6 18.5,7.2 13.9,11.2 15.3,17.2 10,14 4.7,17.2 '
                '6.1,11.2 1.5,7.2 7.6,6.6"/>',
        "database": '<path d="M2,5 a8,3 0 0,1 16,0 v9 a8,3 0 0,1 -16,0 z"/>',
    }
    shape = shapes.get(row.shape, '<circle cx="10" cy="9" r="7"/>')
    return (f'<svg width="20" height="18" aria-hidden="true"><g fill="{fill}" stroke="{line}" '
            f'stroke-width="1.2">{shape}</g></svg>')


def type_styles(graph: KnowledgeGraph) -> dict[str, dict[str, Any]]:
    """vis-network colours and label fonts for each entity type, from the schema."""
    out = {}
    for name, et in graph.schema.entities.items():
        inside = et.shape in style.LABEL_INSIDE
        font: dict[str, Any] = {"color": style.text_color(et.color) if inside else "#1a1a1a"}
        if not inside:
            font.update(strokeWidth=3, strokeColor="#ffffff")
        out[name] = {"color": {"background": et.color, "border": style.darker(et.color),
                               "highlight": {"background": et.color, "border": "#000000"},
                               "hover": {"background": et.color, "border": "#000000"}},
                     "font": font}
    return out


def status_styles(graph: KnowledgeGraph) -> dict[str, dict[str, Any]]:
    """vis-network line styles for each status (the page applies them to each edge)."""
    out = {}
    for status in graph.schema.statuses:
        st = style.status_style(status)
        out[status] = {"dashes": list(st.dashes) or False, "width": st.width, "color": st.color}
    return out


def _node(graph: KnowledgeGraph, eid: str, degree: int) -> dict[str, Any]:
    """A node's own options; its type's colours are applied in the page (`t`)."""
    e = graph.entity(eid)
    et = graph.schema.entities[e.type]
    node: dict[str, Any] = {
        "id": eid, "label": style.wrap_label(e.name, 12 if et.shape == "database" else 22),
        "shape": et.shape, "t": e.type, "size": style.node_size(degree),
        "font": {"size": style.font_size(degree, et.shape)},
    }
    if et.shape == "database":
        node["margin"] = 3
    return node


def _edge(graph: KnowledgeGraph, rel: Any, bend: float) -> dict[str, Any]:
    """An edge's own options; its status's line style is applied in the page (`s`)."""
    rt = graph.schema.relationships[rel.type]
    edge: dict[str, Any] = {"id": rel.id, "label": rt.label, "arrows": "to" if rt.directed else "",
                            "s": rel.status}
    if bend:
        edge["smooth"] = {"enabled": True, "type": "curvedCW" if bend > 0 else "curvedCCW",
                          "roundness": abs(bend)}
    return edge


def _options(n: int, physics: bool) -> dict[str, Any]:
    return {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": physics and n <= 100},
        "nodes": {"borderWidth": 1.5, "margin": 8,
                  "font": {"face": "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif"}},
        "edges": {"selectionWidth": 1.5, "hoverWidth": 0.8,
                  "arrows": {"to": {"enabled": True, "scaleFactor": 0.55}},
                  "font": {"size": 11, "color": "#4a4a4a", "strokeWidth": 4,
                           "strokeColor": "#ffffff", "align": "middle"},
                  "smooth": ({"enabled": True, "type": "continuous", "roundness": 0.2}
                             if physics else {"enabled": False})},
        "physics": ({"enabled": True, "solver": "forceAtlas2Based",
                     "forceAtlas2Based": {"gravitationalConstant": -110, "centralGravity": 0.012,
                                          "springLength": 150, "springConstant": 0.06,
                                          "avoidOverlap": 0.8},
                     "stabilization": {"enabled": True, "iterations": 800, "fit": True}}
                    if physics else {"enabled": False}),
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False,
                        "keyboard": False, "multiselect": False,
                        "hideEdgesOnDrag": not physics, "hideEdgesOnZoom": not physics},
    }


def network_data(graph: KnowledgeGraph, selection: Selection,
                 layout_threshold: int = LAYOUT_THRESHOLD) -> dict[str, Any]:
    """The nodes, edges and options vis-network draws, built with pyvis."""
    from pyvis.edge import Edge  # imported here: only rendering needs pyvis
    from pyvis.network import Network

    physics = len(selection.entities) <= layout_threshold
    deg = style.degrees(selection.entities, selection.relationships)
    pos = {} if physics else canvas_positions(
        selection.entities, [(r.source, r.target) for r in selection.relationships])
    net = Network(directed=True, cdn_resources="in_line")
    for eid in selection.entities:
        node = _node(graph, eid, deg[eid])
        nid, label, shape = node.pop("id"), node.pop("label"), node.pop("shape")
        if pos:
            node.update(x=pos[eid][0], y=pos[eid][1], physics=False)
        net.add_node(nid, label=label, shape=shape, **node)
    bends = style.parallel_offsets(selection.relationships)
    # pyvis's add_edge checks both ends against a list of every node (quadratic); the
    # selection guarantees them, so its Edge records go straight onto the network
    net.edges.extend(Edge(rel.source, rel.target, True, **_edge(graph, rel, bends[rel.id])).options
                     for rel in selection.relationships)
    net.options = _options(len(selection.entities), physics)
    nodes, edges, _heading, _height, _width, _options_json = net.get_network_data()
    return {"nodes": nodes, "edges": edges, "options": net.options, "physics": physics,
            "types": type_styles(graph), "statuses": status_styles(graph)}


def render_html(graph: KnowledgeGraph, selection: Selection, output: str | Path, page: Page,
                layout_threshold: int = LAYOUT_THRESHOLD) -> dict[str, int]:
    """Write the page for a selection to `output`, atomically; return what it shows."""
    with paused_gc():
        html = _page(graph, selection, page, layout_threshold)
    with atomic_write(output) as fh:
        fh.write(html)
    return {"nodes": len(selection.entities), "edges": len(selection.relationships),
            "sources": len(selection_sources(selection))}


def _page(graph: KnowledgeGraph, selection: Selection, page: Page, layout_threshold: int) -> str:
    import jinja2  # imported here: only rendering needs it

    content = build_content(graph, selection)
    data = network_data(graph, selection, layout_threshold)
    details = {"nodes": content.nodes, "edges": content.edges, "sources": content.sources,
               "words": relationship_words(graph)}
    types = {graph.entity(e).type for e in selection.entities}
    rows = style.legend(graph.schema, types, {r.status for r in selection.relationships})
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    template = env.from_string(_asset("watchgraph.render", "templates/graph.html", inline=False))
    n, m = len(selection.entities), len(selection.relationships)
    return template.render(
        title=page.title, caption=page.caption, credit=page.credit, version=_version(),
        legend=[{"label": r.label, "swatch": swatch(r)} for r in rows],
        aria_label=(f"Network diagram of {n} entities and {m} relationships; "
                    "the lists below give the same information as text."),
        relationships=content.relationships, sources=content.sources, open_limit=80,
        data=data, details=details,
        vis_js=_asset("pyvis", f"templates/lib/{VIS_VERSION}/vis-network.min.js"),
        page_css=_asset("watchgraph.render", "templates/graph.css"),
        page_js=_asset("watchgraph.render", "templates/graph.js"))


def _version() -> str:
    try:
        return metadata.version("watchgraph")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "dev"
