"""The library functions behind the CLI commands, one each, same names."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from watchgraph import report
from watchgraph.exporters.base import ExportResult
from watchgraph.exporters.json import JsonExporter
from watchgraph.graph.select import Hop, shortest_paths
from watchgraph.graph.store import KnowledgeGraph
from watchgraph.loaders.yaml_loader import Dataset, load_dataset


def graph_from_dataset(ds: Dataset) -> KnowledgeGraph:
    """A KnowledgeGraph holding a validated dataset's records."""
    graph = KnowledgeGraph()
    for s in ds.sources.values():
        graph.add_source(s)
    for e in ds.entities.values():
        graph.add_entity(e)
    for r in ds.relationships.values():
        graph.add_relationship(r)
    return graph


def load(data: Sequence[str | Path] = (), bundled: bool = True,
         show_progress: bool = True) -> KnowledgeGraph:
    """Load, validate and build the graph from the bundled dataset and/or `data` paths.

    Raises DataError with every problem found.
    """
    return graph_from_dataset(load_dataset(data, bundled=bundled, show_progress=show_progress))


@dataclass
class Validation:
    """What a successful validation read."""

    files: int
    sources: int
    entities: int
    relationships: int

    def __str__(self) -> str:
        return report.validation_text(self.files, self.sources, self.entities, self.relationships)


def validate(data: Sequence[str | Path] = (), bundled: bool = True) -> Validation:
    """Validate the data; raises DataError listing every problem, else returns the counts."""
    ds = load_dataset(data, bundled=bundled)
    return Validation(len(ds.files), len(ds.sources), len(ds.entities), len(ds.relationships))


def stats(graph: KnowledgeGraph) -> str:
    """Counts by entity type, relationship type and status, and the sources, as text."""
    return report.stats_text(graph)


def show(graph: KnowledgeGraph, name: str) -> str:
    """The entity card of an id, name or alias: its relationships in and out with sources."""
    return report.entity_card(graph, graph.resolve(name).id)


def path(graph: KnowledgeGraph, a: str, b: str, max_hops: int = 4) -> list[list[Hop]]:
    """The shortest connections between two entities named by id, name or alias."""
    return shortest_paths(graph, graph.resolve(a).id, graph.resolve(b).id, max_hops=max_hops)


def path_text(graph: KnowledgeGraph, a: str, b: str, max_hops: int = 4) -> str:
    """The shortest connections between two entities, each hop with its evidence, as text."""
    paths = path(graph, a, b, max_hops)
    return report.paths_text(graph, graph.resolve(a).id, graph.resolve(b).id, paths)


def export_json(graph: KnowledgeGraph, output: str | Path) -> ExportResult:
    """Write the JSON interchange format to `output`, atomically."""
    return JsonExporter().export(graph, output)


@dataclass
class BuildResult:
    """The main job's outputs."""

    graph: KnowledgeGraph
    outputs: list[ExportResult] = field(default_factory=list)


def build(out_dir: str | Path = "out", data: Sequence[str | Path] = (),
          bundled: bool = True) -> BuildResult:
    """The main job: validate, build the graph, and write every output into `out_dir`."""
    graph = load(data, bundled=bundled)
    out = Path(out_dir)
    result = BuildResult(graph)
    result.outputs.append(export_json(graph, out / "graph.json"))
    return result
