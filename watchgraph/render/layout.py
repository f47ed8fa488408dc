"""Positions computed in Python: a force-directed layout, and overlap removal for labels.

The layout is igraph's Fruchterman-Reingold (its grid variant, fast enough for thousands
of nodes), started from seeded positions so that the same selection always gets the same
picture.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

Point = tuple[float, float]


def force_layout(ids: Sequence[str], pairs: Sequence[tuple[str, str]], seed: int = 1,
                 iterations: int = 500) -> dict[str, Point]:
    """Force-directed positions, each coordinate in [0, 1]; deterministic for a given seed."""
    import igraph  # imported here: loading it costs time that most commands do not need

    if not ids:
        return {}
    if len(ids) == 1:
        return {ids[0]: (0.5, 0.5)}
    index = {e: i for i, e in enumerate(ids)}
    edges = sorted({(min(index[a], index[b]), max(index[a], index[b]))
                    for a, b in pairs if a != b})
    g = igraph.Graph(n=len(ids), edges=edges)
    rng = random.Random(seed)
    start = [[rng.uniform(-1, 1) * len(ids) ** 0.5, rng.uniform(-1, 1) * len(ids) ** 0.5]
             for _ in ids]
    if len(ids) > 2000:
        iterations = min(iterations, 250)  # the grid variant settles early on large graphs
    # igraph draws from Python's global `random` while it lays out; a generator of our own
    # keeps the result independent of whatever else used that before
    igraph.set_random_number_generator(random.Random(seed))
    try:
        coords = g.layout_fruchterman_reingold(niter=iterations, seed=start,
                                               grid=len(ids) >= 300).coords
    finally:
        igraph.set_random_number_generator(random)
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    x0, y0 = min(xs), min(ys)
    span = max(max(xs) - x0, max(ys) - y0) or 1.0
    return {e: ((x - x0) / span, (y - y0) / span) for e, (x, y) in zip(ids, coords, strict=True)}


def canvas_positions(ids: Sequence[str], pairs: Sequence[tuple[str, str]],
                     spacing: float = 90.0, seed: int = 1) -> dict[str, Point]:
    """Positions in vis-network canvas pixels, about `spacing` apart on average."""
    pos = force_layout(ids, pairs, seed=seed)
    side = spacing * math.sqrt(max(len(ids), 1))
    return {e: (round((x - 0.5) * side, 1), round((y - 0.5) * side, 1)) for e, (x, y) in pos.items()}


@dataclass
class Box:
    """An item to keep clear of the others: a centre that moves, and the box around it.

    The box spans `left`/`right` of the centre horizontally and `up`/`down` vertically.
    """

    x: float
    y: float
    left: float
    right: float
    up: float
    down: float
    fixed: bool = False
    """A fixed box stays where it is; the box it overlaps moves the whole way instead."""

    def bounds(self, pad: float = 0.0) -> tuple[float, float, float, float]:
        """x0, y0, x1, y1 with a margin."""
        return (self.x - self.left - pad, self.y - self.down - pad,
                self.x + self.right + pad, self.y + self.up + pad)


def overlaps(a: Box, b: Box, pad: float = 0.0) -> bool:
    """Whether two boxes (with a margin each) overlap."""
    ax0, ay0, ax1, ay1 = a.bounds(pad)
    bx0, by0, bx1, by1 = b.bounds(pad)
    return ax0 < bx1 and bx0 < ax1 and ay0 < by1 and by0 < ay1


def remove_overlaps(boxes: list[Box], area: tuple[float, float, float, float],
                    pad: float = 3.0, sweeps: int = 400) -> int:
    """Move boxes apart, in place, until none overlap or `sweeps` run out; keep them in `area`.

    Each overlapping pair moves apart, half each (or the whole way for a box next to a fixed
    one), along the axis where they overlap least.
    Returns the number of overlapping pairs left.
    """
    x0, y0, x1, y1 = area
    for _ in range(sweeps):
        moved = False
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                if not overlaps(a, b, pad):
                    continue
                moved = True
                ax0, ay0, ax1, ay1 = a.bounds(pad)
                bx0, by0, bx1, by1 = b.bounds(pad)
                dx = min(ax1 - bx0, bx1 - ax0)
                dy = min(ay1 - by0, by1 - ay0)
                if a.fixed and b.fixed:
                    continue
                share_a = 0.0 if a.fixed else 1.0 if b.fixed else 0.5
                if dx < dy:
                    step = (dx + 1.0) * (1 if a.x >= b.x else -1)
                    a.x += step * share_a
                    b.x -= step * (1 - share_a)
                else:
                    step = (dy + 1.0) * (1 if a.y >= b.y else -1)
                    a.y += step * share_a
                    b.y -= step * (1 - share_a)
        for box in boxes:
            if box.fixed:
                continue
            box.x = min(max(box.x, x0 + box.left), x1 - box.right)
            box.y = min(max(box.y, y0 + box.down), y1 - box.up)
        if not moved:
            return 0
    return sum(overlaps(a, b, pad) for i, a in enumerate(boxes) for b in boxes[i + 1:]
               if not (a.fixed and b.fixed))
