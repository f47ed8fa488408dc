"""Progress for long work: a rich bar on a terminal, silence when piped."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol


class Advance(Protocol):
    """Moves a progress bar on by `n` steps."""

    def __call__(self, n: int = 1) -> None: ...


@contextmanager
def progress_bar(description: str, total: int, enabled: bool = True) -> Iterator[Advance]:
    """Yield `advance(n=1)`; draws a bar on stderr only when it is a terminal."""
    if not (enabled and sys.stderr.isatty()):
        def skip(n: int = 1) -> None:
            pass

        yield skip
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task(description, total=total)

        def advance(n: int = 1) -> None:
            bar.advance(task, n)

        yield advance
