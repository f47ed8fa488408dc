"""The Atlas of Surveillance (the Electronic Frontier Foundation and the University of
Nevada, Reno's Reynolds School of Journalism; CC BY 4.0): its CSV export,
https://atlasofsurveillance.org/download.csv, one row per agency and technology.

Columns are read by name, so both headers work: with and without `NEWAOSNUMBER (ORI9)`
and `TECH ABV`. What a row becomes:

- the `Agency`, with its state, jurisdiction and level (from `Type of Juris`, else
  `Type of LEA`) and its ORI (the first nine characters of `NEWAOSNUMBER (ORI9)`; the
  Atlas's own stand-ins, `XX0000…` and `AOS…`, are not ORIs); its id is the slug of
  state and name (`agency:tx-dallas-police-department`), so the same agency on two rows
  is one entity; a second agency of the same name and state with another ORI gets the
  ORI after its id;
- for each vendor the `Vendor` cell names (several are split at `,` `;` `/`, but not
  before `Inc.` or `LLC`): a `Company`, its `Product` for the technology ("Flock Safety
  license plate readers", `product:flock-safety-alpr`) and that it `DEVELOPS` it; with no
  vendor, one product per technology stands for every unnamed one ("automated license
  plate readers (vendor not named)", `product:alpr-vendor-not-named`);
- the agency `USES` each product: mode `unknown`, status `reported` (the Atlas compiles
  news reports, public records and volunteers' research; it says neither when nor on
  what terms), citing the Atlas with the row's AOSNUMBER as locator and its summary's
  first words as quote; the same agency and product on two rows is one relationship
  with two citations;
- each link (`Link 1` to `Link 3`, and addresses in `Other Links`) a `Source`: its
  publisher from `Link N Source`, its date from `Link N Date` (`12/27/2012`), its
  archived copy from `Link N Snapshot`, its kind from `Link N Type` (empty in the
  Atlas's exports, then guessed from the address). The Atlas citation names these
  sources in its note: without their text, a citation of a link could quote nothing.

Rows without an agency, a technology or an AOSNUMBER, with a state that is not a US
state or territory code, or with a control character are skipped, one line each.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from watchgraph.errors import Problem
from watchgraph.graph.identity import slugify
from watchgraph.graph.types import is_url
from watchgraph.loaders.csvrows import (
    Doc,
    DocBuilder,
    Row,
    RowReader,
    fill_lines,
    iso_date,
    one_line,
)
from watchgraph.loaders.private_eyes import quote
from watchgraph.loaders.private_eyes_names import STATES
from watchgraph.loaders.registry import Loader, Skipped

_slug = lru_cache(maxsize=1 << 16)(slugify)  # vendors and technologies repeat on many rows

SOURCE = "atlas-of-surveillance"
URL = "https://atlasofsurveillance.org"
PUBLISHER = "Electronic Frontier Foundation"
CREDIT = ("Atlas of Surveillance, a project of the Electronic Frontier Foundation and the "
          "Reynolds School of Journalism at the University of Nevada, Reno; CC BY 4.0.")
ORI_COLUMN = "NEWAOSNUMBER (ORI9)"
TERRITORIES = {**STATES, "VI": "U.S. Virgin Islands", "GU": "Guam", "AS": "American Samoa",
               "MP": "Northern Mariana Islands"}

TECHNOLOGIES: dict[str, tuple[str, str, str, str | None]] = {
    # Technology (lower case): (id slug, product noun, generic name, product category)
    "automated license plate readers": ("alpr", "license plate readers",
                                        "automated license plate readers", "license-plate-reader"),
    "face recognition": ("face-recognition", "face recognition", "face recognition",
                         "facial-recognition"),
    "body-worn cameras": ("body-worn-cameras", "body-worn cameras", "body-worn cameras", None),
    "drones": ("drones", "drones", "drones", None),
    "camera registry": ("camera-registry", "camera registry", "camera registry", None),
    "cell-site simulator": ("cell-site-simulators", "cell-site simulators",
                            "cell-site simulators", None),
    "gunshot detection": ("gunshot-detection", "gunshot detection", "gunshot detection", None),
    "predictive policing": ("predictive-policing", "predictive policing",
                            "predictive policing", None),
    "real-time crime center": ("real-time-crime-center", "real-time crime center",
                               "real-time crime center", None),
    "third-party investigative platforms": ("investigative-platform", "investigative platform",
                                            "third-party investigative platform", None),
    "video analytics": ("video-analytics", "video analytics", "video analytics", None),
    "fusion center": ("fusion-center", "fusion center", "fusion center", None),
}
LEVELS = {"municipal": "city", "county": "county", "parish": "county", "statewide": "state",
          "state": "state", "federal": "federal"}
LEA_LEVELS = {"state police/highway patrol": "state", "state police": "state",
              "customs and border protection": "federal", "cbp": "federal"}
NO_VENDOR = {"", "unknown", "n/a", "na", "none", "not specified", "unspecified", "various"}
_SPLIT = re.compile(r"\s*[;/|]\s*|\s*,(?!\s*(?:inc|llc|l\.l\.c|ltd|corp|co|company)\b)", re.I)
_ORI = re.compile(r"^[A-Z]{2}[0-9A-Z]{7}$")
_OTHER_URL = re.compile(r"https?://[^\s,;]+")
LINKS = ((1, "Link 1"), (2, "Link 2"), (3, "Link 3"))
USE_NOTE = ("Listed by the Atlas of Surveillance, which EFF compiles from news reports, public "
            "records and volunteers' research; it says neither since when nor on what terms.")
LINK_NOTE = ("A document the Atlas of Surveillance cites. The Atlas gives no title; the kind is "
             "the Atlas's link type, or read from the address where it gives none.")


@lru_cache(maxsize=4096)
def vendors(cell: str) -> tuple[str, ...]:
    """The vendors a `Vendor` cell names, in order, each once."""
    out: dict[str, str] = {}
    if one_line(cell).lower() in NO_VENDOR:
        return ()
    for part in _SPLIT.split(one_line(cell)):
        name = part.strip()
        if name.lower() not in NO_VENDOR and _slug(name):
            out.setdefault(_slug(name), name)
    return tuple(out.values())


def link_kind(kind: str, url: str) -> str:
    """A link's source kind: from the Atlas's `Link N Type` where it gives one, else read
    from the address (a records-request site is foia, a government or wire-service site
    an official statement, the rest news)."""
    k = kind.lower()
    for words, out in () if not k else ((("foia", "public record", "records request"), "foia"),
                       (("news",), "news"), (("report", "audit", "study"), "report"),
                       (("press", "government", "official", "statement", "minutes", "agenda"),
                        "official-statement"), (("data",), "dataset")):
        if any(w in k for w in words):
            return out
    host = host_of(url).lower().split(":")[0]
    if "muckrock" in host:
        return "foia"
    if host.endswith((".gov", ".mil", ".us", "wire.com")):
        return "official-statement"
    return "news"


def host_of(url: str) -> str:
    """The host (and port) of an http(s) address."""
    return url.split("/", 3)[2].rpartition("@")[2]


def file_date(path: Path) -> str | None:
    """The date in an export's name (`Atlas of Surveillance-20260820.csv`)."""
    m = re.search(r"(\d{4})(\d{2})(\d{2})\.csv$", path.name)
    return iso_date(f"{m[1]}-{m[2]}-{m[3]}") if m else None


