"""The bundled dataset: whole, cited, and covering what the five articles document."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from watchgraph import api
from watchgraph.graph.store import KnowledgeGraph

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def test_every_relationship_is_cited_by_a_known_source(bundled: KnowledgeGraph) -> None:
    for rel in bundled.relationships():
        assert rel.citations, rel.id
        for c in rel.citations:
            assert c.source in bundled.sources, rel.id
            assert c.note and c.quote, rel.id


def test_every_endpoint_exists_and_every_source_is_used(bundled: KnowledgeGraph) -> None:
    ids = {e.id for e in bundled.entities()}
    for rel in bundled.relationships():
        assert rel.source in ids and rel.target in ids
    assert set(bundled.stats()["citations"]) == set(bundled.sources)
    assert len(bundled.sources) == 5


def test_every_entity_takes_part(bundled: KnowledgeGraph) -> None:
    lonely = [e.id for e in bundled.entities() if bundled.nx.degree(e.id) == 0]
    assert lonely == []


def test_size_is_what_the_articles_support(bundled: KnowledgeGraph) -> None:
    assert 80 <= len(bundled) <= 130
    assert 100 <= sum(1 for _ in bundled.relationships()) <= 200


def test_disputed_claims_carry_both_sides(bundled: KnowledgeGraph) -> None:
    disputed = [r for r in bundled.relationships() if r.status == "disputed"]
    assert disputed
    for r in disputed:
        assert {c.stance for c in r.citations} == {"supports", "disputes"}, r.id
    nypd_clearview = [r for r in disputed if r.source == "agency:nypd"
                      and "clearview" in r.target + r.properties.get("product", "")]
    assert nypd_clearview, "the NYPD's denial against its own emails is recorded as disputed"


def test_sacramento_joined_cafri_sixth_after_five_counties(bundled: KnowledgeGraph) -> None:
    cafri = bundled.resolve("CAFRI").id
    members = {r.source: r for r in bundled.relationships("MEMBER_OF") if r.target == cafri}
    sheriff = bundled.resolve("Sacramento County Sheriff's Office").id
    assert members[sheriff].properties["order"] == 6
    assert len(members) >= 6
    developer = [r.source for r in bundled.relationships("DEVELOPS") if r.target == cafri]
    assert developer == [bundled.resolve("DataWorks Plus").id]


def test_dallas_searches_stay_ranges(bundled: KnowledgeGraph) -> None:
    uses = {(r.source, r.properties.get("mode"), r.properties.get("searchesMin"),
             r.properties.get("searchesMax")) for r in bundled.relationships("USES")}
    assert (bundled.resolve("Dallas Police Department").id, "unauthorized", 500, 1000) in uses
    # the Security Division's searches: a range, on terms the article does not state
    assert (bundled.resolve("Dallas Security Division").id, "unknown", 11, 50) in uses


def test_south_florida_contract_amounts(bundled: KnowledgeGraph) -> None:
    amounts = {(r.source, r.properties.get("amount"), r.properties.get("currency"))
               for r in bundled.relationships("CONTRACTED_WITH")}
    for agency, amount in [("Miami Police Department", 12000), ("Coral Springs Police Department", 5000),
                           ("Broward Sheriff's Office", 15000)]:
        assert (bundled.resolve(agency).id, amount, "USD") in amounts


def test_the_three_chains_connect(bundled: KnowledgeGraph) -> None:
    nypd_ice = api.path(bundled, "NYPD", "ICE")
    types = {r.type for p in nypd_ice for hop in p for r in hop.relationships}
    assert "REFERRED" in types
    mckinsey = api.path(bundled, "McKinsey", "Amazon Rekognition")
    names = {bundled.entity(h.end).name for p in mckinsey for h in p}
    assert "Amazon Web Services" in names
    assert api.path(bundled, "Sacramento Sheriff", "DataWorks Plus")


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source articles (shared/seeds) are not beside this clone")
def test_no_article_sentence_is_copied(bundled: KnowledgeGraph) -> None:
    """No note, description or quote shares eight consecutive words with an article."""
    def words(text: str) -> list[str]:
        return re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'"))

    grams: set[tuple[str, ...]] = set()
    for article in SEEDS.glob("0*.txt"):
        w = words(article.read_text("utf-8"))
        grams.update(tuple(w[i:i + 8]) for i in range(len(w) - 7))
    texts = [c.note or "" for r in bundled.relationships() for c in r.citations]
    texts += [str(v) for r in bundled.relationships() for v in r.properties.values()]
    texts += [str(e.properties.get("description", "")) for e in bundled.entities()]
    copied = []
    for text in texts:
        w = words(text)
        if any(tuple(w[i:i + 8]) in grams for i in range(len(w) - 7)):
            copied.append(text)
    assert copied == []
