"""The crosswalk: a curator's decisions on which entities are one and which are not, kept
in a CSV file read with the data (`--data crosswalk.csv`, or found in a data folder).

    entity,relation,other,decided_by,reason
    agency:dallas-pd,same_as,agency:dallas-police-dept-tx,A. Curator,same ORI TXDPD0000 in the Atlas
    agency:miami-pd,not_same_as,agency:miami-dade-fl-pd,A. Curator,city and county police

Recognized by its header row (other columns are ignored). `entity` and `other` are entity
ids as the data files write them (before resolution); `relation` is `same_as` (merge them,
whatever the rules say) or `not_same_as` (never merge them by a rule); `decided_by` (who)
and `reason` (why) are required. `watchgraph dedupe --write-crosswalk` appends to it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from watchgraph.errors import Problem, UsageError, param
from watchgraph.graph.identity import SLUG
from watchgraph.loaders.registry import Loader, loader_for
from watchgraph.output import atomic_write

COLUMNS = ("entity", "relation", "other", "decided_by", "reason")
RELATIONS = ("same_as", "not_same_as")
SECTION = "crosswalk"
"""The key of the crosswalk's rows in the document its loader reads (taken out before
validation: see loaders/resolve.py)."""


@dataclass(frozen=True)
class Decision:
    """One row of a crosswalk: `entity` is (`same_as`) or is not (`not_same_as`) `other`."""

    entity: str
    relation: str
    other: str
    decided_by: str
    reason: str
    file: str = ""
    line: int | None = None

    def pair(self) -> tuple[str, str]:
        """The two ids, in order."""
        a, b = sorted((self.entity, self.other))
        return a, b


def _is_id(value: str) -> bool:
    prefix, _, slug = value.partition(":")
    return bool(prefix) and bool(SLUG.match(prefix)) and bool(SLUG.match(slug))


class CrosswalkLoader(Loader):
    """`entity,relation,other,decided_by,reason`: a curator's same_as / not_same_as pairs."""

    name = "crosswalk"
    columns = frozenset(COLUMNS)
    sample = ("entity,relation,other,decided_by,reason\n"
              "agency:nypd,not_same_as,agency:nyc-dept-of-investigation,A. Curator,"
              "two bodies\n")

    def read(self, path: Path, text: str, display: str) -> tuple[Any, list[Problem]]:
        reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
        header = [c.strip() for c in next(reader, [])]
        rows: list[dict[str, Any]] = []
        problems: list[Problem] = []
        line = reader.line_num + 1
        try:
            for number, cells in enumerate(reader, start=2):
                if any(c.strip() for c in cells):
                    row = {h: c.strip() for h, c in zip(header, cells, strict=False)}
                    problem = _check(row, number, len(cells), len(header))
                    if problem:
                        problems.append(Problem(display, problem[0], problem[1], line=line))
                    else:
                        rows.append({**{c: row[c] for c in COLUMNS}, "line": line})
                line = reader.line_num + 1
        except csv.Error as exc:
            problems.append(Problem(display, f"CSV error: {exc}", "check the quotes on this "
                                    "line", line=line))
        return {SECTION: rows}, problems


def _check(row: dict[str, str], number: int, cells: int, columns: int) -> tuple[str, str] | None:
    """What is wrong with a crosswalk row, as (message, hint), or None."""
    if cells != columns:
        return (f"row {number} has {cells} cells, the header {columns}",
                "check the row's commas and quotes")
    for column in ("entity", "other"):
        if not _is_id(row[column]):
            return (f"row {number}: {column} {row[column]!r} is not an entity id",
                    "write the id as the data files do, e.g. agency:dallas-pd")
    if row["relation"] not in RELATIONS:
        return (f"row {number}: relation {row['relation']!r} is neither same_as nor not_same_as",
                "write same_as or not_same_as")
    if row["entity"] == row["other"]:
        return f"row {number} pairs {row['entity']!r} with itself", "name two entities"
    for column in ("decided_by", "reason"):
        if not row[column]:
            return (f"row {number} has no {column}",
                    "say who decided and why: a crosswalk decision is a curator's")
    return None


def decisions(document: Any, display: str) -> list[Decision]:
    """The decisions of a document the crosswalk loader read."""
    return [Decision(r["entity"], r["relation"], r["other"], r["decided_by"], r["reason"],
                     display, r["line"]) for r in document.get(SECTION, ())]


def is_crosswalk(path: Path) -> bool:
    """Whether a file is a crosswalk (by its header row)."""
    return isinstance(loader_for(path), CrosswalkLoader)


def read_crosswalks(paths: Iterable[Path]) -> list[Decision]:
    """Every decision in those of `paths` that are crosswalks (rows with problems left out:
    loading the data reports them)."""
    found: list[Decision] = []
    for path in paths:
        if path.suffix.lower() == ".csv" and is_crosswalk(path):
            doc, _ = CrosswalkLoader().read(path, path.read_text("utf-8"), str(path))
            found += decisions(doc, str(path))
    return found


def append(path: str | Path, rows: Sequence[Decision]) -> int:
    """Append decisions to a crosswalk file (made with its header if it does not exist),
    atomically; rows it already holds are not written twice. Returns how many were added.
    UsageError (naming `write_crosswalk`) for a file that is not a crosswalk."""
    target = Path(path)
    text = ""
    if target.exists():
        try:
            text = target.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"{param('write_crosswalk')} {path}: cannot read it ({exc})",
                             param="write_crosswalk") from None
        if text.strip() and not is_crosswalk(target):
            raise UsageError(f"{param('write_crosswalk')} {path} is not a crosswalk (its header "
                             f"row is not {','.join(COLUMNS)}); name a new file or a crosswalk",
                             param="write_crosswalk")
    held: set[tuple[tuple[str, str], str]] = set()
    if text.strip() and target.suffix.lower() == ".csv":  # the text read and checked above
        doc, _ = CrosswalkLoader().read(target, text, str(target))
        held = {(d.pair(), d.relation) for d in decisions(doc, str(target))}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if not text.strip():
        writer.writerow(COLUMNS)
    elif not text.endswith("\n"):
        out.write("\n")
    added = 0
    for d in rows:
        if (d.pair(), d.relation) in held:
            continue
        held.add((d.pair(), d.relation))
        writer.writerow([d.entity, d.relation, d.other, d.decided_by, d.reason])
        added += 1
    with atomic_write(target) as fh:
        fh.write(text + out.getvalue())
    return added
