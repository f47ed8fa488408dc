"""The memory allocator the query workers run with.

oxigraph's evaluator makes and drops a small tuple for every row of every join, so a
whole-graph question spends much of its time in malloc and free. The `oxigraph` server from
PyPI uses the C library's allocator; on Linux a worker can be started with mimalloc
preloaded instead (LD_PRELOAD), which answers the catalog's whole-graph questions faster
(benchmarks/README.md). `auto` takes mimalloc when the system has it (Debian:
libmimalloc2.0) and the C library's allocator otherwise.
"""

from __future__ import annotations

import functools
import os
import sys

from watchgraph.errors import UsageError, WatchgraphError, param

ALLOCATORS = ("auto", "mimalloc", "system")


@functools.cache
def find_mimalloc(name: str = "mimalloc") -> str | None:
    """mimalloc's shared library name as the dynamic loader knows it (libmimalloc.so.2), or
    None when it is not installed or this is not Linux; `name` as ctypes.util.find_library
    takes it."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes.util  # here: the CLI imports this module for ALLOCATORS

    return ctypes.util.find_library(name)


def worker_env(allocator: str, name: str = "mimalloc") -> tuple[str, dict[str, str]]:
    """The allocator a worker runs with ("mimalloc" or "system") and what its environment
    adds for it. WatchgraphError when `allocator` is mimalloc and it is not installed;
    UsageError when it is not one of ALLOCATORS."""
    if allocator not in ALLOCATORS:
        raise UsageError(f"{param('allocator')} {allocator!r} is not one of {', '.join(ALLOCATORS)}",
                         param="allocator")
    library = find_mimalloc(name) if allocator != "system" else None
    if library is None:
        if allocator == "mimalloc":
            raise WatchgraphError(f"mimalloc is not installed (Debian: apt-get install libmimalloc2.0); "
                                  f"install it or use {param('allocator')} system")
        return "system", {}
    preload = os.environ.get("LD_PRELOAD", "").strip()
    return "mimalloc", {"LD_PRELOAD": f"{library} {preload}".strip()}
