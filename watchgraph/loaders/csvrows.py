"""What the loaders of public CSV datasets share (the Atlas of Surveillance, USAspending):
rows read by column name, one at a time, with their row and line numbers; rows skipped
with the reason, one line each; and a summary of a file's rows loaded and skipped.

A skipped row is a `Skipped` problem: a warning, an error when loading is strict. Rows
whose number of cells is not the header's, a file that ends inside a row or a quoted
cell, and a header with no rows under it each get their own message.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from watchgraph.errors import Problem
from watchgraph.graph.dates import DateValueError, date_bounds
from watchgraph.graph.types import bad_char
from watchgraph.loaders.registry import Skipped, SkipSummary

Row = dict[str, str]
Doc = dict[str, list[dict[str, Any]]]
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T][0-9:.]+Z?)?$")


def _lines(text: str) -> Iterator[str]:
    """The lines of a text with their line breaks, one at a time (csv needs the breaks to
    keep them inside quoted cells; a list of every line would double the file's memory)."""
    start = 0
    while True:
        end = text.find("\n", start) + 1
        if not end:
            if start < len(text):
                yield text[start:]
            return
        yield text[start:end]
        start = end


class RowReader:
    """Reads a CSV file's rows as mappings by column name; keeps what it skipped and why.

    The rows come from `text`, or, when it is empty and `path` is given, from the file
    itself, a line at a time, so that a large file's text is never in memory whole.
    `rows()` yields (row number, line, cells): the header is row 1, the first data row 2.
    A loader calls `skip()` for a row it cannot use, and adds `finish()` to its problems.
    """

    def __init__(self, text: str, display: str, path: Path | None = None) -> None:
        self.text = text.lstrip("\ufeff")
        self.path = path if not text else None
        self.display = display
        self.header: list[str] = []
        self.problems: list[Problem] = []
        self.read = 0
        self.why: Counter[str] = Counter()
        self.lines = 0  # lines read so far, for a decoding error's line

    def _source(self) -> Iterator[str]:
        if self.path is None:
            yield from _lines(self.text)
            return
        with open(self.path, "rb") as fh:  # decoded a line at a time: an error names its line
            for raw in fh:
                self.lines += 1
                yield raw.decode("utf-8").lstrip("\ufeff") if self.lines == 1 else raw.decode("utf-8")

    def rows(self) -> Iterator[tuple[int, int, Row]]:
        """Every data row whose cells match the header (the rest are skipped); the last
        row is held back until the next is read, to tell a file cut short."""
        reader = csv.reader(self._source(), strict=True)
        held: tuple[int, int, list[str]] | None = None
        try:
            self.header = [" ".join(c.split()) for c in next(reader, [])]
            line = reader.line_num + 1
            for cells in reader:
                if cells:
                    if held is not None and (row := self._row(*held, last=False)):
                        yield row
                    self.read += 1
                    held = (self.read + 1, line, cells)
                line = reader.line_num + 1
        except csv.Error as exc:
            self.read += 1
            hint = ("the file may be cut short, or a quote is not closed: download or export it "
                    "again" if "end of data" in str(exc) else "check the row's quotes")
            self.skip(self.read + 1, reader.line_num, f"{exc}; the rows after it cannot be read",
                      hint, "unreadable from there on")
        except UnicodeDecodeError as exc:
            self.problems.append(Problem(self.display, f"not UTF-8 (byte 0x{exc.object[exc.start]:02x})",
                                         "save the file as UTF-8", line=self.lines))
        if held is not None and (row := self._row(*held, last=True)):
            yield row

    def _row(self, number: int, line: int, cells: list[str], last: bool) -> tuple[int, int, Row] | None:
        if len(cells) == len(self.header):
            return number, line, dict(zip(self.header, cells, strict=True))
        if last and len(cells) < len(self.header):
            self.skip(number, line, f"the file ends inside row {number} ({len(cells)} of "
                      f"{len(self.header)} cells)", "the file may be cut short: download or "
                      "export it again", "the file ends inside it")
        else:
            self.skip(number, line, f"{len(cells)} cells, the header has {len(self.header)}",
                      "check the row's commas and quotes", "a wrong number of cells")
        return None

    def skip(self, number: int, line: int, message: str, hint: str, why: str) -> None:
        """Leave out one row: a Skipped problem naming it, counted under `why`."""
        self.why[why] += 1
        self.problems.append(Skipped(self.display, f"row {number} skipped: {message}", hint,
                                     line=line))

    def finish(self) -> list[Problem]:
        """The skipped rows' problems and, when any were skipped or there were none to
        read, the file's summary."""
        if not self.header:
            return [Problem(self.display, "the file is empty", "export the data again, with "
                            "its header row", line=1)]
        if self.read == 0:
            return [SkipSummary(self.display, "no rows under the header: nothing to load",
                                "check that the export or download holds data", line=1)]
        if not self.why:
            return self.problems
        skipped = sum(self.why.values())
        reasons = ", ".join(f"{n:,} {why}" for why, n in self.why.most_common())
        return [*self.problems, SkipSummary(
            self.display, f"{self.read - skipped:,} of {self.read:,} rows loaded, {skipped:,} "
            f"skipped ({reasons})", "each skipped row has a line of its own; strict loading "
            "makes them errors")]


def one_line(value: str | None) -> str:
    """A cell as one line: runs of white space (line breaks too) as one space."""
    return " ".join(value.split()) if value else ""


def unfit_text(*values: str) -> str | None:
    """The first control character in the values, as `U+XXXX` (None if there is none)."""
    if "".join(values).isprintable():
        return None
    for value in values:
        if not value.isprintable():
            bad = bad_char(value)
            if bad:
                return bad
    return None


@lru_cache(maxsize=1 << 16)
def iso_date(value: str) -> str | None:
    """`12/27/2012` or `2012-12-27` (a time after it ignored) as `2012-12-27`; None for
    anything else or an impossible date."""
    value = value.strip()
    m = _US_DATE.fullmatch(value)
    day = f"{m[3]}-{int(m[1]):02d}-{int(m[2]):02d}" if m else None
    if day is None:
        m = _ISO_DATE.fullmatch(value)
        day = f"{m[1]}-{m[2]}-{m[3]}" if m else None
    if day is None:
        return None
    try:
        date_bounds(day)
    except DateValueError:
        return None
    return day


class DocBuilder:
    """A document made from CSV rows, with the line each record came from (for `fill_lines`)."""

    def __init__(self, reader: RowReader) -> None:
        self.reader = reader
        self.doc: Doc = {"sources": [], "entities": [], "relationships": []}
        self.lines: dict[tuple[str, int], int] = {}

    def add(self, section: str, record: dict[str, Any], line: int) -> None:
        self.lines[(section, len(self.doc[section]))] = line
        self.doc[section].append(record)

    def skip_unfit(self, number: int, line: int, row: Row) -> bool:
        """Skip a row holding a control character (True when it was skipped)."""
        bad = unfit_text(*row.values())
        if bad:
            self.reader.skip(number, line, f"it holds a control character ({bad})", "remove it",
                             "a control character")
        return bad is not None


def fill_lines(problems: Sequence[Problem], lines: Mapping[tuple[str, int], int]) -> None:
    """Give each problem without a line its record's line (`(section, index)` in `lines`),
    else the header's."""
    for problem in problems:
        if problem.line is None:
            key = tuple(problem.path[:2]) if problem.path else ()
            problem.line = lines.get(key, 1) if len(key) == 2 else 1  # type: ignore[arg-type]
