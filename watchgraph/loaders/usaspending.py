"""USAspending.gov contract downloads (public domain): the prime award summaries
(`Contracts_PrimeAwardSummaries_*.csv`, one row per award) and the prime transactions
(`Contracts_PrimeTransactions_*.csv`, one row per action on an award), as the download
page of an award search writes them. Column meanings are those of the usaspending-api's
`download_column_historical_lookups.py`.

What an award becomes:

- the awarding agency, its sub-agency and its office as `Agency` entities (level
  `federal`), each unit `PART_OF` the one above it;
- the recipient as a `Company` with its `uei`, `SUBSIDIARY_OF` its parent
  (`recipient_parent_uei`, `recipient_parent_name`) where the parent is another entity;
- the sub-agency (the agency where there is none) `CONTRACTED_WITH` the recipient:
  `amount` the current total value of the award (base and exercised options),
  `obligated` the amount obligated, currency USD, `start` and `end` the period of
  performance, `awardId` the PIID (also the qualifier, so two awards between the same
  parties are two relationships), `terms` the award's description; status `confirmed`
  (a government record);
- the award's page (`usaspending_permalink`) as the `Source` every claim about the award
  cites (kind `dataset`, publisher USAspending.gov).

Transactions: one contract per `contract_award_unique_key`: `obligated` the sum of the
actions' `federal_action_obligation`, `amount`, `end` and the parties those of the
latest action (by `action_date`, then `modification_number`), `start` the earliest.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import quote as url_quote

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
from watchgraph.loaders.registry import Loader, Skipped

PUBLISHER = "USAspending.gov"
AWARD_URL = "https://www.usaspending.gov/award/"
FIELDS = ("contract_award_unique_key", "award_id_piid", "total_obligated_amount",
          "current_total_value_of_award", "period_of_performance_start_date",
          "period_of_performance_current_end_date", "awarding_agency_name",
          "awarding_sub_agency_name", "awarding_office_name", "recipient_uei", "recipient_name",
          "recipient_parent_uei", "recipient_parent_name",
          "prime_award_base_transaction_description", "naics_code", "product_or_service_code",
          "usaspending_permalink", "action_date", "modification_number",
          "federal_action_obligation", "transaction_description")
Award = dict[str, Any]


def amount(value: str) -> float | int | None:
    """A dollar amount cell as a number (None when empty); ValueError when not one."""
    value = value.strip().replace(",", "").lstrip("$")
    if not value:
        return None
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(value)
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def uei(value: str) -> str | None:
    """A Unique Entity ID (12 letters and digits), or None."""
    value = value.strip().upper()
    return value if len(value) == 12 and value.isalnum() and value.isascii() else None


class _Builder(DocBuilder):
    """Turns awards (each a mapping of the download's columns) into one document."""

    def __init__(self, reader: RowReader, what: str) -> None:
        super().__init__(reader)
        self.what = what
        self.ids: set[str] = set()
        self.companies: dict[str, str] = {}  # entity id by UEI, or by `name:` and the name
        self.rels: set[tuple[str, str, str]] = set()
        self.contracts: dict[tuple[str, str, str], str] = {}  # award key by (from, to, qualifier)

    def check(self, number: int, line: int, row: Row) -> Award | None:
        """The row's award fields, numbers parsed; None after skipping a row unfit to load."""
        skip = self.reader.skip
        award: Award = {f: one_line(row.get(f)) for f in FIELDS}
        if self.skip_unfit(number, line, row):
            return None
        for field in ("contract_award_unique_key", "award_id_piid", "recipient_name",
                      "awarding_agency_name"):
            if not slugify(award[field]):
                skip(number, line, f"no {field}", "download the award data again", f"no {field}")
                return None
        for field in ("total_obligated_amount", "current_total_value_of_award",
                      "federal_action_obligation"):
            try:
                award[field] = amount(award[field])
            except ValueError:
                skip(number, line, f"{field} {row[field].strip()[:40]!r} is not an amount",
                     "write a number such as 1234.56", "an amount that is not a number")
                return None
        return award

    def award(self, award: Award, number: int, line: int) -> None:
        """Add one award's records."""
        key, piid = award["contract_award_unique_key"], award["award_id_piid"]
        sid = "usaspending-" + slugify(key)[:80]
        if sid not in self.ids:
            self.ids.add(sid)
            link = award["usaspending_permalink"]
            self.add("sources", {
                "id": sid, "title": f"Contract {piid} to {award['recipient_name']}",
                "publisher": PUBLISHER, "kind": "dataset",
                "url": link if is_url(link) else AWARD_URL + url_quote(key, safe="") + "/",
                "note": "The award's page on USAspending.gov: the federal government's record "
                        "of the contract, its parties and amounts."}, line)
        cite = {"source": sid, "locator": self.what}
        top = self.agency(award["awarding_agency_name"], line)
        sub = self.unit(award["awarding_sub_agency_name"], top, cite, line)
        self.unit(award["awarding_office_name"], sub, cite, line)
        recipient = self.company(award["recipient_name"], award["recipient_uei"], line)
        parent_name, parent_uei = award["recipient_parent_name"], award["recipient_parent_uei"]
        if slugify(parent_name) and uei(parent_uei) != uei(award["recipient_uei"]):
            parent = self.company(parent_name, parent_uei, line)
            if parent != recipient:
                self.relate("SUBSIDIARY_OF", recipient, parent,
                            {**cite, "quote": quote(parent_name)}, line)
        self.contract(award, sub, recipient, cite, number, line)

    def contract(self, award: Award, buyer: str, seller: str, cite: dict[str, Any],
                 number: int, line: int) -> None:
        key, piid = award["contract_award_unique_key"], award["award_id_piid"]
        qualifier = slugify(piid)
        if self.contracts.setdefault((buyer, seller, qualifier), key) != key:
            qualifier = slugify(key)  # the same PIID on another award
        rel: dict[str, Any] = {"type": "CONTRACTED_WITH", "from": buyer, "to": seller,
                               "status": "confirmed", "qualifier": qualifier, "awardId": piid,
                               "currency": "USD"}
        for field, prop in (("current_total_value_of_award", "amount"),
                            ("total_obligated_amount", "obligated")):
            if award[field] is not None:
                rel[prop] = award[field]
        start = iso_date(award["period_of_performance_start_date"])
        end = iso_date(award["period_of_performance_current_end_date"])
        if start and end and end < start:
            self.reader.problems.append(Skipped(
                self.reader.display, f"row {number}: the period of performance ends ({end}) "
                f"before it starts ({start}); both dates left out", "check the award's dates",
                line=line))
        else:
            rel.update({k: v for k, v in (("start", start), ("end", end)) if v})
        description = award["prime_award_base_transaction_description"]
        if description:
            rel["terms"] = description
        codes = [f"{what} {award[f]}" for f, what in (("naics_code", "NAICS"),
                 ("product_or_service_code", "product or service code")) if award[f]]
        rel["note"] = ("A federal contract award as USAspending.gov records it"
                       + (f" ({', '.join(codes)})." if codes else "."))
        rel["citations"] = [{**cite, "quote": quote(description) if description else piid}]
        self.add("relationships", rel, line)

    def unit(self, name: str, parent: str, cite: dict[str, Any], line: int) -> str:
        """The id of a unit of `parent` (`parent` itself where the cell is empty or names
        it again), added `PART_OF` it."""
        if not slugify(name):
            return parent
        uid = self.agency(name, line)
        if uid != parent:
            self.relate("PART_OF", uid, parent, {**cite, "quote": quote(name)}, line)
        return uid

    def agency(self, name: str, line: int) -> str:
        aid = "agency:" + slugify(name)
        if aid not in self.ids:
            self.ids.add(aid)
            self.add("entities", {"id": aid, "type": "Agency", "name": name, "level": "federal",
                                  "country": "US"}, line)
        return aid

    def company(self, name: str, code: str, line: int) -> str:
        """The id of a recipient: by its UEI, else by its name; a second company of the
        same name (another UEI) gets its UEI after the id."""
        code_ = uei(code)
        found = self.companies.get(code_ or "") or (None if code_ else self.companies.get("name:" + name))
        if found:
            return found
        cid = "company:" + slugify(name)
        if cid in self.ids and code_:
            cid += "-" + code_.lower()
        if cid in self.ids:  # the same name, neither with a UEI: one company
            return cid
        self.ids.add(cid)
        entity: dict[str, Any] = {"id": cid, "type": "Company", "name": name}
        if code_:
            entity["uei"] = code_
            self.companies[code_] = cid
        self.companies.setdefault("name:" + name, cid)
        self.add("entities", entity, line)
        return cid

    def relate(self, rtype: str, a: str, b: str, citation: dict[str, Any], line: int) -> None:
        if (rtype, a, b) in self.rels:
            return
        self.rels.add((rtype, a, b))
        self.add("relationships", {"type": rtype, "from": a, "to": b, "status": "confirmed",
                                   "citations": [citation]}, line)


def _latest(award: Award) -> tuple[str, str]:
    mod = award["modification_number"]
    return (iso_date(award["action_date"]) or "", mod.zfill(8) if mod.isdigit() else mod)


class _UsaSpending(Loader):
    """What the two kinds of download share."""

    streams = True
    what: ClassVar[str] = ""

    def build(self, path: Path, text: str, display: str) -> tuple[Doc, list[Problem], dict[tuple[str, int], int]]:
        """The document, its problems, and the line of each record."""
        reader = RowReader(text, display, path)
        builder = _Builder(reader, self.what)
        for award, number, line in self.awards(reader, builder):
            builder.award(award, number, line)
        return builder.doc, reader.finish(), builder.lines

    def awards(self, reader: RowReader, builder: _Builder) -> Iterable[tuple[Award, int, int]]:
        """Each award with the row number and line it is reported by."""
        raise NotImplementedError

    def read(self, path: Path, text: str, display: str) -> tuple[Any, list[Problem]]:
        doc, problems, _ = self.build(path, text, display)
        return doc, problems

    def locate(self, path: Path, problems: Sequence[Problem]) -> None:
        fill_lines(problems, self.build(path, "", str(path))[2])


AWARD_COLUMNS = frozenset({"contract_award_unique_key", "award_id_piid", "total_obligated_amount",
                           "current_total_value_of_award", "recipient_name",
                           "awarding_agency_name"})
_SAMPLE_ROW = ('CONT_AWD_70CMSD20C00000001_7012_-NONE-_-NONE-,70CMSD20C00000001,{ob},{val},'
               '2020-09-28,2023-09-27,Department of Homeland Security,U.S. Immigration and '
               'Customs Enforcement,ICE OFFICE OF ACQUISITION MANAGEMENT,J7M9HPTGJ1S9,EXAMPLE '
               'AI INC.,J7M9HPTGJ1S9,EXAMPLE AI INC.,FACIAL RECOGNITION SOFTWARE LICENSES,511210,'
               '7030,https://www.usaspending.gov/award/CONT_AWD_70CMSD20C00000001_7012_-NONE-_-NONE-/')
_SAMPLE_HEADER = ",".join(FIELDS[:17])


class AwardSummaries(_UsaSpending):
    """`Contracts_PrimeAwardSummaries_*.csv`: one row per award."""

    name = "usaspending-awards"
    columns = AWARD_COLUMNS
    what = "award summary"
    sample = _SAMPLE_HEADER + "\n" + _SAMPLE_ROW.format(ob="224000.0", val="224000.0") + "\n"

    def awards(self, reader: RowReader, builder: _Builder) -> Iterable[tuple[Award, int, int]]:
        for number, line, row in reader.rows():
            award = builder.check(number, line, row)
            if award is not None:
                yield award, number, line


class Transactions(_UsaSpending):
    """`Contracts_PrimeTransactions_*.csv`: one row per action on an award."""

    name = "usaspending-transactions"
    columns = frozenset({"contract_award_unique_key", "award_id_piid", "modification_number",
                         "federal_action_obligation", "action_date", "recipient_name",
                         "awarding_agency_name"})
    what = "transactions"
    sample = (_SAMPLE_HEADER + ",action_date,modification_number,federal_action_obligation\n"
              + _SAMPLE_ROW.format(ob="100000.0", val="100000.0") + ",2020-09-28,0,100000.0\n"
              + _SAMPLE_ROW.format(ob="124000.0", val="224000.0") + ",2021-09-20,P00001,124000.0\n")

    def awards(self, reader: RowReader, builder: _Builder) -> Iterable[tuple[Award, int, int]]:
        found: dict[str, tuple[Award, int, int, Any, str]] = {}  # latest action, its row, sums
        for number, line, row in reader.rows():
            action = builder.check(number, line, row)
            if action is None:
                continue
            key = action["contract_award_unique_key"]
            start = iso_date(action["period_of_performance_start_date"]) or ""
            seen = found.get(key)
            if seen is None:
                found[key] = (action, number, line, action["federal_action_obligation"], start)
                continue
            latest, first_number, first_line, total, earliest = seen
            obligation = action["federal_action_obligation"]
            if obligation is not None:
                total = obligation if total is None else total + obligation
            if start and (not earliest or start < earliest):
                earliest = start
            if _latest(action) >= _latest(latest):
                for field in ("prime_award_base_transaction_description",
                              "transaction_description"):
                    action[field] = action[field] or latest[field]
                latest = action
            found[key] = (latest, first_number, first_line, total, earliest)
        for latest, number, line, total, earliest in found.values():
            award = dict(latest)
            award["total_obligated_amount"] = (round(total, 2) if isinstance(total, float)
                                               else total)
            award["period_of_performance_start_date"] = earliest
            award["prime_award_base_transaction_description"] = (
                award["prime_award_base_transaction_description"]
                or award["transaction_description"])
            yield award, number, line
