"""Binding parameters into SPARQL: a library query names its parameters in its header and
uses them as `$name`; each `$name` outside strings, IRIs and comments is replaced by the
value as a typed literal (escaped), so a query cannot be changed by what a parameter says."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from watchgraph.errors import UsageError, param
from watchgraph.graph.store import KnowledgeGraph
from watchgraph.graph.types import XSD_DATE
from watchgraph.queries.catalog import Query, get_query
from watchgraph.queries.cypher_run import typed_params

_TOKENS = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                     r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
                     r'|\$(\w+)')
_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def literal(value: str) -> str:
    """A SPARQL string literal."""
    escaped = (value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r"))
    return f'"{escaped}"'


def query_params(text: str) -> list[str]:
    """The `$name` parameters a query uses, in order of first use."""
    return list(dict.fromkeys(m.group(1) for m in _TOKENS.finditer(text) if m.group(1)))


def substitute(text: str, terms: Mapping[str, str]) -> str:
    """The query with each `$name` in `terms` replaced by that SPARQL term."""
    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        return terms[name] if name is not None and name in terms else m.group(0)
    return _TOKENS.sub(sub, text)


def bind(text: str, values: Mapping[str, str]) -> str:
    """The query with each `$name` in `values` replaced by a string literal."""
    return substitute(text, {k: literal(v) for k, v in values.items()})


class _AsGiven:
    """Stands in for the graph when the query goes to an endpoint: an entity parameter is
    sent as given, and the library queries match it against ids, names and aliases."""

    def resolve(self, name: str) -> Any:
        return SimpleNamespace(id=name)


def param_terms(query: Query, given: Mapping[str, str], graph: KnowledgeGraph | None) -> dict[str, str]:
    """A library query's parameters as SPARQL terms, each read by its kind (an entity
    resolved to its id when the graph is here; an integer; a day as xsd:date; a boolean as
    `true` or `false`)."""
    values = typed_params(query, given, graph if graph is not None else _AsGiven())  # type: ignore[arg-type]
    terms = {}
    for name, value in values.items():
        kind = query.params[name].kind
        if kind == "boolean":
            terms[name] = "true" if value else "false"
        elif kind == "integer":
            terms[name] = str(value)
        elif kind == "date":
            terms[name] = f"{literal(value)}^^<{XSD_DATE}>"
        else:
            terms[name] = literal(str(value))
    return terms


def is_library_name(query: str) -> bool:
    """Whether `query` names a catalog question (rather than being SPARQL text or a file)."""
    return bool(_NAME.match(query))


def prepare(query: str, params: Mapping[str, str], graph: KnowledgeGraph | None = None) -> str:
    """The text to run: a library query by name, a .rq file, or SPARQL text; parameters bound."""
    if is_library_name(query):
        q = get_query("sparql", query)
        return substitute(q.text, param_terms(q, params, graph))
    if query.endswith(".rq") and Path(query).is_file():
        query = Path(query).read_text("utf-8")
    used = query_params(query)
    for key in params:
        if key not in used:
            takes = ", ".join(f"${u}" for u in used) or "no $parameters"
            raise UsageError(f"{param('params')} {key}: the query has no ${key} (it uses {takes})",
                             param="params")
    return bind(query, params)