class _Builder(DocBuilder):
    """Turns the Atlas's rows into one document, one row at a time."""

    def __init__(self, path: Path, reader: RowReader) -> None:
        super().__init__(reader)
        self.agencies: dict[str, dict[str, Any]] = {}  # by id
        self.agency_slugs: dict[tuple[str, str], str] = {}
        self.products: set[str] = set()
        self.companies: dict[str, dict[str, Any]] = {}
        self.uses: dict[tuple[str, str], dict[str, Any]] = {}
        self.links: dict[str, str] = {}  # source id by address
        stem = _slug(path.stem)
        self.source = stem if stem.startswith(SOURCE) else f"{SOURCE}-{stem}".rstrip("-")
        atlas: dict[str, Any] = {
            "id": self.source, "title": f"Atlas of Surveillance ({path.name})", "publisher": PUBLISHER,
            "kind": "dataset", "url": URL,
            "note": "A database of the surveillance technologies US law-enforcement agencies "
                    "use, compiled from news reports, public records and volunteers' research. "
                    + CREDIT}
        if day := file_date(path):
            atlas["published"] = day
        self.add("sources", atlas, 1)

    def row(self, number: int, line: int, row: Row) -> None:
        aos, name = one_line(row["AOSNUMBER"]), one_line(row["Agency"])
        state, tech = one_line(row["State"]).upper(), one_line(row["Technology"])
        skip = self.reader.skip
        if self.skip_unfit(number, line, row):
            return
        base = self.agency_slugs.get((state, name))
        if base is None:
            base = self.agency_slugs[(state, name)] = slugify(f"{state} {name}")
        if base == state.lower() or not name:
            return skip(number, line, "no Agency", "fill in the agency's name", "no agency")
        if state not in TERRITORIES:
            return skip(number, line, f"State {row['State'].strip()!r} is not a US state or "
                        "territory code", "write its two-letter postal code, e.g. TX",
                        "not a state code")
        if not _slug(tech):
            return skip(number, line, "no Technology", "fill in the technology", "no technology")
        if not aos:
            return skip(number, line, "no AOSNUMBER", "fill in the Atlas's row number",
                        "no AOSNUMBER")
        aid = self.agency(row, "agency:" + base, name, state, line)
        cites = self.sources(row, number, line)
        note = (f"The Atlas row cites {', '.join(cites)}." if cites else
                "The Atlas row links no document.")
        citation = {"source": self.source, "locator": aos, "quote": quote(row["Summary"]) or tech,
                    "note": note}
        for pid in self.products_of(row, tech, aos, line):
            rel = self.uses.get((aid, pid))
            if rel is None:
                rel = self.uses[(aid, pid)] = {
                    "type": "USES", "from": aid, "to": pid, "mode": "unknown",
                    "status": "reported", "note": USE_NOTE, "citations": []}
                self.add("relationships", rel, line)
            if citation not in rel["citations"]:
                rel["citations"].append(citation)
        return None

    def agency(self, row: Row, aid: str, name: str, state: str, line: int) -> str:
        """The id of the row's agency (`aid`, or `aid` and its ORI for a second agency of the
        same name and state), added on its first row."""
        ori = row.get(ORI_COLUMN, "").strip().upper()[:9]
        ori = ori if _ORI.fullmatch(ori) and not ori.startswith(("XX", "AOS")) else ""
        known = self.agencies.get(aid)
        if known is not None and ori and known.get("ori", ori) != ori:
            aid = f"{aid}-{ori.lower()}"  # a second agency of this name and state
            known = self.agencies.get(aid)
        if known is not None:
            if ori and "ori" not in known:
                known["ori"] = ori
            return aid
        entity: dict[str, Any] = {"id": aid, "type": "Agency", "name": name, "state": state,
                                  "country": "US"}
        juris, lea = one_line(row.get("Type of Juris")).lower(), one_line(row.get("Type of LEA")).lower()
        level = LEVELS.get(juris) or LEA_LEVELS.get(lea)
        if level:
            entity["level"] = level
        place = {"city": one_line(row.get("City")), "county": one_line(row.get("County")),
                 "state": TERRITORIES[state]}.get(level or "")
        if place:
            entity["jurisdiction"] = place if level == "state" else f"{place}, {TERRITORIES[state]}"
        if ori:
            entity["ori"] = ori
        self.agencies[aid] = entity
        self.add("entities", entity, line)
        return aid

    def products_of(self, row: Row, tech: str, aos: str, line: int) -> list[str]:
        """The ids of the row's products: one per vendor, or the technology's generic one."""
        slug, noun, generic, category = TECHNOLOGIES.get(
            tech.lower(), (_slug(tech), tech.lower(), tech.lower(), None))
        names = vendors(row["Vendor"])
        if not names:
            pid = f"product:{slug}-vendor-not-named"
            if pid not in self.products:
                self.products.add(pid)
                product = {"id": pid, "type": "Product", "name": f"{generic} (vendor not named)",
                           "description": f"Stands for {generic} whose vendor the Atlas of "
                                          "Surveillance does not name: one node for all of them."}
                if category:
                    product["category"] = category
                self.add("entities", product, line)
            return [pid]
        out = []
        for vendor in names:
            cslug = _slug(vendor)
            cid, pid = f"company:{cslug}", f"product:{cslug}-{slug}"
            company = self.companies.get(cid)
            if company is None:
                company = self.companies[cid] = {"id": cid, "type": "Company", "name": vendor}
                self.add("entities", company, line)
            elif vendor != company["name"] and vendor not in company.get("aliases", ()):
                company.setdefault("aliases", []).append(vendor)
            if pid not in self.products:
                self.products.add(pid)
                product = {"id": pid, "type": "Product", "name": f"{company['name']} {noun}"}
                if category:
                    product["category"] = category
                self.add("entities", product, line)
                self.add("relationships", {
                    "type": "DEVELOPS", "from": cid, "to": pid, "status": "reported",
                    "citations": [{"source": self.source, "locator": aos, "quote": quote(row["Vendor"]),
                                   "note": f"The Atlas names the company as the vendor of an "
                                           f"agency's {generic}."}]}, line)
            out.append(pid)
        return out

    def sources(self, row: Row, number: int, line: int) -> list[str]:
        """The ids of the row's links, each a Source on its first row."""
        out: list[str] = []
        found = [(n, row.get(column, "").strip()) for n, column in LINKS]
        if row.get("Other Links"):
            found += [(0, u.rstrip(".)")) for u in _OTHER_URL.findall(row["Other Links"])]
        for n, url in found:
            if not url:
                continue
            sid = self.links.get(url)
            if sid is not None:
                if sid not in out:
                    out.append(sid)
                continue
            if not is_url(url):
                column = f"Link {n}" if n else "Other Links"
                self.reader.problems.append(Skipped(
                    self.reader.display, f"row {number}: {column} {url[:80]!r} is not an http(s) "
                    "address; left out", "write the full address, from http:// or https://",
                    line=line))
                continue
            sid = self.links[url] = self.link(row, n, url, number, line)
            out.append(sid)
        return out

    def link(self, row: Row, n: int, url: str, number: int, line: int) -> str:
        host = host_of(url) or url
        sid = f"atlas-link-{hashlib.sha1(url.encode()).hexdigest()[:12]}"
        src: dict[str, Any] = {
            "id": sid, "title": url.split("://", 1)[1][:200],
            "publisher": one_line(row.get(f"Link {n} Source")) or host,
            "kind": link_kind(row.get(f"Link {n} Type", ""), url), "url": url, "note": LINK_NOTE}
        snapshot = row.get(f"Link {n} Snapshot", "").strip()
        if is_url(snapshot):
            src["archiveUrl"] = snapshot
        day = row.get(f"Link {n} Date", "").strip()
        published = iso_date(day) if day else None
        if published:
            src["published"] = published
        elif day:
            self.reader.problems.append(Skipped(
                self.reader.display, f"row {number}: Link {n} Date {day[:40]!r} is not a date; "
                "left out", "write it as MM/DD/YYYY or YYYY-MM-DD", line=line))
        self.add("sources", src, line)
        return sid


