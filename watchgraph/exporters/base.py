"""The one exporter interface: every export target implements `Exporter`."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, ClassVar

from watchgraph.graph.store import KnowledgeGraph
from watchgraph.output import Written, atomic_write

ExportResult = Written
"""What an export wrote: where, and how many of what."""


class Exporter(ABC):
    """Writes a KnowledgeGraph to one target (a file, a folder or a server)."""

    name: ClassVar[str]

    @abstractmethod
    def export(self, graph: KnowledgeGraph, target: Any) -> ExportResult:
        """Write the graph; return what was written."""


class FileExporter(Exporter):
    """An exporter that writes one file, atomically."""

    binary: ClassVar[bool] = False

    @abstractmethod
    def write(self, graph: KnowledgeGraph, fh: IO) -> dict[str, int]:
        """Write the graph to an open file; return counts."""

    def export(self, graph: KnowledgeGraph, target: str | Path) -> ExportResult:
        with atomic_write(target, "wb" if self.binary else "w") as fh:
            counts = self.write(graph, fh)
        return ExportResult(str(target), counts)
