"""The one exporter interface: an exporter is built with its options and writes the graph
with `export(graph)`; each declares its options (`Option`), from which the CLI makes its
`watchgraph export NAME` command, and, when `build` writes it, its name under `out/`."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, ClassVar

from watchgraph.graph.store import KnowledgeGraph
from watchgraph.output import Written, atomic_write

ExportResult = Written
"""What an export wrote: where, and how many of what."""


@dataclass(frozen=True)
class Option:
    """One option of an exporter: a keyword argument of its constructor.

    `kind` is `text`, `int` (at least `min`), `file`, `folder`, `choice` (one of
    `choices`) or `flag`; `envvar` names an environment variable that supplies it.
    """

    name: str
    help: str
    kind: str = "text"
    default: Any = None
    required: bool = False
    choices: tuple[str, ...] = ()
    envvar: str | None = None
    min: int | None = None
    show_default: bool = False


OUTPUT_FILE = Option("output", "The file to write (replaced atomically).", "file", required=True)
OUTPUT_FOLDER = Option("output", "The folder to write (replaced atomically).", "folder",
                       required=True)


class Exporter(ABC):
    """Writes a KnowledgeGraph to one target (a file, a folder or a server)."""

    name: ClassVar[str]
    summary: ClassVar[str]
    """One line: what the export is (the command's help)."""
    options: ClassVar[tuple[Option, ...]] = ()
    build_output: ClassVar[str | None] = None
    """The file or folder `build` writes with this exporter under its folder, if any."""

    @abstractmethod
    def export(self, graph: KnowledgeGraph) -> ExportResult:
        """Write the graph; return what was written."""


class FileExporter(Exporter):
    """An exporter that writes one file, atomically."""

    binary: ClassVar[bool] = False
    options: ClassVar[tuple[Option, ...]] = (OUTPUT_FILE,)

    def __init__(self, output: str | Path) -> None:
        self.output = Path(output)

    @abstractmethod
    def write(self, graph: KnowledgeGraph, fh: IO[Any]) -> dict[str, int]:
        """Write the graph to an open file; return counts."""

    def export(self, graph: KnowledgeGraph) -> ExportResult:
        with atomic_write(self.output, "wb" if self.binary else "w") as fh:
            counts = self.write(graph, fh)
        return ExportResult(str(self.output), counts)
