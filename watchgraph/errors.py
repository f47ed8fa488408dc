"""One exception family. The CLI turns each into one line per problem, no traceback."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence


class WatchgraphError(Exception):
    """Base of every error a user can cause; `exit_code` is what the CLI exits with."""

    exit_code = 1

    def lines(self) -> list[str]:
        """The message, one line per problem."""
        return [str(self)]


class UsageError(WatchgraphError):
    """A bad option or argument (exit status 2)."""

    exit_code = 2


class NotFoundError(WatchgraphError):
    """A name that resolves to no entity; carries suggestions."""

    def __init__(self, name: str, suggestions: Sequence[str] = ()) -> None:
        self.name = name
        self.suggestions = list(suggestions)
        msg = f"no entity named {name!r}"
        if self.suggestions:
            msg += "; did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
        else:
            msg += "; `watchgraph stats` lists what the graph holds"
        super().__init__(msg)


@dataclass
class Problem:
    """One problem in one input file, located by a path into the parsed document."""

    file: str
    message: str
    hint: str = ""
    path: tuple[str | int, ...] = ()
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.message}"
        return f"{text}; {self.hint}" if self.hint else text


@dataclass
class DataError(WatchgraphError):
    """Every problem found in the input data, each as `path:line: message; hint`."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.lines()[0] if self.problems else "invalid data")

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]
