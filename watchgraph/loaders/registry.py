"""The loader registry: which loader reads a file, by its suffix and, for CSV, by its
header row.

A loader turns one file into a document in the data format (plain mappings and lists:
`sources`, `entities`, `relationships`), which the graph's validator then checks like any
other; it reports what stopped it as Problems. Adding an input format is one module with
a `Loader` subclass and one line in `LOADERS`.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from importlib import import_module
from pathlib import Path
from typing import Any, ClassVar

from watchgraph.errors import Problem

CSV = (".csv",)

LOADERS: dict[str, tuple[str, ...]] = {
    "watchgraph.loaders.yaml_loader:YamlLoader": (".yaml", ".yml"),
    "watchgraph.loaders.json_loader:JsonLoader": (".json",),
    "watchgraph.loaders.rdf_loader:RdfLoader": (".ttl", ".nt", ".jsonld", ".trig"),
    "watchgraph.loaders.private_eyes:AgencyList": CSV,
    "watchgraph.loaders.private_eyes:AccessList": CSV,
    "watchgraph.loaders.private_eyes:LatestUsage": CSV,
    "watchgraph.loaders.private_eyes:Policies": CSV,
    "watchgraph.loaders.private_eyes_survey:NcSurvey": CSV,
    "watchgraph.loaders.private_eyes_survey:UrlChecks": CSV,
    "watchgraph.loaders.ftm_loader:FtmLoader": (".ftm.json", ".ftm.jsonl", ".jsonl"),
    "watchgraph.loaders.crosswalk:CrosswalkLoader": CSV,
    "watchgraph.loaders.spreadsheet:SheetSources": CSV,
    "watchgraph.loaders.spreadsheet:SheetEntities": CSV,
    "watchgraph.loaders.spreadsheet:SheetRelationships": CSV,
    "watchgraph.loaders.spreadsheet:SheetCitations": CSV,
    "watchgraph.loaders.atlas:AtlasLoader": CSV,
    "watchgraph.loaders.usaspending:AwardSummaries": CSV,
    "watchgraph.loaders.usaspending:Transactions": CSV,
}
"""Every built-in loader, as `module:Class`, with the file suffixes it claims. The
suffixes are written here, not on the classes (a class gets them from here when it is
made), so that finding which loaders may read a file imports only those."""

NAMED_ONLY = frozenset({"watchgraph.loaders.rdf_loader:RdfLoader"})
"""The loaders that read a file only when it is named on its own, never from a folder."""

FALLBACK, FALLBACK_SUFFIX = "yaml", ".yaml"
"""The loader of a file named on its own whose suffix no loader claims (and its suffix)."""


class Loader:
    """Reads one kind of input file into a document in the data format."""

    name: ClassVar[str]
    suffixes: ClassVar[tuple[str, ...]] = ()  # a built-in loader's come from LOADERS
    in_folders: ClassVar[bool] = True  # found in a data folder, not only when named
    columns: ClassVar[frozenset[str]] = frozenset()  # CSV: the header names that identify it
    streams: ClassVar[bool] = False
    """Whether `read` reads the file itself, a line at a time, when given no text (so that
    a large file's text is never in memory whole)."""
    sample: ClassVar[str | None] = None
    """A small valid file (its text), which tests/test_fuzz.py mutates; a loader without one
    needs an entry in that harness's SAMPLES."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        ref = f"{cls.__module__}:{cls.__qualname__}"
        if ref in LOADERS:
            cls.suffixes = LOADERS[ref]
            cls.in_folders = ref not in NAMED_ONLY

    @classmethod
    def sniff(cls, first_line: str) -> bool:
        """Whether a file whose suffix another loader claims is this loader's, by its
        first line (FtM JSON lines named `.json`)."""
        return False

    def read(self, path: Path, text: str, display: str) -> tuple[Any, list[Problem]]:
        """The document, or None and the problems that stopped it."""
        raise NotImplementedError

    def depends_on(self, path: Path) -> list[Path]:
        """Other files the document read from `path` depends on (for the parse cache)."""
        return []

    def locate(self, path: Path, problems: Sequence[Problem]) -> None:
        """Fill in the line of each problem from its path into the document (in place);
        a loader that cannot tells the first line."""
        for problem in problems:
            if problem.line is None:
                problem.line = 1


class Skipped(Problem):
    """A row (or a value) a loader left out, and why: a warning, or an error when loading
    is strict."""


class SkipSummary(Skipped):
    """How many of a file's rows a loader loaded and skipped, and why: a warning, left out
    when loading is strict (the skipped rows are errors then)."""


def one_line(text: str) -> str:
    """A parser's message as one line: line breaks and other control characters escaped."""
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text)


