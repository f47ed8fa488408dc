"""The catalog of questions: each written once per language, `NAME.cypher` and `NAME.rq`
in this folder, each file with the same header.

A header is the file's leading comment lines (`//` in Cypher, `#` in SPARQL):

    // name: agencies-using-product
    // question: Which agencies use a product, on what terms, and since when?
    // param product: the product's id or name (example: "Clearview AI app")
    // param since = 2000: only relationships starting in or after this year (example: 2018)
    // columns: agency, product, since, status, sources (list)
    // order: product, agency, since desc

A parameter with `= value` has that default; one without is required; `= ""` makes it
optional: when it is not given the query sees the empty string (in both languages, so
write `$vendor = '' OR v.id = $vendor`). `columns:` names the columns every engine
returns, in order; `(list)` marks a column of several values: Cypher returns a list
(`collect`), SPARQL a `GROUP_CONCAT(...; separator="\u001f")`, and both come back as the
same sorted list. `order:` names the columns the rows are sorted by (`desc` after a name
for descending; an empty value last either way), ties broken by the
remaining columns: the rows are sorted on the client, the same way for every engine
(`ask.shaped`), so a query need not sort (a sort on stored strings is most of the time
some SPARQL questions take). The `.cypher` and `.rq` files of a question must have the
same name, question, parameters, columns and order (`load_questions` checks). A kind in
parentheses after the name says how the text given on the command line is read:
`(entity)` an entity's id, name or alias, resolved to its id before the query runs;
`(integer)`; `(date)` an ISO day (YYYY-MM-DD); `(boolean)` `true` or `false`; none, a
string. For example:

    // param product (entity): the product (example: "Clearview AI app")
    // param maxHops (integer) = 4: the longest connection to look for (example: 3)

Claims whose status is `denied` are left out unless asked for: every library query
declares `// param include_denied (boolean) = false: ...` and keeps a denied relationship
(and, in a multi-hop question, any path or hop through one) only when it is true. The one
exception is `disputed-claims`, which is about both sides of contested claims and always
shows denied ones (it takes no such parameter). Every query shows a `status` column: the
status of the claim a row reports, one per hop where a row spans two (a list), and for an
aggregate the statuses it counted, strongest first.

Cypher runs on Neo4j and on the embedded LadybugDB, whose dialect differs. Library queries
keep to the part both accept (the embedded engine defines Neo4j's `type`, `toString`,
`toInteger`, `toFloat`, `head` and `last` for it), which rules out list and pattern
comprehensions, `reduce`, `CALL {}` subqueries, `startNode()` (match the direction with an
`OPTIONAL MATCH`), label tests in `WHERE` (use `(x:A|B)` in the pattern), map projections,
properties named like keywords unquoted (write r.`end`, r.`order`), `[i]` indexing (0-based
in Neo4j, 1-based in LadybugDB; write `last(xs[i..i+1])` for element i, counted from 0, on
both), anything that relies on the order of `collect()`, a parameter inside a list
predicate (`all(r IN xs WHERE r.a = $x)` fails on LadybugDB: write `$x OR all(...)`), and
variable-length patterns that could repeat a relationship (LadybugDB walks, Neo4j does
not). To test every hop of a variable-length pattern, name the path and use a list
predicate on `relationships(p)`, which both engines have. Where a question cannot be asked
in that common part (shortest paths, whose syntax differs), `NAME.ENGINE.cypher` beside
`NAME.cypher` is the variant that engine runs instead (ENGINE is `ladybug`); it repeats the
header, and both are tested for the same rows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from typing import Any

from watchgraph.errors import UsageError, param

LANGUAGES = {"cypher": ("cypher", "//"), "sparql": ("rq", "#")}
_PARAM = re.compile(r"^param\s+(\w+)\s*(?:\((\w+)\)\s*)?(?:=\s*(\S+))?\s*:\s*(.*?)"
                    r"(?:\s*\(example:\s*(.*)\))?$")
_COLUMN = re.compile(r"^(\w+)(?:\s*\((list)\))?$")
_ORDER = re.compile(r"^(\w+)(?:\s+(desc|asc))?$")
LIST_SEPARATOR = "\x1f"
"""What a SPARQL query's GROUP_CONCAT puts between the values of a list column."""
PARAM_KINDS = ("string", "entity", "integer", "date", "boolean")
VARIANT_ENGINES = ("ladybug",)


@dataclass(frozen=True)
class Param:
    """A query parameter: its description, an example, an optional default (as text) and
    its kind (one of PARAM_KINDS)."""

    name: str
    description: str
    example: str | None = None
    default: str | None = None
    kind: str = "string"

    @property
    def required(self) -> bool:
        return self.default is None

    @property
    def optional(self) -> bool:
        """Optional with no value: the query sees the empty string when it is not given."""
        return self.default == ""


@dataclass(frozen=True)
class Column:
    """A column a question returns; `is_list` when it holds several values."""

    name: str
    is_list: bool = False


@dataclass(frozen=True)
class Query:
    """A library query with its header."""

    name: str
    language: str
    question: str
    params: Mapping[str, Param]
    text: str
    variants: Mapping[str, str] = field(default_factory=dict)
    columns: tuple[Column, ...] = ()
    order: tuple[tuple[str, bool], ...] = ()
    """(column, descending) pairs the rows are sorted by, first key first."""

    def text_for(self, engine: str) -> str:
        """The text an engine runs: its variant where there is one, else the query's own."""
        return self.variants.get(engine, self.text)

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
                example = f" (example: {param('params')} {p.name}={p.example})" if p.example else ""
                raise UsageError(f"missing parameter {p.name!r} for query {self.name}{example}",
                                 param="params")
            else:
                values[p.name] = p.default
        return values


