"""Query results: the same plain Python values from every engine, and their rendering.

An engine returns a `Result`: column names and rows of plain values (str, int, float,
bool, None, lists, and dicts for nodes, relationships and maps), so that the same query
gives equal rows on Neo4j and on the embedded engine. `format_result` writes a result as an
aligned text table, CSV or JSON; on a terminal, `table` is drawn with rich.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from watchgraph.errors import WatchgraphError

FORMATS = ("table", "csv", "json")


class QueryError(WatchgraphError):
    """A query an engine refused: a syntax error, an unknown name, a type mismatch."""


@dataclass
class Result:
    """Column names and rows of plain values, in the order the query returned them."""

    columns: list[str]
    rows: list[tuple[Any, ...]] = field(default_factory=list)

    def records(self) -> list[dict[str, Any]]:
        """The rows as dicts keyed by column name."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def column(self, name: str) -> list[Any]:
        """Every row's value in one column."""
        i = self.columns.index(name)
        return [row[i] for row in self.rows]

    def __str__(self) -> str:
        return format_result(self, "table")


def cell(value: Any) -> str:
    """One value as text: integral floats without `.0`, lists joined with `; `, nulls empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, (list, tuple)):
        if any(isinstance(v, (list, tuple, dict)) for v in value):
            return json.dumps(value, ensure_ascii=False, default=str)
        return "; ".join(cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def _plain_table(result: Result) -> str:
    grid = [list(result.columns)] + [[cell(v).replace("\n", " ") for v in row]
                                     for row in result.rows]
    widths = [max(len(r[i]) for r in grid) for i in range(len(result.columns))]
    lines = ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in grid]
    if not result.rows:
        lines.append("(no rows)")
    return "\n".join(lines) + "\n"


def _rich_table(result: Result) -> str:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False, caption=f"{len(result.rows)} row"
                  + ("" if len(result.rows) == 1 else "s"))
    for name in result.columns:
        table.add_column(name, overflow="fold")
    for row in result.rows:
        table.add_row(*(cell(v) for v in row))
    buf = io.StringIO()
    Console(file=buf, force_terminal=True).print(table)
    return buf.getvalue()


def _csv(result: Result) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(result.columns)
    writer.writerows([cell(v) for v in row] for row in result.rows)
    return buf.getvalue()


def _json(result: Result) -> str:
    return json.dumps({"columns": result.columns, "rows": result.records()},
                      ensure_ascii=False, indent=2, default=cell) + "\n"


def format_result(result: Result, fmt: str = "table", terminal: bool = False) -> str:
    """The result as `table` (rich on a terminal, plain aligned text otherwise), `csv`
    (lists joined with `; `) or `json` (`{"columns": [...], "rows": [{...}, ...]}`)."""
    if fmt == "csv":
        return _csv(result)
    if fmt == "json":
        return _json(result)
    return _rich_table(result) if terminal else _plain_table(result)


R = TypeVar("R", bound=Sequence[Any])


def ordered(rows: Sequence[R], names: Sequence[str], order: tuple[tuple[str, bool], ...],
            plain: Callable[[Any], Any] = lambda v: v) -> list[R]:
    """The rows sorted by `order` ((column, descending) pairs), ties broken by the other
    columns in turn; an empty value sorts last either way (the largest amounts first, then
    those with none). `plain` makes a cell a plain value first (a SPARQL term, for instance)."""
    first = [names.index(n) for n, _ in order]
    keys = [(i, desc) for (_, desc), i in zip(order, first, strict=True)]
    keys += [(i, False) for i in range(len(names)) if i not in first]
    out = list(rows)
    for i, desc in reversed(keys):  # stable sorts, the last key first
        out.sort(key=lambda row: _sort_key(plain(row[i]), desc), reverse=desc)
    return out


def _sort_key(v: Any, desc: bool) -> tuple[int, int, Any]:
    """Empty values after the rest (in a descending sort too); numbers before text, each
    compared as such."""
    if v is None or v == "" or v == []:
        return (0 if desc else 1, 0, "")
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return (1 if desc else 0, 0, v)
    return (1 if desc else 0, 1, cell(v))
