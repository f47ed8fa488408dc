"""Asking a SPARQL 1.1 endpoint over HTTP (the protocol's POST form), with one-line
errors for what can go wrong on the way."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request

from watchgraph.errors import UsageError, WatchgraphError, param
from watchgraph.queries.sparql_results import SparqlResult, answer_of, one_line

ACCEPT = ("text/tab-separated-values, application/sparql-results+json;q=0.9, "
          "application/n-triples;q=0.8, text/turtle;q=0.7, */*;q=0.1")
"""What the client asks for: SPARQL 1.1's TSV results first (every term as written in
SPARQL, so nothing is lost; a third of JSON's bytes, and a large answer comes some 5 to 10%
sooner from oxigraph), JSON from an endpoint without TSV; a graph for CONSTRUCT and DESCRIBE."""


def run_on_endpoint(url: str, text: str, timeout: float = 60.0) -> SparqlResult:
    """POST a query to a SPARQL 1.1 endpoint (the SPARQL protocol); parse the answer."""
    import pyoxigraph as ox

    if not url.startswith(("http://", "https://")):
        raise UsageError(f"{param('endpoint')} {url!r} is not an http(s) URL; e.g. http://127.0.0.1:7878/query")
    req = urllib.request.Request(
        url, data=urllib.parse.urlencode({"query": text}).encode(), method="POST",
        headers={"Accept": ACCEPT, "Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            body, ctype = resp.read(), resp.headers.get_content_type()
    except urllib.error.HTTPError as exc:
        message = one_line(exc.read().decode("utf-8", "replace")) or exc.reason
        if exc.code == 400:
            raise UsageError(f"the endpoint refused the query: {message}") from None
        raise WatchgraphError(f"the endpoint {url} answered {exc.code}: {message}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise WatchgraphError(f"cannot reach {url} ({reason}); start `watchgraph serve` or check "
                              f"{param('endpoint')}") from None
    results = {"text/tab-separated-values": ox.QueryResultsFormat.TSV,
               "application/sparql-results+json": ox.QueryResultsFormat.JSON,
               "application/sparql-results+xml": ox.QueryResultsFormat.XML}
    graphs = {"application/n-triples": ox.RdfFormat.N_TRIPLES, "text/turtle": ox.RdfFormat.TURTLE}
    if ctype in results:
        return answer_of(ox, ox.parse_query_results(body, results[ctype]))
    if ctype in graphs:
        return SparqlResult("graph", triples=[q.triple for q in ox.parse(body, graphs[ctype])])
    raise WatchgraphError(f"the endpoint {url} answered in {ctype}, which watchgraph cannot read")
