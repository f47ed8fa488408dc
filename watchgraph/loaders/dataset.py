"""Loading a dataset: the input files, each read by its loader (parsed on every core,
through the parse cache), validated together, and every problem located by line."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from watchgraph.errors import DataError, Problem
from watchgraph.graph.schema import Schema, load_schema
from watchgraph.graph.store import KnowledgeGraph
from watchgraph.graph.validate import Dataset, Validator, Warnings
from watchgraph.loaders.inputs import BUNDLED_DISPLAY, bundled_data_dir, input_files, read_documents
from watchgraph.loaders.registry import Skipped, SkipSummary, loader_for
from watchgraph.loaders.resolve import Resolver
from watchgraph.nogc import paused_gc
from watchgraph.progress import progress_bar


def load_dataset(paths: Sequence[str | Path] = (), bundled: bool = True,
                 schema: Schema | None = None, show_progress: bool = True,
                 strict: bool = False, resolver: Resolver | None = None) -> Dataset:
    """Load and validate the bundled dataset and/or the given files and folders.

    Raises DataError listing every problem (located by file and line) when anything is
    wrong; returns the records otherwise, with warnings (located likewise) for what does
    not stop loading. `strict` makes those warnings errors; the bundled dataset is always
    checked strictly. Entities that are one are merged first (loaders/resolve.py); pass a
    `resolver` to see what it did.
    """
    # Loading makes millions of small objects that all live on: collecting them midway
    # costs a third of the time and frees nothing.
    with paused_gc():
        schema = schema or load_schema()
        return _load_dataset(paths, bundled, schema, show_progress, strict,
                             resolver or Resolver(schema))


def build_graph(ds: Dataset, schema: Schema | None = None) -> KnowledgeGraph:
    """A KnowledgeGraph holding a validated dataset's records (and its warnings)."""
    graph = KnowledgeGraph(schema)
    graph.warnings = ds.warnings  # not copied: the missing quotes become Problems when read
    graph.inputs = list(ds.inputs)
    with paused_gc():  # as in loading: every object made here lives on
        for s in ds.sources.values():
            graph.add_source(s)
        for e in ds.entities.values():
            graph.add_entity(e)
        for r in ds.relationships.values():
            graph.add_relationship(r)
    graph.loaded_from(ds.paths)
    return graph


def _load_dataset(paths: Sequence[str | Path], bundled: bool, schema: Schema,
                  show_progress: bool, strict: bool, resolver: Resolver) -> Dataset:
    skipped: list[Problem] = []
    files = input_files(paths, bundled, skipped)
    ds = Dataset(files=[d for _, d in files], paths=[p for p, _ in files],
                 inputs=[Path(p) for p in paths], warnings=Warnings(skipped))
    if bundled:
        ds.inputs.append(bundled_data_dir())
    checker = Validator(schema, ds)
    problems: list[Problem] = []
    docs = []
    with progress_bar("loading", total=len(files) * 2, enabled=show_progress) as advance:
        for (path, display), (doc, read_problems) in zip(files, read_documents(files), strict=True):
            for problem in read_problems:  # rows a loader skipped: warnings, errors if strict
                if not isinstance(problem, Skipped):
                    problems.append(problem)
                elif not strict:
                    ds.warnings.append(problem)
                elif not isinstance(problem, SkipSummary):
                    problems.append(problem)
            checker.file = display
            doc = resolver.take(path, display, doc)  # a crosswalk is not validated
            docs.append((path, display, checker.sections(doc) if doc is not None else None))
            for rpath, raw in (docs[-1][2] or {}).get("sources", ()):
                checker.source(rpath, raw)
            advance()
        resolution = resolver.resolve(docs)  # one entity, one node (loaders/resolve.py)
        problems += resolution.problems
        ds.warnings += resolution.warnings
        for _path, display, sections in docs:
            checker.file = display
            for rpath, raw in (sections or {}).get("entities", ()):
                checker.entity(rpath, raw)
        for _path, display, sections in docs:
            checker.file = display
            checker.require_quotes = strict or display.startswith(BUNDLED_DISPLAY)
            for rpath, raw in (sections or {}).get("relationships", ()):
                checker.relationship(rpath, raw)
            advance()
        problems += resolver.merge(checker, strict)  # what resolving took out, validated and merged
    problems += checker.problems
    if problems:
        locate(problems, files)
        raise DataError(problems)
    return ds


def locate(problems: list[Problem], files: Sequence[tuple[Path, str]]) -> None:
    """Give each problem its line (each file's loader reads it again for that, only for a
    file with a problem still without one), then put them in file and line order."""
    by_file = {display: path for path, display in files}
    for display in dict.fromkeys(p.file for p in problems if p.line is None):
        if display in by_file:
            path = by_file[display]
            loader_for(path).locate(path, [p for p in problems if p.file == display])
    problems.sort(key=lambda p: (p.file, p.line or 0))


def located_warnings(ds: Dataset) -> list[Problem]:
    """The dataset's warnings with their lines (found only when asked for: reading large
    files again for the lines of warnings nobody prints would cost more than loading)."""
    if any(w.line is None and w.path for w in ds.warnings):
        locate(ds.warnings, list(zip(ds.paths, ds.files, strict=True)))
    return ds.warnings