_EXTRA: list[type[Loader]] = []


def register(cls: type[Loader]) -> type[Loader]:
    """Add a loader besides the built-in ones (a class decorator, e.g. for a plugin)."""
    _EXTRA.append(cls)
    return cls


def _load(ref: str) -> Loader:
    module, _, name = ref.partition(":")
    cls: type[Loader] = getattr(import_module(module), name)
    return cls()


def loaders(file_name: str | None = None) -> list[Loader]:
    """One instance of every registered loader, built-in ones first; with `file_name` (in
    lower case), only those claiming a suffix it ends with (imported only then)."""
    def claims(suffixes: tuple[str, ...]) -> bool:
        return file_name is None or any(file_name.endswith(s) for s in suffixes)

    return [*(_load(ref) for ref, suffixes in LOADERS.items() if claims(suffixes)),
            *(cls() for cls in _EXTRA if claims(cls.suffixes))]


def data_suffixes() -> set[str]:
    """The suffixes of the files a data folder is searched for."""
    return {*(s for ref, suffixes in LOADERS.items() if ref not in NAMED_ONLY for s in suffixes),
            *(s for cls in _EXTRA if cls.in_folders for s in cls.suffixes)}


def _header(text: str) -> set[str]:
    first = re.split("[\r\n]", text.lstrip("\ufeff"), maxsplit=1)[0]
    try:
        return {c.strip() for c in next(csv.reader([first]), [])}
    except csv.Error:  # e.g. a stray quote: no kind's header
        return set()


def _first_line(path: Path, text: str) -> str:
    if text:
        return text.split("\n", 1)[0]
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.readline(1 << 20)
    except (OSError, UnicodeDecodeError):
        return ""


def loader_for(path: Path, text: str = "") -> Loader:
    """The loader for a file: by the longest suffix its name ends with (`.ftm.json` before
    `.json`); a `.json` file whose first line a loader's `sniff` recognizes is that
    loader's; for `.csv`, the one whose columns the header row has (the most specific
    first)."""
    lower = path.name.lower()
    candidates = sorted(loaders(lower), key=lambda loader: -max(len(s) for s in loader.suffixes
                                                                if lower.endswith(s)))
    if path.suffix.lower() == ".json":
        first = _first_line(path, text)
        sniffed = [loader for loader in loaders() if loader.sniff(first)]
        if sniffed:
            return sniffed[0]
    if path.suffix.lower() == ".csv":
        header = _header(_first_line(path, text))  # no text, e.g. to locate problems: the file's
        fits = [c for c in candidates if c.columns and c.columns <= header]
        candidates = sorted(fits, key=lambda c: -len(c.columns))
        if not candidates:
            return UnknownCsv()
    if candidates:
        return candidates[0]
    return next(loader for loader in loaders(FALLBACK_SUFFIX) if loader.name == FALLBACK)


class UnknownCsv(Loader):
    """A CSV whose header row no loader recognizes."""

    name = "unknown-csv"

    def read(self, path: Path, text: str, display: str) -> tuple[Any, list[Problem]]:
        first = re.split("[\r\n]", _first_line(path, text).lstrip("\ufeff"), maxsplit=1)[0]
        if not first.strip():
            return None, [Problem(display, "the file is empty" if not text.strip() else
                                  "the first line is empty", "the first line must be the "
                                  "header row", line=1)]
        for sep, what in ((";", "semicolons (;)"), ("\t", "tabs"), ("|", "vertical bars (|)")):
            cells = {c.strip().strip('"') for c in first.split(sep)}
            kinds = [loader.name for loader in loaders()
                     if loader.columns and len(cells) > 1 and loader.columns <= cells]
            if kinds or first.count(sep) > first.count(","):
                whose = f" (they are those of the {kinds[0]} loader)" if kinds else ""
                return None, [Problem(display, f"the columns are separated by {what}, not "
                                      f"commas{whose}", "save or export the file as CSV with "
                                      "commas between the columns", line=1)]
        known = [f"{loader.name} ({', '.join(sorted(loader.columns))})"
                 for loader in loaders() if loader.columns]
        hint = ("the header row must name the columns of a known kind: " + "; ".join(known)
                if known else "no loader reads CSV files yet")
        return None, [Problem(display, "a CSV file of an unknown kind", hint, line=1)]
