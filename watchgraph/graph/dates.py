"""Partial ISO dates (`2018`, `2018-12`, `2018-12-05`) and when a relationship held.

`validity` is the one rule for a relationship's window, used by render's date filters,
the property-graph columns `validFrom`/`validTo` (the Cypher `true-on-date` question) and
the RDF `wg:validFrom`/`wg:validTo`: it begins at `start`, else at `date`, and ends at
`end`, else at `date`; a side with neither is open. A date counts from its first day to
its last (`2018-12` runs from 2018-12-01 to 2018-12-31).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$", re.ASCII)  # not other scripts' digits


class DateValueError(ValueError):
    """A malformed or impossible partial date."""


@lru_cache(maxsize=8192)
def date_bounds(value: str) -> tuple[dt.date, dt.date]:
    """The first and last day a partial date (`2018`, `2018-12`, `2018-12-05`) covers.

    Raises DateValueError for a malformed or impossible date.
    """
    m = _DATE.fullmatch(value)
    if not m:
        raise DateValueError(f"malformed date {value!r}")
    year = int(m.group(1))
    if year < dt.MINYEAR:
        raise DateValueError(f"impossible date {value!r} (there is no year 0)")
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


def validity(props: Mapping[str, Any]) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day a relationship's start/end or date allow (None: open)."""
    first = props.get("start") or props.get("date")
    last = props.get("end") or props.get("date")
    return (date_bounds(str(first))[0] if first else None,
            date_bounds(str(last))[1] if last else None)
