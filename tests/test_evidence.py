"""Evidence a reader can check: every bundled citation's quote is found in its article,
at the paragraph its locator names, and every source says where it was published; claims
are held to their status (denials cited, quotes short, denied claims joining nothing)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import run, unavailable
from seedtext import FILES, LOCATOR, SEEDS, located_text, normalize

from watchgraph import api
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


DENIED = """\
sources: [{id: s1, title: T, publisher: P, kind: news}]
entities:
  - {id: agency:a, type: Agency, name: A}
  - {id: company:v, type: Company, name: V}
relationships:
  - type: CONTRACTED_WITH
    from: agency:a
    to: company:v
    status: denied
    citations: [{source: s1, quote: we never had a contract, note: A says there was none.}]
"""


def test_a_denied_claim_needs_the_denial(runner: CliRunner, write: Callable[..., Path]) -> None:
    path = write(DENIED, "denied.yaml")
    assert run(runner, "validate", "--no-bundled", "--data", str(path)) == (
        1, "", f"{path}:9: a denied CONTRACTED_WITH needs a citation with stance: disputes (the "
               "denial); cite the denial, or change the status\n")
    fixed = write(DENIED.replace("citations: [{source: s1,", "citations: [{source: s1, stance: disputes,"),
                  "fixed.yaml")
    assert run(runner, "validate", "--no-bundled", "--data", str(fixed))[0] == 0


def test_quotes_are_short_and_a_missing_one_is_a_warning_unless_strict(
        runner: CliRunner, write: Callable[..., Path]) -> None:
    text = DENIED.replace("status: denied", "status: reported")
    long = write(text.replace("we never had a contract", " ".join(["word"] * 16)), "long.yaml")
    assert run(runner, "validate", "--no-bundled", "--data", str(long)) == (
        1, "", f"{long}:10: the quote has 16 words; keep it to 15 or fewer; quote the few words "
               "that decide the claim and say the rest in the note, in our own words\n")
    bare = write(text.replace("quote: we never had a contract, ", ""), "bare.yaml")
    warning = (f"{bare}:10: the citation has no quote; add `quote:` with a few words, verbatim, "
               "that a reader can find in the source\n")
    assert run(runner, "validate", "--no-bundled", "--data", str(bare)) == (
        0, "ok: 2 entities, 1 relationship, 1 source in 1 file\n", "warning: " + warning)
    assert run(runner, "validate", "--no-bundled", "--data", str(bare), "--strict") == (1, "", warning)
    code, _, err = run(runner, "show", "A", "--no-bundled", "--data", str(bare))
    assert (code, err) == (0, "warning: 1 problem in the data that do not stop it loading; "
                              "`watchgraph validate` lists them\n")


def test_path_leaves_out_claims_that_are_only_denied(bundled: KnowledgeGraph) -> None:
    denied = next(r for r in bundled.relationships("CONTRACTED_WITH") if r.status == "denied")
    a, b = denied.source, denied.target
    hops = [r for p in api.path(bundled, a, b) for h in p for r in h.relationships]
    assert denied not in hops and all(r.status != "denied" for r in hops)
    with_denied = [r for p in api.path(bundled, a, b, include_denied=True) for h in p
                   for r in h.relationships]
    assert denied in with_denied
