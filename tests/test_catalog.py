"""The query header convention: parameters, defaults, and one-line errors."""

from __future__ import annotations

import pytest

from watchgraph.errors import UsageError
from watchgraph.queries.catalog import parse_params, parse_query

TEXT = """\
// name: agencies-using-product
// question: Which agencies use a product, on what terms, and since when?
// param product: the product's id or name (example: "Clearview AI app")
// param since = 2000: only relationships starting in or after this year (example: 2018)
MATCH (a) RETURN a
"""


def test_header() -> None:
    q = parse_query(TEXT, "cypher")
    assert (q.name, q.question) == ("agencies-using-product",
                                    "Which agencies use a product, on what terms, and since when?")
    assert q.params["product"].example == "Clearview AI app" and q.params["product"].required
    assert q.params["since"].default == "2000"


def test_bind() -> None:
    q = parse_query(TEXT, "cypher")
    assert q.bind({"product": "x"}) == {"product": "x", "since": "2000"}
    with pytest.raises(UsageError, match=r"^missing parameter 'product' for query agencies-using-product "
                                         r"\(example: params product=Clearview AI app\)$"):
        q.bind({})
    with pytest.raises(UsageError, match="^unknown parameter 'prodcut' for query agencies-using-product; "
                                         "it takes: product, since$"):
        q.bind({"prodcut": "x"})


def test_parse_params() -> None:
    assert parse_params(("a=1", "b=x=y")) == {"a": "1", "b": "x=y"}
    with pytest.raises(UsageError):
        parse_params(("nokey",))


def test_param_kinds() -> None:
    q = parse_query("// name: q\n// question: Q?\n// param a (entity): an entity (example: NYPD)\n"
                    "// param n (integer) = 4: a number\n// param s: text\n"
                    "// param include_denied (boolean) = false: also denied claims (example: true)\n"
                    "RETURN 1\n", "cypher")
    assert [(p.name, p.kind, p.default) for p in q.params.values()] == [
        ("a", "entity", None), ("n", "integer", "4"), ("s", "string", None),
        ("include_denied", "boolean", "false")]
    with pytest.raises(ValueError, match="unknown kind 'entitty'"):
        parse_query("// name: q\n// question: Q?\n// param a (entitty): x\n", "cypher")


def test_engine_variants_sit_beside_their_query() -> None:
    from watchgraph.queries.catalog import load_catalog

    connections = load_catalog("cypher")["connections"]
    assert set(connections.variants) == {"ladybug"}
    assert "ALL SHORTEST" in connections.text_for("ladybug")
    assert "allShortestPaths" in connections.text_for("neo4j")


@pytest.mark.parametrize("language", ["cypher", "sparql"])
def test_every_query_leaves_out_denied_claims_unless_asked(language: str) -> None:
    """include_denied (boolean, default false) on every library query but disputed-claims,
    which is about both sides of contested claims and always shows denied ones."""
    from watchgraph.queries.catalog import load_catalog

    for name, q in load_catalog(language).items():
        p = q.params.get("include_denied")
        if name == "disputed-claims":
            assert p is None and "always shown" in q.question
        else:
            assert p is not None and (p.kind, p.default, p.example) == ("boolean", "false", "true"), name
            assert "denied" in p.description, name


ORDERED = """\
# name: contracts-by-amount
# question: Which contracts are the largest?
# columns: buyer, amount, sources (list)
# order: amount desc, buyer
SELECT * WHERE {}
"""


def test_order_header() -> None:
    q = parse_query(ORDERED, "sparql")
    assert q.order == (("amount", True), ("buyer", False))
    with pytest.raises(ValueError, match=r"order names seller, not among the columns"):
        parse_query(ORDERED.replace("amount desc, buyer", "seller"), "sparql")
    with pytest.raises(ValueError, match=r"malformed order 'amount downwards'"):
        parse_query(ORDERED.replace("amount desc", "amount downwards"), "sparql")


def test_rows_are_sorted_alike_for_every_engine() -> None:
    from watchgraph.queries.ask import shaped
    from watchgraph.queries.catalog import Question
    from watchgraph.queries.results import Result

    q = parse_query(ORDERED, "sparql")
    question = Question(q.name, q.question, q.params, q.columns, {"sparql": q}, q.order)
    rows = [("Dallas PD", None, "s2\x1fs1"), ("NYPD", 5000, ""), ("Austin PD", 5000, "s3"),
            ("Miami PD", 120, None)]
    got = shaped(question, Result(["buyer", "amount", "sources"], rows)).rows
    # descending, the empty amount last; ties by buyer
    assert got == [("Austin PD", 5000, ["s3"]), ("NYPD", 5000, []), ("Miami PD", 120, []),
                   ("Dallas PD", None, ["s1", "s2"])]
