"""The News & Observer's "Private Eyes" data: Flock Safety license-plate-reader portals
(github.com/mcclatchy-southeast/private_eyes, MIT; a copy is in datasets/private-eyes/).

One loader per file kind, each recognized by its header row:

- the agency list (`id,name,notes`): every agency as an `Agency` (state, jurisdiction and
  level parsed from the portal name; demonstration and vendor accounts as `Organization`s),
  Flock Safety, its license-plate readers and that it develops them;
- the access list: `SUPPLIES_DATA_TO` from the portal's agency to each agency with access
  to its plate-reader detections (directed: the portal says who may see whose data);
- the latest usage: the agency `USES` the readers (qualifier `flock-portal`) with camera
  counts, retention and the 30-day figures, dated by the portal's update time;
- the policies: a `Policy` per portal policy (repeated captures of one text once),
  `ADOPTED` by its agency, with its prohibited uses as a list;
- the N.C. survey: the agency `USES` its vendor's readers (qualifier `nc-survey`) with
  the confirmed camera count; "Confirmed by ..." notes make it `confirmed`, anything else
  (e.g. "Dept. declined to confirm") `reported`; its document URL is a second source;
- the portal URL checks: read and checked, nothing to map.

Every file is one `Source` (kind `dataset`, credited to The News & Observer); every
relationship cites it with the row (`row N`, the header being row 1) and a cell, verbatim.
Agencies are named across files by the agency list's ids: every file but that list looks
up the names in the agency list beside it, so that one agency is one entity even where a
file spells it differently ("Guilford County SO" is "Guilford County NC SO").
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, ClassVar

from watchgraph.errors import Problem
from watchgraph.loaders.csvrows import fill_lines
from watchgraph.loaders.private_eyes_names import agency_entity, agency_id
from watchgraph.loaders.registry import Loader

REPOSITORY = "https://github.com/mcclatchy-southeast/private_eyes"
PUBLISHER = "The News & Observer"
CREDIT = ("Private Eyes, an analysis by The News & Observer (McClatchy Southeast Data Desk), "
          "MIT License.")
COMPANY, PRODUCT = "company:flock-safety", "product:flock-alpr"
DATA_KIND = "license plate reader detections"
NA = ("", "NA", "Data Unavailable", "Unknown")

Row = tuple[int, int, dict[str, str]]  # (row number, first line, cells by column)
Doc = dict[str, list[dict[str, Any]]]


def read_rows(text: str, display: str) -> tuple[list[Row], list[Problem]]:
    """The data rows of a CSV file with their row and line numbers; a Problem for each
    row whose number of cells is not the header's."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    header = [c.strip() for c in next(reader, [])]
    rows: list[Row] = []
    problems: list[Problem] = []
    line = reader.line_num + 1
    for cells in reader:
        number = len(rows) + len(problems) + 2
        if cells and len(cells) != len(header):
            problems.append(Problem(display, f"row {number} has {len(cells)} cells, the header "
                                    f"{len(header)}", "check the row's commas and quotes", line=line))
        elif cells:
            rows.append((number, line, dict(zip(header, cells, strict=True))))
        line = reader.line_num + 1
    return rows, problems


def cell(row: dict[str, str], column: str) -> str | None:
    """A cell's value, stripped; None for the data's missing-value markers."""
    value = row.get(column, "").strip()
    return None if value in NA else value


def quote(value: str, words: int = 15) -> str:
    """A cell's first words, verbatim: a quote a reader can find with Ctrl-F."""
    return " ".join(value.split()[:words])


def file_date(path: Path) -> str | None:
    """The date in a file's name (`...20240426.csv`), when it reads as YYYYMMDD."""
    m = re.search(r"(20\d\d)(\d\d)(\d\d)\.csv$", path.name)
    return f"{m[1]}-{m[2]}-{m[3]}" if m and "01" <= m[2] <= "12" else None


def source(kind: str, path: Path, published: str | None, what: str) -> dict[str, Any]:
    """The Source record for one file of the data."""
    src: dict[str, Any] = {
        "id": f"private-eyes-{kind}", "title": f"Private Eyes data: {path.name}",
        "publisher": PUBLISHER, "kind": "dataset", "url": REPOSITORY,
        "author": ["Tyler Dukes"], "note": f"{what} {CREDIT}"}
    if published:
        src["published"] = published
    return src


