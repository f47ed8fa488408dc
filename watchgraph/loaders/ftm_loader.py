"""FollowTheMoney JSON lines, as `watchgraph export ftm` writes them.

Recognized by the name (`.ftm.json`, `.ftm.jsonl`, `.jsonl`: OpenSanctions and Aleph name
their exports `entities.ftm.json`) or, for a plain `.json` file, by its content: a first
line that is a JSON object with `schema` and `properties` is FtM, not the JSON data format.

Each line is read back through the FtM mapping of `watchgraph.exporters.ftm`'s inverse:
names, aliases, description, country, wikidataId, uniqueEntityId (uei), website,
incorporationDate (founded),
position (role) and date of an entity, as far as its type has them; startDate,
endDate, date, description, amount, currency and status of a relationship; a Document's
title, publisher, publishedAt, sourceUrl, author and description; and from the
`watchgraph` key the ids, types, citations and the properties FtM has no place for.

Lines without that key (FtM from Aleph, OpenSanctions or another tool) go through the same
mapping backwards: an entity whose schema an entity type declares becomes that type (the
first one declaring it: PublicBody → Agency, Asset → Product, Document → Policy), with the
id `<prefix>:<slug of its FtM id>`; a Document that an interval cites as `proof` becomes a
Source (kind `dataset`); an interval becomes the relationship type whose `ftm` mapping and
endpoint types fit it (an UnknownLink needs its `role` to name the type, e.g. `uses` or
`USES`; a required property that may be `unknown` is), with FtM's `status` when it is one of ours (`reported` otherwise) and its proof
Documents as citations, or, without proof, one Source standing for the file, cited with the
line as locator. Entities of other schemata (Address, Sanction, Identification, ...) are
left out; an interval that fits no relationship type is a problem on its line.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from watchgraph.errors import Problem
from watchgraph.graph.identity import slugify
from watchgraph.graph.schema import Schema, load_schema
from watchgraph.loaders.registry import Loader

ENTITY_PROPS = {"description": "description", "wikidataId": "wikidata", "country": "country",
                "website": "url", "incorporationDate": "founded", "position": "role",
                "date": "date", "uniqueEntityId": "uei"}
RELATIONSHIP_PROPS = {"startDate": "start", "endDate": "end", "date": "date",
                      "description": "note", "amount": "amount", "currency": "currency"}
SOURCE_PROPS = {"publisher": "publisher", "publishedAt": "published", "sourceUrl": "url",
                "author": "author", "description": "note"}
LISTS = {"author"}
Where = tuple[str, int]


def _number(text: str) -> int | float:
    try:
        return int(text)
    except ValueError:
        return float(text)


def _first(props: dict[str, Any], name: str) -> Any:
    values = props.get(name)
    return values[0] if isinstance(values, list) and values else None


def _mapped(props: dict[str, Any], mapping: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for ftm_name, ours in mapping.items():
        values = props.get(ftm_name)
        if not isinstance(values, list) or not values:
            continue
        if ours in LISTS:
            out[ours] = [str(v) for v in values]
        elif ours == "amount":
            out[ours] = _number(str(values[0]))
        elif ours == "country":
            out[ours] = str(values[0]).upper()
        else:
            out[ours] = values[0]
    return out


def _entity_props(props: dict[str, Any], type_name: str,
                  schema: Schema | None = None) -> dict[str, Any]:
    """The mapped FtM properties that the entity type declares."""
    schema = schema or load_schema()
    if type_name not in schema.entities:
        return _mapped(props, ENTITY_PROPS)  # the validator reports the unknown type
    return {k: v for k, v in _mapped(props, ENTITY_PROPS).items()
            if schema.entity_property(type_name, k) is not None}


def convert(text: str, display: str) -> tuple[dict[str, list[Any]], dict[Where, int], list[Problem]]:
    """The document in the data format, the line of each record, and the problems."""
    doc: dict[str, list[Any]] = {"sources": [], "entities": [], "relationships": []}
    lines: dict[Where, int] = {}
    problems: list[Problem] = []
    foreign: list[tuple[int, dict[str, Any]]] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(Problem(display, f"JSON syntax error: {exc.msg}",
                                    "each line must be one FtM entity as a JSON object", line=n))
            continue
        wg = data.get("watchgraph") if isinstance(data, dict) else None
        props = data.get("properties") if isinstance(data, dict) else None
        if not isinstance(props, dict) or not isinstance(data.get("schema"), str):
            problems.append(Problem(display, "not an FtM entity",
                                    "each line needs `id`, `schema` and `properties`", line=n))
            continue
        if not isinstance(wg, dict):
            foreign.append((n, data))
            continue
        rest = wg.get("properties") or {}
        if wg.get("source"):
            section = "sources"
            record = {"id": wg.get("id"), "title": _first(props, "title"),
                      **_mapped(props, SOURCE_PROPS), **rest}
        elif "from" in wg:
            section = "relationships"
            record = {"type": wg.get("type"), "from": wg.get("from"), "to": wg.get("to"),
                      "status": _first(props, "status") or wg.get("status"),
                      **_mapped(props, RELATIONSHIP_PROPS), **rest,
                      "citations": wg.get("citations")}
        else:
            section = "entities"
            record = {"id": wg.get("id"), "type": wg.get("type"), "name": _first(props, "name")}
            if props.get("alias"):
                record["aliases"] = list(props["alias"])
            record.update({**_entity_props(props, str(wg.get("type"))), **rest})
        lines[(section, len(doc[section]))] = n
        doc[section].append(record)
    if foreign:
        for section, n, record in _foreign(foreign, display, load_schema(), problems):
            lines[(section, len(doc[section]))] = n
            doc[section].append(record)
    return doc, lines, problems


def _foreign(found: list[tuple[int, dict[str, Any]]], display: str, schema: Schema,
             problems: list[Problem]) -> list[tuple[str, int, dict[str, Any]]]:
    """FtM entities from another tool as (section, line, record), through the mapping
    backwards (see the module's docstring)."""
    entity_type: dict[str, str] = {}
    for t in schema.entities.values():
        entity_type.setdefault(t.ftm, t.name)
    edge_schemata = {r.ftm.schema for r in schema.relationships.values()}
    proofs = {str(v) for _, d in found if d["schema"] in edge_schemata
              for v in d["properties"].get("proof") or ()}
    out: list[tuple[str, int, dict[str, Any]]] = []
    ours: dict[str, tuple[str, str]] = {}  # FtM id -> (our id, our type)
    file_source = "ftm-" + (slugify(Path(display).name) or "file")
    for n, d in found:
        props, fid = d["properties"], str(d.get("id"))
        if fid in proofs:
            out.append(("sources", n, {
                "id": fid, "title": _first(props, "title") or _first(props, "name") or fid,
                "publisher": _first(props, "publisher") or "unknown", "kind": "dataset",
                **{k: v for k, v in _mapped(props, SOURCE_PROPS).items() if k != "publisher"}}))
        elif d["schema"] in entity_type:
            type_name = entity_type[d["schema"]]
            our_id = f"{schema.entities[type_name].prefix}:{slugify(fid) or 'x'}"
            ours[fid] = (our_id, type_name)
            record = {"id": our_id, "type": type_name, "name": _first(props, "name")}
            if props.get("alias"):
                record["aliases"] = list(props["alias"])
            out.append(("entities", n, {**record, **_entity_props(props, type_name, schema)}))
    cites_file = False
    for n, d in found:
        if d["schema"] not in edge_schemata:
            continue
        props = d["properties"]
        rel = _relationship(schema, d["schema"], props, ours)
        if rel is None:
            problems.append(Problem(display, f"an FtM {d['schema']} that fits no relationship "
                                    "type between these entities",
                                    "an UnknownLink's role must name the type, e.g. uses",
                                    line=n))
            continue
        cited = [str(v) for v in props.get("proof") or ()]
        cites_file = cites_file or not cited
        status = _first(props, "status")
        out.append(("relationships", n, {
            **rel, "status": status if status in schema.statuses else "reported",
            **{k: v for k, v in _mapped(props, RELATIONSHIP_PROPS).items()
               if schema.relationship_property(rel["type"], k) is not None},
            "citations": [{"source": c} for c in cited]
            or [{"source": file_source, "locator": f"line {n}"}]}))
    if cites_file:
        out.append(("sources", 0, {"id": file_source, "title": Path(display).name,
                                   "publisher": "unknown", "kind": "dataset"}))
    return out


def _relationship(schema: Schema, ftm_schema: str, props: dict[str, Any],
                  ours: dict[str, tuple[str, str]]) -> dict[str, Any] | None:
    role = str(_first(props, "role") or "").strip().lower()
    for t in schema.relationships.values():
        m = t.ftm
        if m.schema != ftm_schema:
            continue
        a, b = ours.get(str(_first(props, m.source))), ours.get(str(_first(props, m.target)))
        if a is None or b is None or a[1] not in t.from_types or b[1] not in t.to_types:
            continue
        if ftm_schema == "UnknownLink" and role not in (t.label.lower(), t.name.lower()):
            continue
        unknown = {name: "unknown" for name, spec in t.properties.items()
                   if spec.required and "unknown" in spec.values}  # USES: mode unknown
        return {"type": t.name, "from": a[0], "to": b[0], **unknown}
    return None


class FtmLoader(Loader):
    """FtM JSON lines written by `watchgraph export ftm`."""

    name = "ftm"

    @classmethod
    def sniff(cls, first_line: str) -> bool:
        """Whether a `.json` file's first line is an FtM entity."""
        if len(first_line) > 1 << 20 or not first_line.lstrip().startswith("{"):
            return False
        try:
            data = json.loads(first_line)
        except ValueError:
            return False
        return isinstance(data, dict) and "schema" in data and "properties" in data

    def read(self, path: Path, text: str, display: str) -> tuple[Any, list[Problem]]:
        doc, _, problems = convert(text, display)
        return (None, problems) if problems else (doc, [])

    def locate(self, path: Path, problems: Sequence[Problem]) -> None:
        pending = [p for p in problems if p.line is None]
        if pending:
            try:
                _, lines, _ = convert(path.read_text("utf-8"), "")
            except (OSError, UnicodeDecodeError):
                lines = {}
            for p in pending:
                key = (str(p.path[0]), int(p.path[1])) if len(p.path) >= 2 else None
                p.line = lines.get(key, 1) if key else 1
