"""Records: Source, Citation, Entity, Relationship, and partial ISO dates."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

INTERCHANGE_FORMAT = "watchgraph-json"
"""The `format` field of the JSON interchange format."""

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class DateValueError(ValueError):
    """A malformed or impossible partial date."""


@lru_cache(maxsize=8192)
def date_bounds(value: str) -> tuple[dt.date, dt.date]:
    """The first and last day a partial date (`2018`, `2018-12`, `2018-12-05`) covers.

    Raises DateValueError for a malformed or impossible date.
    """
    m = _DATE.match(value)
    if not m:
        raise DateValueError(f"malformed date {value!r}")
    year = int(m.group(1))
    if m.group(2) is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    month = int(m.group(2))
    if not 1 <= month <= 12:
        raise DateValueError(f"impossible date {value!r} (there is no month {month})")
    last = calendar.monthrange(year, month)[1]
    if m.group(3) is None:
        return dt.date(year, month, 1), dt.date(year, month, last)
    day = int(m.group(3))
    if not 1 <= day <= last:
        raise DateValueError(
            f"impossible date {value!r} ({calendar.month_name[month]} {year} has {last} days)")
    d = dt.date(year, month, day)
    return d, d


def date_precision(value: str) -> str:
    """`year`, `month` or `day`."""
    return {4: "year", 7: "month", 10: "day"}[len(value)]


@dataclass(frozen=True, slots=True)
class Source:
    """A document that evidence comes from."""

    id: str
    title: str
    publisher: str
    kind: str
    published: str | None = None
    url: str | None = None
    archiveUrl: str | None = None
    author: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Citation:
    """A relationship's pointer to a source, with its stance and a note in our words."""

    source: str
    stance: str = "supports"
    locator: str | None = None
    note: str | None = None
    quote: str | None = None


@dataclass(frozen=True, slots=True)
class Entity:
    """A node: an agency, company, product, person, organization, policy, event or dataset."""

    id: str
    type: str
    name: str
    aliases: tuple[str, ...] = ()
    properties: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Relationship:
    """An edge with its status and the citations that carry its evidence."""

    id: str
    type: str
    source: str
    target: str
    status: str
    citations: tuple[Citation, ...]
    properties: dict[str, Any] = field(default_factory=dict)

    def sources(self) -> list[str]:
        """The ids of the cited sources, in citation order, without repeats."""
        return list(dict.fromkeys(c.source for c in self.citations))


def relationship_id(type_name: str, source: str, target: str, qualifier: str | None,
                    directed: bool = True) -> str:
    """The deterministic id of a relationship: `type:from-id:to-id[:qualifier]`.

    Undirected relationships put their endpoints in order, so A-B and B-A share an id.
    """
    if not directed and target < source:
        source, target = target, source
    rid = f"{type_name.lower()}:{source}:{target}"
    return f"{rid}:{qualifier}" if qualifier else rid