def citation(src: dict[str, Any], number: int, text: str, note: str | None = None) -> dict[str, Any]:
    """A citation of one row of a file, quoting one of its cells."""
    out = {"source": src["id"], "locator": f"row {number}", "quote": quote(text)}
    if note:
        out["note"] = note
    return out


class _PrivateEyes(Loader):
    """What every file kind shares: rows in, a document and its rows' lines out."""

    needs_agencies: ClassVar[bool] = True

    def read(self, path: Path, text: str, display: str) -> tuple[Any, list[Problem]]:
        doc, problems, _ = self.build(path, text, display)
        return doc, problems

    def build(self, path: Path, text: str, display: str) -> tuple[Doc, list[Problem], dict[tuple[str, int], int]]:
        """The document, the problems, and the line of each record's row."""
        rows, problems = read_rows(text, display)
        doc: Doc = {"sources": [], "entities": [], "relationships": []}
        lines: dict[tuple[str, int], int] = {}
        agencies = None
        if self.needs_agencies:
            agencies = load_agencies(path)
            if agencies is None:
                problems.append(Problem(display, "no agency list (agencyYYYYMMDD.csv) beside "
                                        "this file", "keep the Private Eyes files together in "
                                        "one folder", line=1))
                return doc, problems, lines
        for section, line in self.records(path, rows, doc, problems, display, agencies or {}):
            lines[(section, len(doc[section]) - 1)] = line
        return doc, problems, lines

    def records(self, path: Path, rows: list[Row], doc: Doc, problems: list[Problem],
                display: str, agencies: dict[str, str]) -> Iterator[tuple[str, int]]:
        """Add each row's records to the document; yield (section, line) per record."""
        raise NotImplementedError

    def depends_on(self, path: Path) -> list[Path]:
        """The agency list beside the file, which the document depends on."""
        found = agency_list(path) if self.needs_agencies else None
        return [found] if found else []

    def locate(self, path: Path, problems: Sequence[Problem]) -> None:
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""
        fill_lines(problems, self.build(path, text, str(path))[2] if text else {})


def agency_list(path: Path) -> Path | None:
    """The agency list in a file's folder (the newest by name)."""
    found = sorted(path.parent.glob("agency[0-9]*.csv"))
    return found[-1] if found else None


