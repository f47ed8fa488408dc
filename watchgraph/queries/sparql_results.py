"""SPARQL answers: the rows (or boolean, or triples) a query returned, and writing them
as a table, CSV (SPARQL 1.1 CSV) or JSON (SPARQL 1.1 JSON)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any

from watchgraph.errors import UsageError, param
from watchgraph.graph.schema import load_schema
from watchgraph.graph.types import XSD_STRING
from watchgraph.queries.results import FORMATS, Result, format_result
from watchgraph.rdf.mapping import Iris, RdfMap, rdf_map


@dataclass
class SparqlResult:
    """A query's answer: rows of terms (SELECT), a boolean (ASK) or triples (CONSTRUCT, DESCRIBE)."""

    kind: str  # "select", "ask" or "graph"
    variables: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[Any] = field(default_factory=list)

    def __str__(self) -> str:
        return format_sparql(self, "table")


def answer_of(ox: Any, answer: Any) -> SparqlResult:
    """pyoxigraph's answer to a query as a SparqlResult."""
    if isinstance(answer, ox.QueryBoolean):
        return SparqlResult("ask", boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        names = [v.value for v in answer.variables]
        return SparqlResult("select", names, [[sol[n] for n in names] for sol in answer])
    return SparqlResult("graph", triples=list(answer))


def term_text(term: Any, m: RdfMap | None = None, iris: Iris | None = None) -> str:
    """A term for reading: a literal's value; an IRI as a watchgraph id or prefixed name."""
    if term is None:
        return ""
    kind = term.__class__.__name__
    if kind == "Literal":
        return str(term.value)
    if kind == "BlankNode":
        return "_:" + str(term.value)
    if kind != "NamedNode":
        return str(term)
    iri = str(term.value)
    if iris and iri.startswith(iris.base):
        rest = iri[len(iris.base):]
        head, _, tail = rest.partition("/")
        if head == "rel":
            return tail.replace("/", ":")
        if tail and "/" not in tail:
            return f"{head}:{tail}"
    if m:
        short = m.compact(iri)
        if short != iri:
            return short
    return f"<{iri}>"


def _csv_value(term: Any) -> str:
    if term is None:
        return ""
    kind = term.__class__.__name__
    return "_:" + term.value if kind == "BlankNode" else term.value if kind in ("NamedNode", "Literal") \
        else str(term)


def _json_term(term: Any) -> dict[str, str]:
    kind = term.__class__.__name__
    if kind == "NamedNode":
        return {"type": "uri", "value": term.value}
    if kind == "BlankNode":
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def format_sparql(result: SparqlResult, fmt: str = "table", m: RdfMap | None = None,
           iris: Iris | None = None) -> str:
    """A result as text: `table` (for reading), `csv` or `json` (the SPARQL 1.1 result
    formats). Triples come out as Turtle for a table, N-Triples for csv, JSON-LD for json."""
    import pyoxigraph as ox

    if fmt not in FORMATS:
        raise UsageError(f"{param('fmt')} {fmt!r}: use one of {', '.join(FORMATS)}", param="fmt")
    m = m or rdf_map(load_schema())
    iris = iris or Iris()
    if result.kind == "ask":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": result.boolean}) + "\n"
        return ("true" if result.boolean else "false") + "\n"
    if result.kind == "graph":
        rdf_fmt = {"table": ox.RdfFormat.TURTLE, "csv": ox.RdfFormat.N_TRIPLES,
                   "json": ox.RdfFormat.JSON_LD}[fmt]
        prefixes = dict(m.ns) if m and fmt == "table" else None
        text = (ox.serialize(result.triples, format=rdf_fmt, prefixes=prefixes) or b"").decode("utf-8")
        return text if text.endswith("\n") or not text else text + "\n"
    if fmt == "table":
        rows = [tuple(term_text(t, m, iris) for t in row) for row in result.rows]
        return format_result(Result(result.variables, rows), "table")
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(result.variables)
        writer.writerows([_csv_value(t) for t in row] for row in result.rows)
        return buf.getvalue()
    bindings = [{v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
                for row in result.rows]
    return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}},
                      ensure_ascii=False, indent=1) + "\n"


def one_line(text: str) -> str:
    """The first line of a message, stripped."""
    return " ".join(text.split())


# -- output ---------------------------------------------------------------------------


_NUMBERS = {"integer": int, "int": int, "long": int, "short": int, "nonNegativeInteger": int,
            "decimal": float, "double": float, "float": float}


def value(term: Any, iris: Any) -> Any:
    """A SPARQL term as the plain value Cypher would give: numbers and booleans by datatype,
    our entities' and relationships' IRIs as ids, other literals as text, unbound as None."""
    if term is None:
        return None
    kind = term.__class__.__name__
    if kind == "Literal":
        datatype = term.datatype.value.rpartition("#")[2] if term.datatype else ""
        if datatype in _NUMBERS:
            return _NUMBERS[datatype](term.value)
        if datatype == "boolean":
            return term.value in ("true", "1")
        return term.value
    return term_text(term, None, iris)
