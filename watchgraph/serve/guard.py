"""Checks on a SPARQL query before it reaches the engine: its size, how deeply its groups and
expressions nest, how many UNION branches and operators it has, and whether it asks for
`SERVICE`.

The scan is lexical (strings, IRIs and comments are skipped), so it is linear in the query's
length and cannot itself recurse: a query the engine's parser would choke on is refused here
with one line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# one token at a time: comments, long and short strings, IRIs, variables, names, punctuation
_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<name>[^\W\d][\w.-]*(?::[\w.:%\\-]*)?|:[\w.:%\\-]*)
  | (?P<open>[{(\[])
  | (?P<close>[})\]])
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)

_OPERATORS = frozenset("+-*/|^!&=<>")


@dataclass(frozen=True)
class Limits:
    """What a query may be: its length in characters, its nesting depth (groups, brackets
    and parentheses), its UNION branches, its operators (`+`, `||`, `!`, `/` in a path…: long
    chains of them recurse in the engine), and whether SERVICE (federation) is allowed."""

    max_length: int = 100_000
    max_depth: int = 64
    max_unions: int = 1_000
    max_operators: int = 4_000
    allow_federation: bool = False


class Refused(Exception):
    """A query the endpoint will not run: the message is one line for the client."""


def check(query: str, limits: Limits) -> None:
    """Raise Refused (one line) when `query` breaks a limit; return when it may run."""
    if len(query) > limits.max_length:
        raise Refused(f"the query is {len(query):,} characters long; this endpoint takes at most "
                      f"{limits.max_length:,}")
    depth = deepest = unions = operators = 0
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup
        if kind == "open":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limits.max_depth:
                    raise Refused(f"the query nests groups or expressions more than "
                                  f"{limits.max_depth} deep; this endpoint refuses deeper ones")
        elif kind == "close":
            depth = max(0, depth - 1)
        elif kind == "other" and match.group() in _OPERATORS:
            operators += 1
            if operators > limits.max_operators:
                raise Refused(f"the query has more than {limits.max_operators:,} operators; "
                              "this endpoint refuses more")
        elif kind == "name":
            word = match.group().upper()
            if word == "UNION":
                unions += 1
                if unions > limits.max_unions:
                    raise Refused(f"the query has more than {limits.max_unions:,} UNION branches; "
                                  "this endpoint refuses more")
            elif word == "SERVICE" and not limits.allow_federation:
                raise Refused("SERVICE (federated query) is not allowed on this endpoint: it "
                              "would make the server fetch other URLs")
