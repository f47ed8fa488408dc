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
                                         r"\(example: --param product=Clearview AI app\)$"):
        q.bind({})
    with pytest.raises(UsageError, match="^unknown parameter 'prodcut' for query agencies-using-product; "
                                         "it takes: product, since$"):
        q.bind({"prodcut": "x"})


def test_parse_params() -> None:
    assert parse_params(("a=1", "b=x=y")) == {"a": "1", "b": "x=y"}
    with pytest.raises(UsageError):
        parse_params(("nokey",))
