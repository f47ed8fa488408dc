"""One validity window: render's date filters, the Cypher `true-on-date` question (over the
property-graph columns) and the SPARQL one (over the RDF export) agree, for every
combination of start, date and end present or absent."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest

from watchgraph import api
from watchgraph.graph.dates import validity
from watchgraph.graph.select import Filters, filtered
from watchgraph.graph.store import KnowledgeGraph
from watchgraph.propertygraph.shape import rel_values

DATES = {"start": "2018-03", "date": "2018-06-15", "end": "2019-01"}
COMBOS = [dict(c) for n in range(4) for c in itertools.combinations(DATES.items(), n)]


def _yaml() -> str:
    lines = ["sources: [{id: s1, title: T, publisher: P, kind: news}]", "entities:",
             "  - {id: agency:a, type: Agency, name: A}"]
    rels = ["relationships:"]
    for i, combo in enumerate(COMBOS):
        lines.append(f"  - {{id: product:p{i}, type: Product, name: P{i}}}")
        props = "".join(f", {k}: '{v}'" for k, v in combo.items())
        rels.append(f"  - {{type: USES, from: agency:a, to: product:p{i}, mode: trial, "
                    f"status: reported{props}, citations: [{{source: s1}}]}}")
    return "\n".join(lines + rels) + "\n"


@pytest.fixture(scope="module")
def windows(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    path = Path(tmp_path_factory.mktemp("validity")) / "w.yaml"
    path.write_text(_yaml(), "utf-8")
    return api.load([path], bundled=False, show_progress=False)


def _expected(combo: dict[str, str]) -> tuple[str | None, str | None]:
    start, date, end = combo.get("start"), combo.get("date"), combo.get("end")
    first, last = start or date, end or date
    lo = {"2018-03": "2018-03-01", "2018-06-15": "2018-06-15"}.get(first or "")
    hi = {"2019-01": "2019-01-31", "2018-06-15": "2018-06-15"}.get(last or "")
    return lo, hi


def test_the_rule(windows: KnowledgeGraph) -> None:
    for i, combo in enumerate(COMBOS):
        lo, hi = validity(combo)
        assert (lo and lo.isoformat(), hi and hi.isoformat()) == _expected(combo), combo
        values = rel_values(windows.relationship(f"uses:agency:a:product:p{i}"))
        assert (values["validFrom"] or None, values["validTo"] or None) == _expected(combo)


def _probe_days() -> list[str]:
    days = set()
    for d in ("2018-03-01", "2018-06-15", "2019-01-31"):
        day = dt.date.fromisoformat(d)
        days |= {(day + dt.timedelta(n)).isoformat() for n in (-1, 0, 1)}
    return sorted(days | {"2017-01-01", "2020-01-01"})


def test_render_cypher_and_sparql_agree_on_every_day(windows: KnowledgeGraph) -> None:
    dated = {f"P{i}" for i, c in enumerate(COMBOS) if c}
    for day in _probe_days():
        kept = {windows.entity(r.target).name for r in
                filtered(windows, Filters(as_of=day)).relationships()} & dated
        cypher = set(api.query(windows, "true-on-date", {"day": day}).column("to"))
        sparql = api.sparql("true-on-date", {"day": day}, windows)
        names = {str(row[sparql.variables.index("to")].value) for row in sparql.rows}
        expected = set()
        for i, combo in enumerate(COMBOS):
            lo, hi = _expected(combo)
            if combo and (lo is None or lo <= day) and (hi is None or hi >= day):
                expected.add(f"P{i}")
        assert kept == cypher == names == expected, day
