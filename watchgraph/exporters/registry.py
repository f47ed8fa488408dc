"""The exporter registry: every export target by name. `api.export`, `api.build` and the
CLI's `export` commands go through it; adding a target is one module and one line here."""

from __future__ import annotations

from importlib import import_module

from watchgraph.errors import UsageError
from watchgraph.exporters.base import Exporter

EXPORTERS = {
    "json": "watchgraph.exporters.json:JsonExporter",
    "rdf": "watchgraph.exporters.rdf:RdfExporter",
    "neo4j": "watchgraph.exporters.neo4j:Neo4jExporter",
    "neo4j-import": "watchgraph.exporters.neo4j_import:Neo4jImportExporter",
    "ftm": "watchgraph.exporters.ftm:FtmExporter",
    "gexf": "watchgraph.exporters.gexf:GexfExporter",
    "graphml": "watchgraph.exporters.graphml:GraphmlExporter",
    "csv": "watchgraph.exporters.csv:CsvExporter",
}


def exporter_names() -> list[str]:
    """Every export target's name."""
    return list(EXPORTERS)


def exporter_class(name: str) -> type[Exporter]:
    """The exporter of this name; UsageError for an unknown one."""
    ref = EXPORTERS.get(name)
    if ref is None:
        raise UsageError(f"no export target {name!r}; use one of {', '.join(EXPORTERS)}",
                         param="target")
    module, _, cls = ref.partition(":")
    exporter: type[Exporter] = getattr(import_module(module), cls)
    return exporter
