"""Evidence a reader can check: every bundled citation's quote is found in its article,
at the paragraph its locator names, and every source says where it was published."""

from __future__ import annotations

import pytest
from conftest import unavailable
from seedtext import FILES, LOCATOR, SEEDS, located_text, normalize

from watchgraph.graph.store import KnowledgeGraph


@pytest.fixture(scope="module")
def seeds() -> None:
    if not SEEDS.is_dir():
        unavailable("the source articles (shared/seeds) are not beside this clone")


def test_every_citation_quote_is_in_its_article_where_the_locator_says(
        bundled: KnowledgeGraph, seeds: None) -> None:
    missing = []
    for rel in bundled.relationships():
        for c in rel.citations:
            assert c.source in FILES, (rel.id, c.source)
            if not c.quote or normalize(c.quote) not in located_text(c.source, c.locator):
                missing.append((rel.id, c.locator, c.quote))
    assert missing == []


def test_quotes_are_short_and_locators_are_paragraphs(bundled: KnowledgeGraph) -> None:
    for rel in bundled.relationships():
        for c in rel.citations:
            assert c.quote and 3 <= len(c.quote.split()) <= 15, (rel.id, c.quote)
            assert c.locator is None or LOCATOR.match(c.locator), (rel.id, c.locator)


def test_every_source_has_its_url_and_publication_date(bundled: KnowledgeGraph) -> None:
    for s in bundled.sources.values():
        assert s.url and s.url.startswith("https://"), s.id
        assert s.published, s.id
