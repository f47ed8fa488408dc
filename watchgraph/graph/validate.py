"""The graph's validator: documents in the data format, whatever file format they were
read from, checked against the schema into validated records.

Every problem in every document is collected with its file and its path into the
document (the loader turns the path into a line); nothing is returned half-validated.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from watchgraph.errors import Problem
from watchgraph.graph.dates import date_bounds
from watchgraph.graph.identity import SLUG, AliasIndex, slugify
from watchgraph.graph.model import Citation, Entity, Relationship, Source, relationship_id
from watchgraph.graph.schema import PropertySpec, Schema
from watchgraph.graph.types import ValueProblem, describe

SECTIONS = ("sources", "entities", "relationships")
_REL_KEYS = ("type", "from", "to", "status", "citations")
Path_ = tuple[Any, ...]


QUOTELESS = ("the citation has no quote",
             "add `quote:` with a few words, verbatim, that a reader can find in the source")
"""The message and hint of a citation without a quote."""


class Warnings(list[Problem]):
    """The warnings of a load, in order: Problems, and the citations without a quote kept
    as (file, path) pairs until the list is read. Large data without quotes has hundreds of
    thousands of them; making a Problem for each (and the garbage collector walking them
    all while the graph is built) cost more than checking the data. Its length is known
    without making them; reading it in any other way makes them first."""

    def __init__(self, items: Iterable[Problem] = ()) -> None:
        super().__init__(items)
        self._quoteless: list[tuple[str, Path_]] = []

    def quoteless(self, file: str, path: Path_) -> None:
        """Note a citation without a quote (a Problem is made when the list is read)."""
        self._quoteless.append((file, path))

    def pending(self) -> list[tuple[str, Path_]]:
        """The citations without a quote not yet made into Problems, as (file, path) pairs."""
        return list(self._quoteless)

    def _make(self) -> None:
        if self._quoteless:
            pending, self._quoteless = self._quoteless, []
            message, hint = QUOTELESS
            list.extend(self, [Problem(file, message, hint, path) for file, path in pending])

    def __len__(self) -> int:
        return list.__len__(self) + len(self._quoteless)

    def __bool__(self) -> bool:
        return bool(self._quoteless) or list.__len__(self) > 0

    def __iadd__(self, other: Iterable[Problem]) -> Warnings:  # type: ignore[override, misc]
        self.extend(other)
        return self

    def extend(self, other: Iterable[Problem]) -> None:
        """Add problems after the others (nothing is made for an empty list)."""
        items = list(other)
        if items:
            self._make()
            list.extend(self, items)


def _reading(name: str) -> Any:
    method = getattr(list, name)

    def made_first(self: Warnings, *args: Any, **kwargs: Any) -> Any:
        self._make()
        return method(self, *args, **kwargs)

    made_first.__name__ = name
    made_first.__doc__ = method.__doc__
    return made_first


for _name in ("__iter__", "__reversed__", "__getitem__", "__setitem__", "__delitem__",
              "__contains__", "__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__",
              "__repr__", "__add__", "__mul__", "__rmul__", "__imul__",
              "__reduce_ex__", "append", "insert", "pop", "remove", "clear", "index",
              "count", "sort", "reverse", "copy"):
    setattr(Warnings, _name, _reading(_name))


@dataclass
class Dataset:
    """Validated records, ready for the graph."""

    sources: dict[str, Source] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    relationships: dict[str, Relationship] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    paths: list[Path] = field(default_factory=list)
    """The data files read, in order."""
    inputs: list[Path] = field(default_factory=list)
    """The files and folders read (outputs must never overwrite them)."""
    index: AliasIndex = field(default_factory=AliasIndex)
    warnings: Warnings = field(default_factory=Warnings)
    """What does not stop the data loading (a citation without a quote, in a user's file)."""


QUOTE_WORDS = 15
"""The longest quote, in words: a few words to find the passage by, never a paragraph."""


def _a(word: str) -> str:
    return f"an {word}" if word[0] in "AEIOU" else f"a {word}"


def did_you_mean(word: Any, choices: Iterable[str]) -> str:
    """` (did you mean 'x'?)` for the closest of `choices` to a misspelt name, or nothing."""
    if not isinstance(word, str):
        return ""  # a list or a number is not a misspelt name
    from rapidfuzz import process  # only for a data error: most loads never need it

    found = process.extractOne(word, list(choices), score_cutoff=80)
    return f" (did you mean {found[0]!r}?)" if found else ""


@dataclass(frozen=True)
class SpecSet:
    """The property specs of one kind of record, with what is derived from them once."""

    specs: dict[str, PropertySpec]
    required: tuple[str, ...]
    ranges: tuple[tuple[str, str], ...]
    plain: frozenset[str]  # text-like properties without constraints: the fast path
    refs: tuple[str, ...]  # properties naming an entity

    @classmethod
    def of(cls, *groups: Mapping[str, PropertySpec]) -> SpecSet:
        specs = {k: v for g in groups for k, v in g.items()}
        ranges = tuple((k, k[:-3] + "Max") for k in specs
                       if k.endswith("Min") and k[:-3] + "Max" in specs)
        plain = frozenset(k for k, v in specs.items()
                          if v.type in ("string", "text", "ref") and v.pattern is None)
        return cls(specs, tuple(k for k, v in specs.items() if v.required), ranges, plain,
                   tuple(k for k, v in specs.items() if v.type == "ref"))


class Validator:
    """Checks documents (plain mappings and lists, as every loader reads them) against the
    schema, one after another, into a Dataset of records; collects every problem, located
    by file and by its path into the document."""

    def __init__(self, schema: Schema, dataset: Dataset) -> None:
        self.schema = schema
        self.source_specs = SpecSet.of(schema.source_properties)
        self.citation_specs = SpecSet.of(schema.citation_properties)
        self.entity_specs = {name: SpecSet.of(schema.entity_properties, t.properties)
                             for name, t in schema.entities.items()}
        self.rel_specs = {name: SpecSet.of(schema.relationship_properties, t.properties)
                          for name, t in schema.relationships.items()}
        self.ds = dataset
        self.problems: list[Problem] = []
        self.file = ""
        self.require_quotes = False  # set per file: the bundled dataset, or strict checking
        self._where: dict[str, str] = {}

    def problem(self, path: Path_, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.file, message, hint, path))

    # -- structure -------------------------------------------------------------

    def sections(self, doc: Any) -> dict[str, list[tuple[Path_, dict[str, Any]]]]:
        """The records of each section, with their paths; problems for the rest."""
        out: dict[str, list[tuple[Path_, dict[str, Any]]]] = {s: [] for s in SECTIONS}
        if not isinstance(doc, dict):
            self.problem((), f"the top level is {describe(doc)}, not a mapping",
                         "start the file with `sources:`, `entities:` or `relationships:`")
            return out
        for key, items in doc.items():
            if key not in SECTIONS:
                self.problem((key,), f"unknown section {key!r}{did_you_mean(key, SECTIONS)}",
                             "use sources, entities or relationships")
                continue
            if items is None:
                continue
            if not isinstance(items, list):
                self.problem((key,), f"{key} must be a list, not {describe(items)}",
                             f"write each item under `{key}:` starting with `- `")
                continue
            for i, item in enumerate(items):
                if isinstance(item, dict):
                    out[key].append(((key, i), item))
                else:
                    self.problem((key, i), f"an item of {key} is {describe(item)}, not a mapping",
                                 "write `key: value` pairs under the `- `")
        return out

    def properties(self, path: Path_, raw: dict[str, Any], specset: SpecSet,
                   owner: str, skip: Sequence[str]) -> dict[str, Any]:
        """Check every property of a record; return the normalised ones not in `skip`."""
        specs, plain = specset.specs, specset.plain
        props: dict[str, Any] = {}
        for key, value in raw.items():
            # the fast path: one line of printable text (str.isprintable, in C, is false for
            # control characters, lone surrogates and line breaks: the type's check has those)
            if key in plain and value.__class__ is str and value.isprintable():
                stripped = value.strip()
                if stripped:
                    props[key] = stripped
                    continue
            spec = specs.get(key)
            if spec is None:
                if key not in skip:
                    self.problem((*path, key),
                                 f"unknown property {key!r} for {owner}{did_you_mean(key, specs)}",
                                 "allowed: " + ", ".join(k for k in specs if k not in skip))
                continue
            if value is None:
                continue
            try:
                norm = spec.kind.check(spec, value)
            except ValueProblem as exc:
                self.problem((*path, key), exc.message, exc.hint)
                continue
            if key not in skip:
                props[key] = norm
        for name in specset.required:
            if raw.get(name) is None:
                self.problem(path, f"{owner} has no {name!r}",
                             f"add `{name}:` ({specs[name].description})")
        for lo_name, hi_name in specset.ranges:
            lo, hi = props.get(lo_name), props.get(hi_name)
            if lo is not None and hi is not None and lo > hi:
                self.problem((*path, lo_name), f"{lo_name} {lo} is greater than {hi_name} {hi}",
                             "swap the two bounds")
        return props

    # -- records ---------------------------------------------------------------

    def source(self, path: Path_, raw: dict[str, Any]) -> None:
        sid = raw.get("id")
        if not isinstance(sid, str) or not SLUG.match(sid):
            self.problem((*path, "id") if "id" in raw else path,
                         f"source id {describe(sid)} is not a lowercase slug" if sid is not None
                         else "source has no id",
                         "use letters, digits and dashes, e.g. `id: nbc6-2020-clearview`")
            return
        props = self.properties(path, raw, self.source_specs, f"source {sid!r}",
                                skip=("id",))
        if sid in self.ds.sources or sid in self._where:
            self.problem((*path, "id"), f"duplicate source id {sid!r}, also defined in "
                         f"{self._where.get(sid, self.file)}", "give each source its own id")
            return
        self._where[sid] = self.file
        if {"title", "publisher", "kind"} <= props.keys():
            self.ds.sources[sid] = Source(id=sid, **props)

    def entity(self, path: Path_, raw: dict[str, Any]) -> None:
        etype = raw.get("type")
        if not isinstance(etype, str) or etype not in self.schema.entities:
            self._unknown_type(path, raw, "entity", self.schema.entities)
            return
        et = self.schema.entities[etype]
        props = self.properties(path, raw, self.entity_specs[etype], etype, skip=("id", "type"))
        eid = raw.get("id")
        name = props.pop("name", None)
        aliases = props.pop("aliases", ())
        if eid is None:
            suggestion = f"{et.prefix}:{slugify(name) if name else 'a-short-slug'}"
            self.problem(path, f"{etype} {name!r} has no id" if name else f"{etype} has no id",
                         f"add `id: {suggestion}` (ids are written once, never derived from names)")
            return
        prefix, _, slug = str(eid).partition(":")
        if prefix != et.prefix or not SLUG.match(slug):
            self.problem((*path, "id"), f"{etype} id {describe(eid)} is not `{et.prefix}:<slug>`",
                         f"write e.g. `id: {et.prefix}:{slugify(slug or str(eid)) or 'a-short-slug'}`")
            return
        if eid in self.ds.entities or eid in self._where:
            self.problem((*path, "id"), f"duplicate entity id {eid!r}, also defined in "
                         f"{self._where.get(eid, self.file)}",
                         "define each entity once; relationships in other files can refer to it")
            return
        self._where[eid] = self.file
        if name is None:
            return
        self.ds.entities[eid] = Entity(eid, etype, name, tuple(aliases), props)
        self.ds.index.add(eid, name, aliases)

    def _unknown_type(self, path: Path_, raw: dict[str, Any], what: str, known: Iterable[str]) -> None:
        t = raw.get("type")
        if t is None:
            self.problem(path, f"{what} has no type", "add `type:` with one of " + ", ".join(known))
        else:
            self.problem((*path, "type"), f"unknown {what} type {describe(t)}{did_you_mean(t, known)}",
                         "use one of " + ", ".join(known))

    def resolve(self, path: Path_, name: Any, allowed: Sequence[str] = ()) -> str | None:
        """An entity id for an id or a name, or None after reporting why not."""
        if not isinstance(name, str):
            self.problem(path, f"{path[-1]} must be an entity id or name, not {describe(name)}",
                         "write the id, e.g. agency:nypd, or the name in quotes")
            return None
        ids = self.ds.index.lookup(name)
        if len(ids) > 1:
            self.problem(path, f"{name!r} names several entities: {', '.join(ids)}", "use one of the ids")
            return None
        if not ids:
            hint = self.ds.index.suggest(name)
            self.problem(path, f"unknown entity {name!r}" +
                         (f" (did you mean {', '.join(repr(h) for h in hint)}?)" if hint else ""),
                         "define it under `entities:` or use an existing id or name")
            return None
        found = ids[0]
        if allowed and self.ds.entities[found].type not in allowed:
            self.problem(path, f"{path[-1]} {name!r} is {_a(self.ds.entities[found].type)}",
                         "it must be one of " + ", ".join(allowed))
            return None
        return found

    def relationship(self, path: Path_, raw: dict[str, Any]) -> None:
        rtype = raw.get("type")
        if not isinstance(rtype, str) or rtype not in self.schema.relationships:
            self._unknown_type(path, raw, "relationship", self.schema.relationships)
            return
        rt = self.schema.relationships[rtype]
        specset = self.rel_specs[rtype]
        n = len(self.problems)
        ends: dict[str, str | None] = {}
        for end in ("from", "to"):
            if end not in raw:
                self.problem(path, f"{rtype} has no {end!r}", f"add `{end}:` with an entity id or name")
            else:
                ends[end] = self.resolve((*path, end), raw[end])
        status = raw.get("status")
        if status is None:
            self.problem(path, f"{rtype} has no status", "add `status:` with one of " +
                         ", ".join(self.schema.statuses))
        elif not isinstance(status, str) or status not in self.schema.statuses:
            self.problem((*path, "status"), f"unknown status {describe(status)}"
                         f"{did_you_mean(status, self.schema.statuses)}",
                         "use one of " + ", ".join(self.schema.statuses))
        citations = self.citations(path, raw.get("citations"), rtype)
        props = self.properties(path, raw, specset, rtype, skip=_REL_KEYS)
        for key in specset.refs:
            if key in props:
                ref = self.resolve((*path, key), props[key], specset.specs[key].ref)
                if ref is None:
                    del props[key]
                else:
                    props[key] = ref
        if "start" in props and "end" in props:
            if date_bounds(props["end"])[1] < date_bounds(props["start"])[0]:
                self.problem((*path, "end"), f"end {props['end']} is before start {props['start']}",
                             "check the two dates, or swap them")
        if status == "denied" and citations and "disputes" not in {c.stance for c in citations}:
            self.problem((*path, "status"), f"a denied {rtype} needs a citation with stance: "
                         "disputes (the denial)", "cite the denial, or change the status")
        if status == "disputed" and citations:
            stances = {c.stance for c in citations}
            if stances != {"supports", "disputes"}:
                missing = "disputes" if "disputes" not in stances else "supports"
                self.problem((*path, "status"), f"a disputed {rtype} needs a citation with "
                             f"stance: {missing}", "cite the source on the other side, or change the status")
        src, dst = ends.get("from"), ends.get("to")
        if src is not None and dst is not None:
            stype, dtype = self.ds.entities[src].type, self.ds.entities[dst].type
            ok = stype in rt.from_types and dtype in rt.to_types
            if not rt.directed and not ok:
                ok = dtype in rt.from_types and stype in rt.to_types
            if not ok:
                self.problem(path, f"{rtype} cannot join {_a(stype)} to {_a(dtype)}",
                             f"{rtype} goes from {'/'.join(rt.from_types)} to {'/'.join(rt.to_types)}")
        qualifier = props.get("qualifier")
        if qualifier is not None and not SLUG.match(qualifier):
            self.problem((*path, "qualifier"), f"qualifier {qualifier!r} is not a lowercase slug",
                         f"write e.g. `qualifier: {slugify(qualifier) or 'second'}`")
            return
        if len(self.problems) > n or src is None or dst is None or not isinstance(status, str):
            return
        rid = relationship_id(rtype, src, dst, qualifier, rt.directed)
        if rid in self.ds.relationships:
            self.problem(path, f"duplicate relationship {rid!r}, also in {self._where[rid]}",
                         "merge the two, or add a `qualifier:` to tell them apart")
            return
        if not rt.directed and src > dst:
            src, dst = dst, src
        self._where[rid] = self.file
        self.ds.relationships[rid] = Relationship(rid, rtype, src, dst, status, citations, props)

    def citations(self, path: Path_, raw: Any, rtype: str) -> tuple[Citation, ...]:
        if raw is None or raw == []:
            self.problem(path, f"{rtype} has no citations",
                         "add `citations:` with at least one `- source: <source id>`")
            return ()
        if not isinstance(raw, list):
            self.problem((*path, "citations"), f"citations must be a list, not {describe(raw)}",
                         "write each citation on its own `- source: ...` line")
            return ()
        out = []
        for i, item in enumerate(raw):
            cpath = (*path, "citations", i)
            if not isinstance(item, dict):
                self.problem(cpath, f"a citation is {describe(item)}, not a mapping",
                             "write `- source: <source id>` with `locator:` and `note:`")
                continue
            props = self.properties(cpath, item, self.citation_specs, "citation", skip=())
            sid = props.get("source")
            if sid is not None and sid not in self.ds.sources:
                hint = did_you_mean(sid, self.ds.sources)
                self.problem((*cpath, "source"), f"citation to unknown source {sid!r}{hint}",
                             "define it under `sources:` or use an existing source id")
                continue
            if sid is None:
                continue
            quote = props.get("quote")
            if quote is None:
                self.missing_quote(cpath)
            elif len(quote.split()) > QUOTE_WORDS:
                self.problem((*cpath, "quote"), f"the quote has {len(quote.split())} words; keep "
                             f"it to {QUOTE_WORDS} or fewer", "quote the few words that decide the "
                             "claim and say the rest in the note, in our own words")
            out.append(Citation(**props))
        return tuple(out)

    def missing_quote(self, path: Path_) -> None:
        """A citation without a quote: an error where quotes are required (the bundled
        dataset, or strict checking), else a warning."""
        if self.require_quotes:
            self.problem(path, *QUOTELESS)
        else:
            self.ds.warnings.quoteless(self.file, path)
