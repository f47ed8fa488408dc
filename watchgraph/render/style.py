"""Styling shared by the HTML and the static images, derived from schema.yaml.

Entity colours, shapes and labels and relationship labels and directions come from the
schema; this module adds what the schema leaves to presentation: a line style per status,
sizes by degree, wrapped labels and readable text colours.
"""

from __future__ import annotations

import math
import textwrap
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from watchgraph.graph.model import Relationship
from watchgraph.graph.schema import Schema

LABEL_INSIDE = frozenset({"box", "ellipse", "database", "circle", "text"})
"""vis-network shapes that draw their label inside the shape (sized by the label)."""


@dataclass(frozen=True)
class StatusStyle:
    """How a relationship of one status is drawn."""

    color: str
    width: float
    dashes: tuple[int, ...] = ()
    """On/off lengths in pixels; empty for a solid line."""
    words: str = "solid"
    """The line style in words, for the legend and the text lists."""


STATUS_STYLES: dict[str, StatusStyle] = {
    "confirmed": StatusStyle("#2b2b2b", 2.6, (), "thick solid line"),
    "reported": StatusStyle("#8c8c8c", 1.4, (), "thin solid line"),
    "alleged": StatusStyle("#6b6b6b", 1.6, (10, 6), "dashed line"),
    "disputed": StatusStyle("#3d3d3d", 2.2, (10, 4, 2, 4), "dash-dot line"),
    "denied": StatusStyle("#9a9a9a", 1.6, (2, 5), "dotted line"),
}
_FALLBACK = StatusStyle("#8c8c8c", 1.4, (6, 6), "dashed line")


def status_style(status: str) -> StatusStyle:
    """The line style of a status (a status the schema adds later gets a dashed grey line)."""
    return STATUS_STYLES.get(status, _FALLBACK)


def darker(color: str, factor: float = 0.7) -> str:
    """A darker shade of a `#rrggbb` colour, for borders."""
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(int(c * factor) for c in (r, g, b)))


def text_color(background: str) -> str:
    """Black or white, whichever reads better on the background (WCAG relative luminance)."""
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(int(background[i:i + 2], 16)) for i in (1, 3, 5))
    lum = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#000000" if (lum + 0.05) / 0.05 > 1.05 / (lum + 0.05) else "#ffffff"


def wrap_label(name: str, width: int = 22) -> str:
    """A display name broken into lines of about `width` characters."""
    return "\n".join(textwrap.wrap(name, width=width, break_long_words=True)) or name


def degrees(entities: Iterable[str], rels: Iterable[Relationship]) -> Counter[str]:
    """How many of the shown relationships touch each entity."""
    deg: Counter[str] = Counter({e: 0 for e in entities})
    for r in rels:
        deg[r.source] += 1
        deg[r.target] += 1
    return deg


def node_size(degree: int) -> float:
    """The radius (vis-network `size`) of a node with this many relationships shown."""
    return min(12.0 + 5.0 * math.sqrt(degree), 42.0)


def font_size(degree: int, shape: str) -> int:
    """The label size: label-inside shapes grow with degree, since their label sizes them."""
    if shape in LABEL_INSIDE:
        return int(min(13 + 2.2 * degree ** 0.5, 26))
    return 14


@dataclass(frozen=True)
class LegendEntry:
    """One row of the legend."""

    key: str
    label: str
    color: str
    shape: str = ""
    style: StatusStyle | None = None


def legend(schema: Schema, entity_types: Iterable[str], statuses: Iterable[str]) -> list[LegendEntry]:
    """Legend rows for the entity types and statuses present, in schema order."""
    present_types, present_statuses = set(entity_types), set(statuses)
    rows = [LegendEntry(t.name, t.label, t.color, shape=t.shape)
            for t in schema.entities.values() if t.name in present_types]
    rows += [LegendEntry(s, s, status_style(s).color, style=status_style(s))
             for s in schema.statuses if s in present_statuses]
    return rows


def parallel_offsets(rels: Iterable[Relationship]) -> dict[str, float]:
    """A curvature per relationship so that several between one pair do not overlap.

    0 for the first of a pair, then +0.25, -0.25, +0.5, ...; the sign is relative to the
    pair's canonical order, so opposite directions still bend apart.
    """
    seen: Counter[tuple[str, str]] = Counter()
    out: dict[str, float] = {}
    for r in rels:
        pair = (r.source, r.target) if r.source <= r.target else (r.target, r.source)
        k = seen[pair]
        seen[pair] += 1
        step = 0.25 * ((k + 1) // 2) * (1 if k % 2 else -1) if k else 0.0
        out[r.id] = step if (r.source, r.target) == pair else -step
    return out
