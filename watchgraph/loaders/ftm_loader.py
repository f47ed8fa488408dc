"""FollowTheMoney JSON lines, as `watchgraph export ftm` writes them.

Recognized by the name (`.ftm.json`, `.ftm.jsonl`, `.jsonl`: OpenSanctions and Aleph name
their exports `entities.ftm.json`) or, for a plain `.json` file, by its content: a first
line that is a JSON object with `schema` and `properties` is FtM, not the JSON data format.

Each line is read back through the FtM mapping of `watchgraph.exporters.ftm`'s inverse:
names, aliases, description, country, wikidataId and website of an entity; startDate,
endDate, date, description, amount, currency and status of a relationship; a Document's
title, publisher, publishedAt, sourceUrl, author and description; and from the
`watchgraph` key the ids, types, citations and the properties FtM has no place for. A line
without that key (FtM from another tool) is reported, one problem per line.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from watchgraph.errors import Problem
from watchgraph.loaders.registry import Loader

ENTITY_PROPS = {"description": "description", "wikidataId": "wikidata", "country": "country",
                "website": "url"}
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


def convert(text: str, display: str) -> tuple[dict[str, list[Any]], dict[Where, int], list[Problem]]:
    """The document in the data format, the line of each record, and the problems."""
    doc: dict[str, list[Any]] = {"sources": [], "entities": [], "relationships": []}
    lines: dict[Where, int] = {}
    problems: list[Problem] = []
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
        if not isinstance(wg, dict) or not isinstance(props, dict):
            problems.append(Problem(
                display, "an FtM entity without the watchgraph key",
                "only files written by watchgraph export ftm can be read so far", line=n))
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
            record.update({**_mapped(props, ENTITY_PROPS), **rest})
        lines[(section, len(doc[section]))] = n
        doc[section].append(record)
    return doc, lines, problems


class FtmLoader(Loader):
    """FtM JSON lines written by `watchgraph export ftm`."""

    name = "ftm"
    suffixes = (".ftm.json", ".ftm.jsonl", ".jsonl")

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
