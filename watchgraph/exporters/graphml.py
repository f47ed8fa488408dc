"""`watchgraph export graphml -o FILE`: GraphML for yEd, Cytoscape, Gephi and networkx.

Every entity is a node with `name`, `type`, `aliases` and its properties as data; every
relationship an edge with `type`, `status`, `sources` (the cited source ids) and its
properties, and `directed` (false for the undirected types, SHARES_DATA_WITH and MET_WITH:
a data value rather than GraphML's per-edge `directed="false"`, which networkx's reader
refuses in a directed graph). Keys are typed from the schema
(`int`, `double`, `boolean`, `string`); lists are joined with `; `.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from watchgraph.exporters.base import FileExporter
from watchgraph.exporters.xmltext import XML_TYPES, xml_text
from watchgraph.graph.schema import PropertySpec
from watchgraph.graph.store import KnowledgeGraph

NAMESPACE = "http://graphml.graphdrawing.org/xmlns"
GRAPHML_TYPES = XML_TYPES


def _text(value: Any) -> str:
    return escape(xml_text(value))


def _specs(props: Iterable[tuple[str, PropertySpec]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, spec in props:
        out.setdefault(name, GRAPHML_TYPES.get(spec.kind.column, "string"))
    return out


def _data(prefix: str, values: dict[str, Any], fh: IO[str]) -> None:
    for k, v in values.items():
        if v is not None and v != [] and v != ():
            fh.write(f"      <data key={quoteattr(prefix + k)}>{_text(v)}</data>\n")


def write_graphml(graph: KnowledgeGraph, fh: IO[str]) -> dict[str, int]:
    """Write the graph as GraphML to an open text file; return counts."""
    schema = graph.schema
    node_specs = {"name": "string", "type": "string", "aliases": "string",
                  **_specs((n, s) for n, s in schema.entity_properties.items()
                           if n not in ("name", "aliases")),
                  **_specs((n, s) for t in schema.entities.values() for n, s in t.properties.items())}
    edge_specs = {"type": "string", "directed": "boolean", "status": "string", "sources": "string",
                  **_specs(schema.relationship_properties.items()),
                  **_specs((n, s) for t in schema.relationships.values()
                           for n, s in t.properties.items())}
    fh.write('<?xml version="1.0" encoding="UTF-8"?>\n'
             f'<graphml xmlns="{NAMESPACE}">\n')
    for cls, prefix, specs in (("node", "n_", node_specs), ("edge", "e_", edge_specs)):
        for name, kind in specs.items():
            fh.write(f"  <key id={quoteattr(prefix + name)} for=\"{cls}\" "
                     f"attr.name={quoteattr(name)} attr.type=\"{kind}\"/>\n")
    fh.write('  <graph id="watchgraph" edgedefault="directed">\n')
    nodes = edges = 0
    for e in graph.entities():
        fh.write(f"    <node id={quoteattr(e.id)}>\n")
        _data("n_", {"name": e.name, "type": e.type, "aliases": list(e.aliases), **e.properties}, fh)
        fh.write("    </node>\n")
        nodes += 1
    for r in graph.relationships():
        fh.write(f"    <edge id={quoteattr(r.id)} source={quoteattr(r.source)} "
                 f"target={quoteattr(r.target)}>\n")
        _data("e_", {"type": r.type, "directed": schema.relationships[r.type].directed,
                     "status": r.status, "sources": r.sources(), **r.properties}, fh)
        fh.write("    </edge>\n")
        edges += 1
    fh.write("  </graph>\n</graphml>\n")
    return {"nodes": nodes, "edges": edges}


class GraphmlExporter(FileExporter):
    """`watchgraph export graphml`: GraphML with typed keys."""

    name = "graphml"
    summary = "GraphML for yEd, Cytoscape and networkx: types, statuses and properties as data."

    def write(self, graph: KnowledgeGraph, fh: IO[Any]) -> dict[str, int]:
        return write_graphml(graph, fh)
