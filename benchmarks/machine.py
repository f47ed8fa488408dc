"""How quick the machine is at the moment, printed beside a benchmark's figures: the same
code can run up to twice as slow from one half hour to the next on a shared machine, so a
figure says little without the sitting it was measured in."""

from __future__ import annotations

import os
import time

ADDITIONS = 5_000_000


def probe_ms() -> float:
    """Milliseconds a plain Python loop of ADDITIONS additions takes (the best of three)."""
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        total = 0
        for i in range(ADDITIONS):
            total += i
        best = min(best, time.perf_counter() - t)
    return best * 1000


def sitting() -> str:
    """One line: the probe (smaller is quicker) and the load average."""
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"machine: {ADDITIONS:,} additions in {probe_ms():.0f} ms (best of 3); load average {load}"