def parse_query(text: str, language: str, origin: str = "") -> Query:
    """Read a query file's header. Raises ValueError for a malformed one (a bug in the library)."""
    marker = LANGUAGES[language][1]
    fields: dict[str, str] = {}
    params: dict[str, Param] = {}
    columns: list[Column] = []
    order: list[tuple[str, bool]] = []
    for line in text.splitlines():
        if not line.startswith(marker):
            break
        body = line[len(marker):].strip()
        if body.startswith("param "):
            m = _PARAM.match(body)
            if not m:
                raise ValueError(f"{origin}: malformed parameter line {line!r}")
            name, kind, default, desc, example = m.groups()
            if kind is not None and kind not in PARAM_KINDS:
                raise ValueError(f"{origin}: parameter {name!r} has unknown kind {kind!r}")
            params[name] = Param(name, desc, example.strip('"') if example else None,
                                 "" if default == '""' else default, kind or "string")
        elif body.startswith("columns:"):
            for item in body.partition(":")[2].split(","):
                c = _COLUMN.match(item.strip())
                if not c:
                    raise ValueError(f"{origin}: malformed column {item.strip()!r} in {line!r}")
                columns.append(Column(c.group(1), c.group(2) == "list"))
        elif body.startswith("order:"):
            for item in body.partition(":")[2].split(","):
                o = _ORDER.match(item.strip())
                if not o:
                    raise ValueError(f"{origin}: malformed order {item.strip()!r} in {line!r}")
                order.append((o.group(1), o.group(2) == "desc"))
        elif ":" in body:
            key, _, value = body.partition(":")
            fields[key.strip()] = value.strip()
    if "name" not in fields or "question" not in fields:
        raise ValueError(f"{origin}: the header needs `name:` and `question:`")
    unknown = [name for name, _ in order if name not in {c.name for c in columns}]
    if unknown:
        raise ValueError(f"{origin}: order names {', '.join(unknown)}, not among the columns")
    return Query(fields["name"], language, fields["question"], params, text, {}, tuple(columns),
                 tuple(order))


@cache
def load_catalog(language: str) -> Mapping[str, Query]:
    """Every question's query in one language ('cypher' or 'sparql'), by name."""
    suffix = LANGUAGES[language][0]
    folder = resources.files("watchgraph.queries")
    out: dict[str, Query] = {}
    variants: list[tuple[str, str, Query]] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith("." + suffix):
            q = parse_query(entry.read_text("utf-8"), language, entry.name)
            stem, _, engine = entry.name.rsplit(".", 1)[0].partition(".")
            if q.name != stem:
                raise ValueError(f"{entry.name}: header name {q.name!r} differs from the file name")
            if engine:
                if engine not in VARIANT_ENGINES:
                    raise ValueError(f"{entry.name}: unknown engine {engine!r}")
                variants.append((entry.name, engine, q))
            else:
                out[q.name] = q
    for file_name, engine, v in variants:
        main = out.get(v.name)
        if main is None or header(main) != header(v):
            raise ValueError(f"{file_name}: a variant needs {v.name}.{suffix} with the same header")
        out[v.name] = replace(main, variants={**main.variants, engine: v.text})
    return out


def header(q: Query) -> tuple[Any, ...]:
    """What the files of one question must agree on: name, question, parameters, columns
    and order."""
    return (q.name, q.question, dict(q.params), q.columns, q.order)


@dataclass(frozen=True)
class Question:
    """One question of the catalog, with its query in each language it is written in."""

    name: str
    question: str
    params: Mapping[str, Param]
    columns: tuple[Column, ...]
    queries: Mapping[str, Query]
    order: tuple[tuple[str, bool], ...] = ()


@cache
def load_questions() -> Mapping[str, Question]:
    """The catalog: every question by name, with the languages it is written in. Raises
    ValueError when two files of a question disagree on their header (a library bug)."""
    out: dict[str, Question] = {}
    for language in LANGUAGES:
        for name, q in load_catalog(language).items():
            known = out.get(name)
            if known is None:
                out[name] = Question(name, q.question, q.params, q.columns, {language: q}, q.order)
            elif header(next(iter(known.queries.values()))) != header(q):
                raise ValueError(f"{name}.{LANGUAGES[language][0]}: its header differs from the "
                                 f"other language's (name, question, parameters, columns and order must agree)")
            else:
                out[name] = replace(known, queries={**known.queries, language: q})
    return dict(sorted(out.items()))


def get_query(language: str, name: str) -> Query:
    """One library query by name; UsageError with suggestions when there is none."""
    catalog = load_catalog(language)
    if name not in catalog:
        raise UsageError(f"no {language} query named {name!r}{did_you_mean(name, catalog)} "
                         f"(`{param('list_queries')}` shows them all)", param="name")
    return catalog[name]


def get_question(name: str) -> Question:
    """One question of the catalog; UsageError with the closest names when there is none."""
    catalog = load_questions()
    if name not in catalog:
        raise UsageError(f"no question named {name!r}{did_you_mean(name, catalog)} "
                         f"(`{param('list_queries')}` lists them all)", param="name")
    return catalog[name]


def did_you_mean(name: str, names: Mapping[str, Any]) -> str:
    """`; did you mean a, b?` for the names closest to a mistyped one, or nothing."""
    from rapidfuzz import process

    close = [m[0] for m in process.extract(name, list(names), limit=3, score_cutoff=60)]
    return f"; did you mean {', '.join(close)}?" if close else ""


def parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    """`key=value` pairs from the command line."""
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise UsageError(f"{param('params')} {pair!r} is not key=value; write e.g. "
                             f"{param('params')} product=\"Clearview AI app\"", param="params")
        out[key] = value
    return out
