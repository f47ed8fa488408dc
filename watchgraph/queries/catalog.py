"""The query library: `cypher/*.cypher` and `sparql/*.rq`, each with a header.

A header is the file's leading comment lines (`//` in Cypher, `#` in SPARQL):

    // name: agencies-using-product
    // question: Which agencies use a product, on what terms, and since when?
    // param product: the product's id or name (example: "Clearview AI app")
    // param since = 2000: only relationships starting in or after this year (example: 2018)

A parameter with `= value` has that default; one without is required.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping

from watchgraph.errors import UsageError

LANGUAGES = {"cypher": ("cypher", "//"), "sparql": ("rq", "#")}
_PARAM = re.compile(r"^param\s+(\w+)\s*(?:=\s*(\S+))?\s*:\s*(.*?)(?:\s*\(example:\s*(.*)\))?$")


@dataclass(frozen=True)
class Param:
    """A query parameter: its description, an example and an optional default (as text)."""

    name: str
    description: str
    example: str | None = None
    default: str | None = None

    @property
    def required(self) -> bool:
        return self.default is None


@dataclass(frozen=True)
class Query:
    """A library query with its header."""

    name: str
    language: str
    question: str
    params: Mapping[str, Param]
    text: str

    def bind(self, given: Mapping[str, Any]) -> dict[str, Any]:
        """The parameter values for a run: defaults filled in; unknown or missing ones refused."""
        for key in given:
            if key not in self.params:
                takes = ", ".join(self.params) or "no parameters"
                raise UsageError(f"unknown parameter {key!r} for query {self.name}; it takes: {takes}")
        values: dict[str, Any] = {}
        for p in self.params.values():
            if p.name in given:
                values[p.name] = given[p.name]
            elif p.required:
                example = f" (example: --param {p.name}={p.example})" if p.example else ""
                raise UsageError(f"missing parameter {p.name!r} for query {self.name}{example}")
            else:
                values[p.name] = p.default
        return values


def parse_query(text: str, language: str, origin: str = "") -> Query:
    """Read a query file's header. Raises ValueError for a malformed one (a bug in the library)."""
    marker = LANGUAGES[language][1]
    fields: dict[str, str] = {}
    params: dict[str, Param] = {}
    for line in text.splitlines():
        if not line.startswith(marker):
            break
        body = line[len(marker):].strip()
        if body.startswith("param "):
            m = _PARAM.match(body)
            if not m:
                raise ValueError(f"{origin}: malformed parameter line {line!r}")
            name, default, desc, example = m.groups()
            params[name] = Param(name, desc, example.strip('"') if example else None, default)
        elif ":" in body:
            key, _, value = body.partition(":")
            fields[key.strip()] = value.strip()
    if "name" not in fields or "question" not in fields:
        raise ValueError(f"{origin}: the header needs `name:` and `question:`")
    return Query(fields["name"], language, fields["question"], params, text)


@lru_cache(maxsize=None)
def load_catalog(language: str) -> Mapping[str, Query]:
    """Every library query of a language ('cypher' or 'sparql'), by name."""
    suffix = LANGUAGES[language][0]
    folder = resources.files("watchgraph.queries").joinpath(language)
    out: dict[str, Query] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith("." + suffix):
            q = parse_query(entry.read_text("utf-8"), language, entry.name)
            if q.name != entry.name.rsplit(".", 1)[0]:
                raise ValueError(f"{entry.name}: header name {q.name!r} differs from the file name")
            out[q.name] = q
    return out


def get_query(language: str, name: str) -> Query:
    """One library query by name; UsageError with suggestions when there is none."""
    catalog = load_catalog(language)
    if name not in catalog:
        from rapidfuzz import process

        close = [m[0] for m in process.extract(name, list(catalog), limit=3, score_cutoff=60)]
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise UsageError(f"no {language} query named {name!r}{hint} (`--list` shows them all)")
    return catalog[name]


def parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    """`key=value` pairs from the command line."""
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise UsageError(f"--param {pair!r} is not key=value; write e.g. --param product=\"Clearview AI app\"")
        out[key] = value
    return out
