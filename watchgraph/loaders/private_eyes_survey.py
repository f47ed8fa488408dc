"""The "Private Eyes" survey of North Carolina agencies and the portal URL checks (the
rest of the data is read by watchgraph.loaders.private_eyes)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from watchgraph.errors import Problem
from watchgraph.graph.identity import slugify
from watchgraph.loaders.private_eyes import (
    PRODUCT,
    Doc,
    Row,
    _count,
    _PrivateEyes,
    _unknown_agency,
    agency_ref,
    cell,
    citation,
    file_date,
    quote,
    source,
)

CONFIRMED = ("confirmed by dept", "confirmed by portal", "confirmed by sbi letter",
             "aslb confirmed use", "dept confirmed", "per dept")


def survey_status(notes: str) -> str:
    """`confirmed` where the notes say the department, its portal, an SBI letter or the
    state's licensing board confirmed the use; `reported` otherwise (the N&O's finding,
    e.g. where the department declined to confirm)."""
    lowered = notes.lower()
    if "declined to confirm" in lowered:
        return "reported"
    return "confirmed" if any(lowered.startswith(c) or f"; {c}" in lowered for c in CONFIRMED) \
        else "reported"


def survey_mode(notes: str) -> str:
    """trial for a demonstration or a test, contract where the notes name one, else unknown."""
    lowered = notes.lower()
    if "demo" in lowered or "testing" in lowered or "for testing" in lowered:
        return "trial"
    return "contract" if "contract" in lowered else "unknown"


class NcSurvey(_PrivateEyes):
    """`nc_agency_surveyYYYYMMDD.csv`: vendor and confirmed cameras of N.C. agencies."""

    name = "private-eyes-nc-survey"
    columns = frozenset({"name", "notes", "company", "cams_confirmed", "cams_portal",
                         "document_url"})

    def records(self, path: Path, rows: list[Row], doc: Doc, problems: list[Problem],
                display: str, agencies: dict[str, str]) -> Iterator[tuple[str, int]]:
        src = source("nc-survey", path, file_date(path), "The N&O's survey of North Carolina "
                     "agencies' plate readers, with how each use was confirmed.")
        doc["sources"].append(src)
        vendors: dict[str, str] = {"Flock": PRODUCT}
        documents: set[str] = set()
        for number, line, row in rows:
            company = cell(row, "company")
            a = agency_ref(agencies, row.get("id", ""), row["name"])
            if a is None:
                problems.append(_unknown_agency(display, number, line, row["name"]))
                continue
            if company is None:
                continue  # the survey does not know the vendor: nothing to claim
            if company not in vendors:
                vendors[company] = f"product:{slugify(company)}-alpr"
                yield from self.vendor(doc, src, company, number, line)
            n = len(problems)
            notes = cell(row, "notes") or ""
            rel: dict[str, Any] = {
                "type": "USES", "from": a, "to": vendors[company], "mode": survey_mode(notes),
                "status": survey_status(notes), "qualifier": "nc-survey"}
            for column, prop in (("cams_confirmed", "cameras"), ("cams_portal", "camerasOnPortal")):
                value = _count(row, column, number, line, display, problems)
                if value is not None:
                    rel[prop] = value
            if file_date(path):
                rel["date"] = file_date(path)
            if len(problems) > n:
                continue
            rel["citations"] = [citation(src, number, notes or company,
                                         "The survey's notes say how the use was confirmed.")]
            url = cell(row, "document_url")
            if url:
                sid = "private-eyes-doc-" + slugify(url.rstrip("/").rsplit("/", 1)[-1])[:60]
                if sid not in documents:
                    documents.add(sid)
                    doc["sources"].append({
                        "id": sid, "title": f"Contract or SBI letter on {row['name'].strip()}'s "
                                            "plate readers", "publisher": "The News & Observer "
                                            "(DocumentCloud)", "kind": "foia", "url": url})
                # cited in the survey row's note: without the document's text, a citation
                # of it could carry no quote
                rel["citations"][0]["note"] += f" It cites a contract or SBI letter: source {sid}."
            doc["relationships"].append(rel)
            yield "relationships", line

    @staticmethod
    def vendor(doc: Doc, src: dict[str, Any], company: str, number: int,
               line: int) -> Iterator[tuple[str, int]]:
        """A vendor besides Flock: its company, its readers and that it sells them."""
        cid, pid = f"company:{slugify(company)}", f"product:{slugify(company)}-alpr"
        doc["entities"] += [
            {"id": cid, "type": "Company", "name": company},
            {"id": pid, "type": "Product", "name": f"{company} license plate readers",
             "category": "license-plate-reader"}]
        yield "entities", line
        yield "entities", line
        doc["relationships"].append({
            "type": "DEVELOPS", "from": cid, "to": pid, "status": "reported",
            "citations": [{"source": src["id"], "locator": f"row {number}", "quote": quote(company),
                           "note": "The survey names the company as an agency's plate-reader vendor."}]})
        yield "relationships", line


class UrlChecks(_PrivateEyes):
    """`transparency_url_statusYYYYMMDD.csv`: portal URLs tried and their HTTP status; read
    and checked, but an HTTP status is no claim about anyone: nothing is mapped."""

    name = "private-eyes-url-checks"
    columns = frozenset({"agency_id", "url_attempted", "last_attempt_date", "status_code"})
    needs_agencies = False

    def records(self, path: Path, rows: list[Row], doc: Doc, problems: list[Problem],
                display: str, agencies: dict[str, str]) -> Iterator[tuple[str, int]]:
        for number, line, row in rows:
            status = cell(row, "status_code")
            if status is not None and not status.isdigit():
                problems.append(Problem(display, f"row {number}: status_code {status!r} is not "
                                        "an HTTP status", "write a number or NA", line=line))
        return iter(())
