"""`watchgraph export gexf -o FILE`: a dynamic GEXF 1.3 graph for Gephi.

Every entity is a node (label: its name) with `type`, `aliases` and its properties as
attributes (lists joined with `; `); every relationship an edge (label and `kind`: its type) with `status`,
`sources` (the cited source ids) and its properties. Edges of undirected types (SHARES_DATA_WITH, MET_WITH) are
`mutual`: GEXF's both-ways edge, which a directed graph may hold (an `undirected` edge in a
directed graph is refused by networkx's reader). The graph is dynamic: a relationship's `start`/`end` (or its `date`) become
the edge's `start` and `end`, as the first and last day the partial dates cover
(`2018-12` starts on 2018-12-01 and ends on 2018-12-31), so Gephi's timeline shows each
relationship while it held; a relationship without dates is always there. The dates as
written stay attributes too.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any
from xml.sax.saxutils import quoteattr

from watchgraph.exporters.base import FileExporter
from watchgraph.exporters.xmltext import XML_TYPES, xml_text
from watchgraph.graph.dates import validity
from watchgraph.graph.schema import PropertySpec
from watchgraph.graph.store import KnowledgeGraph

NAMESPACE = "http://gexf.net/1.3"
GEXF_TYPES = XML_TYPES


def _attr(value: Any) -> str:
    """A value as a quoted XML attribute."""
    return quoteattr(xml_text(value))


def _declare(cls: str, specs: dict[str, str], fh: IO[str]) -> None:
    fh.write(f'    <attributes class="{cls}">\n')
    for name, kind in specs.items():
        fh.write(f"      <attribute id={_attr(name)} title={_attr(name)} type=\"{kind}\"/>\n")
    fh.write("    </attributes>\n")


def _specs(props: Iterable[tuple[str, PropertySpec]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, spec in props:
        out.setdefault(name, GEXF_TYPES.get(spec.kind.column, "string"))
    return out


def _values(values: dict[str, Any], fh: IO[str]) -> None:
    present = [(k, v) for k, v in values.items() if v is not None and v != [] and v != ()]
    if not present:
        return
    fh.write("        <attvalues>\n")
    for k, v in present:
        fh.write(f"          <attvalue for={_attr(k)} value={_attr(v)}/>\n")
    fh.write("        </attvalues>\n")


def write_gexf(graph: KnowledgeGraph, fh: IO[str]) -> dict[str, int]:
    """Write the graph as GEXF 1.3 to an open text file; return counts."""
    schema = graph.schema
    node_specs = {"type": "string", "aliases": "string",
                  **_specs((n, s) for n, s in schema.entity_properties.items()
                           if n not in ("name", "aliases")),
                  **_specs((n, s) for t in schema.entities.values() for n, s in t.properties.items())}
    edge_specs = {"type": "string", "status": "string", "sources": "string",
                  **_specs(schema.relationship_properties.items()),
                  **_specs((n, s) for t in schema.relationships.values()
                           for n, s in t.properties.items())}
    fh.write('<?xml version="1.0" encoding="UTF-8"?>\n'
             f'<gexf xmlns="{NAMESPACE}" version="1.3">\n'
             '  <meta>\n    <creator>watchgraph</creator>\n'
             '    <description>Agencies, vendors, products and the evidence for each '
             'relationship</description>\n  </meta>\n'
             '  <graph defaultedgetype="directed" mode="dynamic" timeformat="date" '
             'timerepresentation="interval">\n')
    _declare("node", node_specs, fh)
    _declare("edge", edge_specs, fh)
    fh.write("    <nodes>\n")
    nodes = 0
    for e in graph.entities():
        fh.write(f"      <node id={_attr(e.id)} label={_attr(e.name)}>\n")
        _values({"type": e.type, "aliases": list(e.aliases), **e.properties}, fh)
        fh.write("      </node>\n")
        nodes += 1
    fh.write("    </nodes>\n    <edges>\n")
    edges = 0
    for r in graph.relationships():
        first, last = validity(r.properties)
        when = (f" start=\"{first.isoformat()}\"" if first else "") + \
               (f" end=\"{last.isoformat()}\"" if last else "")
        kind = "" if schema.relationships[r.type].directed else ' type="mutual"'
        fh.write(f"      <edge id={_attr(r.id)} source={_attr(r.source)} "
                 f"target={_attr(r.target)}{kind} kind={_attr(r.type)} "
                 f"label={_attr(r.type)}{when}>\n")
        _values({"type": r.type, "status": r.status, "sources": r.sources(), **r.properties}, fh)
        fh.write("      </edge>\n")
        edges += 1
    fh.write("    </edges>\n  </graph>\n</gexf>\n")
    return {"nodes": nodes, "edges": edges}


class GexfExporter(FileExporter):
    """`watchgraph export gexf`: a dynamic GEXF 1.3 file for Gephi."""

    name = "gexf"
    summary = ("GEXF 1.3 for Gephi: dynamic (relationship start and end as time intervals), "
               "types and statuses as attributes.")

    def write(self, graph: KnowledgeGraph, fh: IO[Any]) -> dict[str, int]:
        return write_gexf(graph, fh)
