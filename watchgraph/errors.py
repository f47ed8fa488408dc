"""One exception family. The CLI turns each into one line per problem, no traceback.

A message names a parameter with `param("max_hops")`: the library shows it as the keyword
argument (`max_hops`), the CLI as its option (`--max-hops`), so that no module but cli.py
spells a command-line flag.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

_MARK = re.compile("\ue000([A-Za-z_][A-Za-z0-9_]*)\ue001")


def param(name: str) -> str:
    """A parameter named in a message (the keyword argument's name)."""
    return f"\ue000{name}\ue001"


def spell(text: str, flag: Callable[[str], str] | None = None) -> str:
    """A message with its parameters as keyword names, or as `flag(name)` gives them."""
    return _MARK.sub(lambda m: flag(m.group(1)) if flag else m.group(1), text)


class WatchgraphError(Exception):
    """Base of every error a user can cause; `exit_code` is what the CLI exits with and
    `param` the parameter at fault, when one is."""

    exit_code = 1

    def __init__(self, *args: object, param: str | None = None) -> None:
        super().__init__(*args)
        self.param = param

    def __str__(self) -> str:
        return spell(super().__str__())

    def lines(self, flag: Callable[[str], str] | None = None) -> list[str]:
        """The message, one line per problem, parameters spelled by `flag`."""
        return [spell(Exception.__str__(self), flag)]


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


class AmbiguousNameError(WatchgraphError):
    """A name that several entities answer to: one line saying so, then one line each."""

    def __init__(self, name: str, candidates: Sequence[str]) -> None:
        self.name = name
        self.candidates = list(candidates)
        super().__init__(f"{name!r} names {len(self.candidates)} entities; give the id or more "
                         "of the name")

    def lines(self, flag: Callable[[str], str] | None = None) -> list[str]:
        return [spell(Exception.__str__(self), flag)] + [f"  {c}" for c in self.candidates]


@dataclass
class Problem:
    """One problem in one input file, located by a path into the parsed document."""

    file: str
    message: str
    hint: str = ""
    path: tuple[str | int, ...] = ()
    line: int | None = None

    def __str__(self) -> str:
        return self.text()

    def text(self, flag: Callable[[str], str] | None = None) -> str:
        """`path:line: message; hint`, parameters spelled by `flag`."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.message}"
        return spell(f"{text}; {self.hint}" if self.hint else text, flag)


@dataclass
class DataError(WatchgraphError):
    """Every problem found in the input data, each as `path:line: message; hint`."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.lines()[0] if self.problems else "invalid data")

    def lines(self, flag: Callable[[str], str] | None = None) -> list[str]:
        return [p.text(flag) for p in self.problems]
