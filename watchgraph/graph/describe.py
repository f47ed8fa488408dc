"""Facts as words, shared by the terminal reports and the rendered pages: counts, values,
dates, a relationship's properties and a source's reference line."""

from __future__ import annotations

from typing import Any

from watchgraph.graph.model import Relationship, Source
from watchgraph.graph.store import KnowledgeGraph

_SKIP = {"start", "end", "date", "note", "qualifier", "currency"}


def plural(n: int, word: str) -> str:
    """`1 source`, `2 sources`, `1,200 entities`."""
    if n == 1:
        return f"1 {word}"
    return f"{n:,} {word[:-1] + 'ies' if word.endswith('y') else word + 's'}"


def format_value(value: Any) -> str:
    """A property value as text: thousands separators, lists joined."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return str(value)


def when(props: dict[str, Any]) -> str:
    """The dates of a relationship: `2018-12 to 2019-03`, `since 2017`, `2018-06-15`."""
    start, end, date = props.get("start"), props.get("end"), props.get("date")
    if start and end:
        return f"{start} to {end}"
    if start:
        return f"since {start}"
    if end:
        return f"until {end}"
    return date or ""


def facts(graph: KnowledgeGraph, rel: Relationship) -> list[str]:
    """The relationship's properties as short `key: value` strings, ranges and money joined."""
    props = rel.properties
    out = []
    for key, value in props.items():
        if key in _SKIP or key.endswith("Max"):
            continue
        if key.endswith("Min"):
            hi = props.get(key[:-3] + "Max")
            text = format_value(value) if hi in (None, value) else \
                f"{format_value(value)} to {format_value(hi)}"
            out.append(f"{key[:-3]}: {text}")
        elif key == "amount":
            out.append(f"amount: {format_value(value)} {props.get('currency', '')}".rstrip())
        else:
            spec = graph.schema.relationship_property(rel.type, key)
            if spec is not None and spec.kind.is_ref:
                out.append(f"{key}: {graph.entity(value).name}")
            else:
                out.append(f"{key}: {spec.kind.display(value) if spec else format_value(value)}")
    return out


def source_line(s: Source) -> str:
    """`Publisher, "Title" (date). url`"""
    text = f'{s.publisher}, "{s.title}"'
    if s.published:
        text += f" ({s.published})"
    if s.url:
        text += f". {s.url}"
    return text
