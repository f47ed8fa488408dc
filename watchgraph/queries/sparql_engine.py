"""Running SPARQL: on an embedded pyoxigraph store built from the graph, or on any SPARQL
1.1 endpoint over HTTP; results as a table, CSV (SPARQL 1.1 CSV) or JSON (SPARQL 1.1 JSON).

Parameters: a library query names its parameters in its header and uses them as `$name`;
each `$name` outside strings, IRIs and comments is replaced by the value as a string
literal (escaped), so a query cannot be changed by what a parameter says.
"""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Mapping

from watchgraph.errors import UsageError, WatchgraphError
from watchgraph.rdf.mapping import DEFAULT_BASE_IRI, XSD_DATE, XSD_STRING, Iris, RdfMap, rdf_map
from watchgraph.graph.schema import load_schema
from watchgraph.graph.store import KnowledgeGraph
from watchgraph.queries.catalog import Query, get_query, load_catalog
from watchgraph.queries.cypher_run import typed_params
from watchgraph.queries.results import Result, render as render_rows

_TOKENS = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                     r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
                     r'|\$(\w+)')
FORMATS = ("table", "csv", "json")
_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ACCEPT = ("application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8, "
          "*/*;q=0.1")


@dataclass
class SparqlResult:
    """A query's answer: rows of terms (SELECT), a boolean (ASK) or triples (CONSTRUCT, DESCRIBE)."""

    kind: str  # "select", "ask" or "graph"
    variables: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[Any] = field(default_factory=list)


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
    resolved to its id when the graph is here; an integer; a day as xsd:date)."""
    values = typed_params(query, given, graph if graph is not None else _AsGiven())  # type: ignore[arg-type]
    terms = {}
    for name, value in values.items():
        kind = query.params[name].kind
        terms[name] = str(value) if kind == "integer" else \
            f"{literal(value)}^^<{XSD_DATE}>" if kind == "date" else literal(str(value))
    return terms


def prepare(query: str, params: Mapping[str, str], graph: KnowledgeGraph | None = None) -> str:
    """The text to run: a library query by name, a .rq file, or SPARQL text; parameters bound."""
    if _NAME.match(query):
        q = get_query("sparql", query)
        return substitute(q.text, param_terms(q, params, graph))
    if query.endswith(".rq") and Path(query).is_file():
        query = Path(query).read_text("utf-8")
    used = query_params(query)
    for key in params:
        if key not in used:
            takes = ", ".join(f"${u}" for u in used) or "no $parameters"
            raise UsageError(f"--param {key}: the query has no ${key} (it uses {takes})")
    return bind(query, params)


def run(query: str, params: Mapping[str, str], graph: KnowledgeGraph | None = None,
        endpoint: str | None = None, base_iri: str = DEFAULT_BASE_IRI) -> SparqlResult:
    """Run a query (see `prepare`) on an endpoint, or on the graph in an embedded store."""
    text = prepare(query, params, None if endpoint else graph)
    if endpoint:
        return run_on_endpoint(endpoint, text)
    if graph is None:
        raise UsageError("nothing to query: give a graph, or an endpoint with --endpoint")
    from watchgraph.rdf.store import oxigraph_store

    return run_on_store(oxigraph_store(graph, base_iri), text)


def library_text(language: str = "sparql") -> str:
    """A query library: each query's name, question and parameters."""
    lines = []
    for q in load_catalog(language).values():
        lines.append(f"{q.name}: {q.question}")
        for p in q.params.values():
            kind = f" ({p.kind})" if p.kind != "string" else ""
            default = f" = {p.default}" if p.default is not None else ""
            example = f" (example: {p.example})" if p.example else ""
            lines.append(f"    --param {p.name}{kind}{default}: {p.description}{example}")
    return "\n".join(lines) + "\n"


