"""Pausing the garbage collector around bulk work next to a large graph."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: making many short-lived records while millions
    of long-lived graph objects exist otherwise triggers full collections that cost more
    than the work itself (reference counting still frees the records)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