def load_agencies(path: Path) -> dict[str, str] | None:
    """The agency list beside a file: entity ids by N&O id and by `name:` and the name;
    the name of each entity id by `name-of:` and the id."""
    found = agency_list(path)
    if found is None:
        return None
    out: dict[str, str] = {}
    with open(found, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            name = (row.get("name") or "").strip()
            if name:
                eid = out[(row.get("id") or "").strip()] = out["name:" + name] = agency_id(name)
                out.setdefault("name-of:" + eid, name)
    return out


def agency_ref(agencies: dict[str, str], n_o_id: str, name: str) -> str | None:
    """The entity id of the agency a row names, through the agency list's ids (then its
    names); None when the list has neither."""
    return agencies.get(n_o_id.strip()) or agencies.get("name:" + name.strip())


def _unknown_agency(display: str, number: int, line: int, name: str) -> Problem:
    return Problem(display, f"row {number}: agency {name!r} is not in the agency list",
                   "add it to agencyYYYYMMDD.csv or correct the id and name", line=line)


class AgencyList(_PrivateEyes):
    """`agencyYYYYMMDD.csv`: the agencies, and Flock Safety with its readers."""

    name = "private-eyes-agencies"
    columns = frozenset({"id", "name", "notes"})
    needs_agencies = False

    def records(self, path: Path, rows: list[Row], doc: Doc, problems: list[Problem],
                display: str, agencies: dict[str, str]) -> Iterator[tuple[str, int]]:
        src = source("agencies", path, file_date(path), "Every agency seen on a Flock Safety "
                     "transparency portal or in its sharing lists.")
        doc["sources"].append(src)
        doc["entities"] += [
            {"id": COMPANY, "type": "Company", "name": "Flock Safety", "aliases": ["Flock"],
             "description": "Maker of automated license plate readers sold to police, with "
                            "public transparency portals for the agencies using them."},
            {"id": PRODUCT, "type": "Product", "name": "Flock Safety license plate readers",
             "aliases": ["Flock ALPR system", "Flock ALPR"], "category": "license-plate-reader",
             "capability": "Fixed cameras that record passing vehicles' plates and features "
                           "and alert on hotlists; agencies share the detections."}]
        doc["relationships"].append(
            {"type": "DEVELOPS", "from": COMPANY, "to": PRODUCT, "status": "reported",
             "citations": [{"source": src["id"], "locator": "README, data dictionary",
                            "quote": "through the Flock ALPR system",
                            "note": "The data dictionary calls the portals' system Flock's."}]})
        yield "relationships", 1
        by_id: dict[str, dict[str, Any]] = {}
        for number, line, row in rows:
            name = (row.get("name") or "").strip()
            if not name:
                problems.append(Problem(display, f"row {number} has no name", "fill in the "
                                        "agency's name as its portal spells it", line=line))
                continue
            entity = agency_entity(name)
            same = by_id.get(entity["id"])
            if same is not None:  # the same name but for punctuation: one agency
                if name != same["name"]:
                    same.setdefault("aliases", []).append(name)
                continue
            by_id[entity["id"]] = entity
            doc["entities"].append(entity)
            yield "entities", line


class AccessList(_PrivateEyes):
    """`agency_accessYYYYMMDD.csv`: whose portal lets whom see its plate data."""

    name = "private-eyes-access"
    columns = frozenset({"src_agency", "external_agency", "src_agency_id", "external_agency_id"})

    def records(self, path: Path, rows: list[Row], doc: Doc, problems: list[Problem],
                display: str, agencies: dict[str, str]) -> Iterator[tuple[str, int]]:
        day = file_date(path)
        src = source("access", path, day, "Who can see whose plate-reader data: the "
                     "organizations each Flock portal lists as having access.")
        doc["sources"].append(src)
        seen: set[tuple[str, str]] = set()
        for number, line, row in rows:
            a = agency_ref(agencies, row["src_agency_id"], row["src_agency"])
            b = agency_ref(agencies, row["external_agency_id"], row["external_agency"])
            if a is None or b is None:
                bad = row["src_agency"] if a is None else row["external_agency"]
                problems.append(_unknown_agency(display, number, line, bad))
                continue
            if a == b or (a, b) in seen:
                continue  # an agency listing itself, or a pair listed twice: nothing new
            seen.add((a, b))
            rel: dict[str, Any] = {
                "type": "SUPPLIES_DATA_TO", "from": a, "to": b, "status": "confirmed",
                "dataKind": DATA_KIND,
                "citations": [citation(src, number, row["external_agency"])]}
            if day:
                rel["date"] = day
            doc["relationships"].append(rel)
            yield "relationships", line


def _count(row: dict[str, str], column: str, number: int, line: int, display: str,
           problems: list[Problem]) -> int | None:
    value = cell(row, column)
    if value is None:
        return None
    m = re.fullmatch(r"(-?\d+)(?: days)?", value.replace(",", ""))
    if m is None:
        if "Infinity" in value:
            return None  # the portal shows no limit
        problems.append(Problem(display, f"row {number}: {column} {value!r} is not a number",
                                "write a whole number or NA", line=line))
        return None
    return int(m[1])


def _items(value: str | None) -> list[str]:
    """A cell's comma-separated list; commas inside parentheses stay in their item."""
    if value is None:
        return []
    parts = re.split(r",(?![^()]*\))", value)
    return [p.strip().rstrip(".").strip() for p in parts if p.strip().rstrip(".").strip()]


class LatestUsage(_PrivateEyes):
    """`latest_usageMMDDYYYY.csv`: each portal's latest figures."""

    name = "private-eyes-usage"
    columns = frozenset({"agency", "updated", "url", "data_retention_in_days",
                         "number_of_owned_cameras", "searches_in_the_last_30_days"})
    figures = {"number_of_owned_cameras": "cameras", "data_retention_in_days": "retentionDays",
               "vehicles_detected_in_the_last_30_days": "detectionsLast30Days",
               "hotlist_hits_in_the_last_30_days": "hotlistHitsLast30Days",
               "searches_in_the_last_30_days": "searchesLast30Days"}

    def records(self, path: Path, rows: list[Row], doc: Doc, problems: list[Problem],
                display: str, agencies: dict[str, str]) -> Iterator[tuple[str, int]]:
        accessed = sorted(filter(None, (cell(r, "accessed") for _, _, r in rows)))
        src = source("usage", path, accessed[-1][:10] if accessed else None, "Each Flock "
                     "portal's latest figures: cameras, retention, hotlists, 30-day counts.")
        doc["sources"].append(src)
        for number, line, row in rows:
            a = agency_ref(agencies, row.get("id", ""), row["agency"])
            if a is None:
                problems.append(_unknown_agency(display, number, line, row["agency"]))
                continue
            n = len(problems)
            rel: dict[str, Any] = {"type": "USES", "from": a, "to": PRODUCT, "mode": "unknown",
                                   "status": "confirmed", "qualifier": "flock-portal"}
            for column, prop in self.figures.items():
                value = _count(row, column, number, line, display, problems)
                if value is not None:
                    rel[prop] = value
            updated = cell(row, "updated")
            if updated:
                rel["date"] = updated[:10]
            if cell(row, "hotlists_alerted_on"):
                rel["hotlists"] = _items(cell(row, "hotlists_alerted_on"))
            if cell(row, "public_search_audit") in ("0", "1"):
                rel["publicSearchAudit"] = cell(row, "public_search_audit") == "1"
            url = cell(row, "url")
            if url:
                rel["portalUrl"] = url
            if len(problems) > n:
                continue
            rel["citations"] = [citation(src, number, url or row["agency"])]
            doc["relationships"].append(rel)
            yield "relationships", line


class Policies(_PrivateEyes):
    """`agency_policies.csv`: each portal's policy, once per text."""

    name = "private-eyes-policies"
    columns = frozenset({"agency", "updated", "url", "hash", "prohibited_uses",
                         "acceptable_use_policy"})
    texts = {"acceptable_use_policy": "acceptableUse", "access_policy": "accessPolicy",
             "hotlist_policy": "hotlistPolicy"}
    lists = {"whats_detected": "detects", "whats_not_detected": "doesNotDetect",
             "prohibited_uses": "prohibitedUses"}

    def records(self, path: Path, rows: list[Row], doc: Doc, problems: list[Problem],
                display: str, agencies: dict[str, str]) -> Iterator[tuple[str, int]]:
        accessed = sorted(filter(None, (cell(r, "accessed") for _, _, r in rows)))
        src = source("policies", path, accessed[-1][:10] if accessed else None, "Each Flock "
                     "portal's policy text, captured again when it changed.")
        doc["sources"].append(src)
        seen: set[tuple[str, str]] = set()
        ids: set[str] = set()
        for number, line, row in rows:
            a = agency_ref(agencies, row.get("id", ""), row["agency"])
            if a is None:
                problems.append(_unknown_agency(display, number, line, row["agency"]))
                continue
            text_key = cell(row, "hash") or "".join(row.get(c, "") for c in (*self.texts, *self.lists))
            if (a, text_key) in seen:
                continue  # the same text captured again
            seen.add((a, text_key))
            day = (cell(row, "updated") or "")[:10]
            pid = f"policy:{a.partition(':')[2]}-flock-portal" + (f"-{day}" if day else "")
            while pid in ids:
                pid += "-2"
            ids.add(pid)
            name = agencies.get("name-of:" + a) or row["agency"].strip()
            policy: dict[str, Any] = {"id": pid, "type": "Policy", "kind": "department-policy",
                                      "name": f"Flock portal policy of {name}" + (f" ({day})" if day else "")}
            if cell(row, "url"):
                policy["url"] = cell(row, "url")
            for column, prop in self.texts.items():
                if cell(row, column):
                    policy[prop] = cell(row, column)
            for column, prop in self.lists.items():
                if _items(cell(row, column)):
                    policy[prop] = _items(cell(row, column))
            doc["entities"].append(policy)
            yield "entities", line
            rel: dict[str, Any] = {"type": "ADOPTED", "from": a, "to": pid, "status": "confirmed",
                                   "citations": [citation(src, number, cell(row, "url") or row["agency"])]}
            if day:
                rel["date"] = day
            doc["relationships"].append(rel)
            yield "relationships", line