def build(path: Path, text: str, display: str) -> tuple[Doc, list[Problem], dict[tuple[str, int], int]]:
    """The document of an Atlas export, its problems, and the line of each record."""
    reader = RowReader(text, display, path)
    builder = _Builder(path, reader)
    for number, line, row in reader.rows():
        builder.row(number, line, row)
    return builder.doc, reader.finish(), builder.lines


SAMPLE_HEADER = ("AOSNUMBER,NEWAOSNUMBER (ORI9),City,County,State,Agency,Type of LEA,Summary,"
                 "Type of Juris,Technology,TECH ABV,Vendor," + ",".join(
                     f"Link {n},Link {n} Snapshot,Link {n} Source,Link {n} Type,Link {n} Date"
                     for n in (1, 2, 3)) + ",Other Links")


class AtlasLoader(Loader):
    """An Atlas of Surveillance CSV export."""

    name = "atlas"
    streams = True
    columns = frozenset({"AOSNUMBER", "Agency", "State", "Technology", "Vendor", "Type of LEA",
                         "Type of Juris"})
    sample = (SAMPLE_HEADER + "\n"
              'AOS000001,TXDPD0000LPR,Dallas,Dallas County,TX,Dallas Police Department,Police,'
              '"The department uses Flock Safety plate readers.",Municipal,'
              'Automated License Plate Readers,,"Flock Safety, Motorola Solutions",'
              'https://example.org/dallas-alpr,,Example News,,12/27/2012,,,,,,,,,,,\n'
              'AOS000002,XX0000001UAV,,Travis County,TX,Travis County Sheriff\'s Office,Sheriff,'
              '"The sheriff flies drones.",County,Drones,,,,,,,,,,,,,,,,,,\n')

    def read(self, path: Path, text: str, display: str) -> tuple[Any, list[Problem]]:
        doc, problems, _ = build(path, text, display)
        return doc, problems

    def locate(self, path: Path, problems: Sequence[Problem]) -> None:
        fill_lines(problems, build(path, "", str(path))[2])