def _result(ox: Any, answer: Any) -> SparqlResult:
    if isinstance(answer, ox.QueryBoolean):
        return SparqlResult("ask", boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        names = [v.value for v in answer.variables]
        return SparqlResult("select", names, [[sol[n] for n in names] for sol in answer])
    return SparqlResult("graph", triples=list(answer))


def run_on_store(store: Any, text: str) -> SparqlResult:
    """Run a query on a pyoxigraph Store; UsageError for a malformed one."""
    import pyoxigraph as ox

    try:
        return _result(ox, store.query(text))
    except SyntaxError as exc:
        raise UsageError(f"SPARQL syntax error: {_one_line(str(exc))}") from None


def run_on_endpoint(url: str, text: str, timeout: float = 60.0) -> SparqlResult:
    """POST a query to a SPARQL 1.1 endpoint (the SPARQL protocol); parse the answer."""
    import pyoxigraph as ox

    if not url.startswith(("http://", "https://")):
        raise UsageError(f"--endpoint {url!r} is not an http(s) URL; e.g. http://127.0.0.1:7878/query")
    req = urllib.request.Request(
        url, data=urllib.parse.urlencode({"query": text}).encode(), method="POST",
        headers={"Accept": ACCEPT, "Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            body, ctype = resp.read(), resp.headers.get_content_type()
    except urllib.error.HTTPError as exc:
        message = _one_line(exc.read().decode("utf-8", "replace")) or exc.reason
        if exc.code == 400:
            raise UsageError(f"the endpoint refused the query: {message}") from None
        raise WatchgraphError(f"the endpoint {url} answered {exc.code}: {message}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise WatchgraphError(f"cannot reach {url} ({reason}); start `watchgraph serve` or check "
                              "--endpoint") from None
    results = {"application/sparql-results+json": ox.QueryResultsFormat.JSON,
               "application/sparql-results+xml": ox.QueryResultsFormat.XML}
    graphs = {"application/n-triples": ox.RdfFormat.N_TRIPLES, "text/turtle": ox.RdfFormat.TURTLE}
    if ctype in results:
        return _result(ox, ox.parse_query_results(body, results[ctype]))
    if ctype in graphs:
        return SparqlResult("graph", triples=[q.triple for q in ox.parse(body, graphs[ctype])])
    raise WatchgraphError(f"the endpoint {url} answered in {ctype}, which watchgraph cannot read")


def _one_line(text: str) -> str:
    return " ".join(text.split())


# -- output ---------------------------------------------------------------------------

def term_text(term: Any, m: RdfMap | None = None, iris: Iris | None = None) -> str:
    """A term for reading: a literal's value; an IRI as a watchgraph id or prefixed name."""
    if term is None:
        return ""
    kind = term.__class__.__name__
    if kind == "Literal":
        return term.value
    if kind == "BlankNode":
        return "_:" + term.value
    if kind != "NamedNode":
        return str(term)
    iri = term.value
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


def render(result: SparqlResult, fmt: str = "table", m: RdfMap | None = None,
           iris: Iris | None = None) -> str:
    """A result as text: `table` (for reading), `csv` or `json` (the SPARQL 1.1 result
    formats). Triples come out as Turtle for a table, N-Triples for csv, JSON-LD for json."""
    import pyoxigraph as ox

    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt!r}: use one of {', '.join(FORMATS)}")
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
        text = ox.serialize(result.triples, format=rdf_fmt, prefixes=prefixes).decode("utf-8")
        return text if text.endswith("\n") or not text else text + "\n"
    if fmt == "table":
        rows = [tuple(term_text(t, m, iris) for t in row) for row in result.rows]
        return render_rows(Result(result.variables, rows), "table")
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(result.variables)
        writer.writerows([_csv_value(t) for t in row] for row in result.rows)
        return buf.getvalue()
    bindings = [{v: _json_term(t) for v, t in zip(result.variables, row) if t is not None}
                for row in result.rows]
    return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}},
                      ensure_ascii=False, indent=1) + "\n"
