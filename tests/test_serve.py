"""The real `watchgraph serve` (the oxigraph server, read-only) on a free port, queried over
the SPARQL 1.1 protocol with plain HTTP (urllib) and with watchgraph's own client."""

from __future__ import annotations

import csv
import io
import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from conftest import free_port
from rdflib.compare import isomorphic

from watchgraph import api
from watchgraph.cli import cli
from watchgraph.graph.store import KnowledgeGraph
from watchgraph.queries.catalog import load_questions
from watchgraph.rdf.mapping import Iris
from watchgraph.rdf.store import to_rdflib
from watchgraph.serve.allocator import find_mimalloc
from watchgraph.serve.store import built_stores, ensure_store

WG = "https://w3id.org/watchgraph/ns#"
PREFIXES = f"PREFIX wg: <{WG}> PREFIX schema: <http://schema.org/> "
SELECT = PREFIXES + ("SELECT ?name ?amount WHERE { ?c a wg:CONTRACTED_WITH ; schema:amount ?amount ; "
                     "rdf:subject/schema:name ?name } ORDER BY DESC(?amount)").replace(
    "SELECT", "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> SELECT")
CONTRACTS = [("Broward Sheriff's Office", "15000"), ("City of Miami Police Department", "12000"),
             ("Coral Springs Police Department", "5000")]
ASK = PREFIXES + "ASK { ?a wg:uses ?p }"
SPARQL_NS = "{http://www.w3.org/2005/sparql-results#}"



class Server:
    """`watchgraph serve` in a subprocess, its output read line by line."""

    def __init__(self, store: Path, *args: str, port: int | None = None) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/query"
        env = {**os.environ, "WATCHGRAPH_CACHE": "off"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "watchgraph.cli", "serve", "--port", str(self.port), "--store",
             str(store), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.output: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def wait_for(self, text: str, seconds: float = 120) -> list[str]:
        """The output up to the first line containing `text`."""
        deadline = time.monotonic() + seconds
        while not any(text in line for line in self.output):
            try:
                line = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no {text!r} within {seconds} s; output: {self.output}") from None
            if line is None:
                err = self.proc.stderr.read() if self.proc.stderr else ""
                raise AssertionError(f"serve ended before {text!r}: {self.output} {err}")
            self.output.append(line)
        return self.output

    def stop(self) -> int:
        """Ctrl-C, as a person would; the exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            return self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise


def http(url: str, query: str | None = None, accept: str = "application/sparql-results+json",
         method: str = "GET", body: bytes | None = None, ctype: str | None = None,
         headers: dict[str, str] | None = None, path: str = "/query") -> tuple[int, str, dict[str, str], bytes]:
    """One plain HTTP request: (status, content type, headers, body), errors included."""
    target = url.rsplit("/", 1)[0] + path
    if query is not None and method == "GET":
        target += "?" + urllib.parse.urlencode({"query": query})
    req = urllib.request.Request(target, data=body, method=method,
                                 headers={"Accept": accept, **({"Content-Type": ctype} if ctype else {}),
                                          **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=120) as resp:
            return resp.status, resp.headers.get_content_type(), dict(resp.headers), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get_content_type(), dict(exc.headers), exc.read()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`watchgraph serve` over the bundled data, with the default options."""
    srv = Server(tmp_path_factory.mktemp("store"))
    srv.wait_for("Ctrl-C stops the server.")
    yield srv
    srv.stop()


def test_serve_prints_the_endpoint_and_an_example(server: Server) -> None:
    out = server.output
    assert out[0].startswith("store: ") and out[0].endswith(" s)") and "(built in " in out[0]
    allocator = "mimalloc" if find_mimalloc() else "system"
    assert out[1:4] == [f"SPARQL endpoint (read-only): {server.url}",
                        f"query workers: 4, allocator {allocator}", "try:"]
    assert out[4].startswith(f"  curl -s {server.url} -H 'Accept: text/csv' --data-urlencode 'query=")
    assert out[5:] == [f"  watchgraph sparql disputed-claims --endpoint {server.url}",
                       "Ctrl-C stops the server."]
    example = out[4].split("'query=", 1)[1][:-1]
    status, ctype, _, body = http(server.url, example, accept="text/csv")
    assert (status, ctype) == (200, "text/csv")
    # the example reads direct triples: confirmed and reported uses only
    assert body.decode().splitlines()[:2] == ["agency,product", "City of Miami Police Department,Clearview AI app"]


@pytest.mark.parametrize("method", ["GET", "POST form", "POST direct"])
def test_select_as_json(server: Server, method: str) -> None:
    if method == "GET":
        status, ctype, _, body = http(server.url, SELECT)
    elif method == "POST form":
        status, ctype, _, body = http(server.url, method="POST", ctype="application/x-www-form-urlencoded",
                                      body=urllib.parse.urlencode({"query": SELECT}).encode())
    else:
        status, ctype, _, body = http(server.url, method="POST", ctype="application/sparql-query",
                                      body=SELECT.encode())
    assert (status, ctype) == (200, "application/sparql-results+json")
    doc = json.loads(body)
    assert doc["head"]["vars"] == ["name", "amount"]
    assert [(b["name"]["value"], b["amount"]["value"]) for b in doc["results"]["bindings"]] == CONTRACTS


def test_select_as_xml_csv_tsv(server: Server) -> None:
    status, ctype, _, body = http(server.url, SELECT, accept="application/sparql-results+xml")
    assert (status, ctype) == (200, "application/sparql-results+xml")
    results = ET.fromstring(body).find(f"{SPARQL_NS}results")
    assert [tuple(b.find(f"{SPARQL_NS}literal").text for b in r) for r in results] == CONTRACTS
    status, ctype, _, body = http(server.url, SELECT, accept="text/csv")
    assert (status, ctype) == (200, "text/csv")
    assert list(csv.reader(io.StringIO(body.decode()))) == [["name", "amount"], *map(list, CONTRACTS)]
    status, ctype, _, body = http(server.url, SELECT, accept="text/tab-separated-values")
    assert (status, ctype) == (200, "text/tab-separated-values")
    lines = [line.split("\t") for line in body.decode().splitlines()]
    assert lines[0] == ["?name", "?amount"]
    assert [(n.strip('"'), a) for n, a in lines[1:]] == CONTRACTS


@pytest.mark.parametrize("accept,expected", [
    ("application/sparql-results+json", None), ("application/sparql-results+xml", None),
    ("text/csv", "true"), ("text/tab-separated-values", "true")])
def test_ask_in_each_format(server: Server, accept: str, expected: str | None) -> None:
    status, ctype, _, body = http(server.url, ASK, accept=accept)
    assert (status, ctype) == (200, accept)
    if accept.endswith("json"):
        assert json.loads(body)["boolean"] is True
    elif accept.endswith("xml"):
        assert ET.fromstring(body).find(f"{SPARQL_NS}boolean").text == "true"
    else:
        assert body.decode().strip() == expected


@pytest.mark.parametrize("accept,fmt", [("text/turtle", "turtle"), ("application/n-triples", "nt")])
def test_construct_and_describe(server: Server, bundled: KnowledgeGraph, accept: str, fmt: str) -> None:
    status, ctype, _, body = http(server.url, PREFIXES + "CONSTRUCT WHERE { ?a wg:uses ?p }", accept=accept)
    assert (status, ctype) == (200, accept)
    got = rdflib.Graph().parse(data=body.decode(), format=fmt)
    expected = rdflib.Graph()
    for t in to_rdflib(bundled).triples((None, rdflib.URIRef(WG + "uses"), None)):
        expected.add(t)
    # one wg:uses triple per agency and product with a confirmed or reported use: the Dallas
    # Security Division's disputed use and the NYPD's alleged DataWorks use have none
    assert len(got) == 14 and isomorphic(got, expected)
    status, ctype, _, body = http(server.url, "DESCRIBE <https://w3id.org/watchgraph/id/agency/nypd>",
                                  accept=accept)
    assert (status, ctype) == (200, accept)
    got = rdflib.Graph().parse(data=body.decode(), format=fmt)
    nypd = rdflib.URIRef("https://w3id.org/watchgraph/id/agency/nypd")
    assert str(got.value(nypd, rdflib.URIRef("http://schema.org/name"))) == "New York City Police Department"


def test_updates_are_refused(server: Server) -> None:
    insert = f"INSERT DATA {{ <urn:x> <{WG}uses> <urn:y> }}"
    status, _, _, body = http(server.url, method="POST", path="/update", ctype="application/sparql-update",
                              body=insert.encode())
    assert (status, body) == (403, b"The server is read-only")
    status, _, _, _ = http(server.url, method="POST", path="/update",
                           ctype="application/x-www-form-urlencoded",
                           body=urllib.parse.urlencode({"update": insert}).encode())
    assert status == 403
    status, _, _, _ = http(server.url, method="POST", path="/store", ctype="application/n-triples",
                           body=b"<urn:x> <urn:p> <urn:y> .\n")
    assert status == 403
    status, _, _, body = http(server.url, "ASK { <urn:x> ?p ?o }")
    assert json.loads(body)["boolean"] is False


def test_a_malformed_query_gets_400_with_the_parsers_message(server: Server) -> None:
    status, ctype, _, body = http(server.url, "SELECT ?x WHERE { ?x ?y }")
    assert (status, ctype) == (400, "text/plain")
    assert body.decode() == "error at 1:26: expected one of LATERAL, SERVICE, [_]"


def test_no_cors_headers_by_default(server: Server) -> None:
    _, _, headers, _ = http(server.url, ASK, headers={"Origin": "https://example.org"})
    assert not any(h.lower().startswith("access-control-") for h in headers)


@pytest.mark.parametrize("name", sorted(load_questions()))
def test_every_question_through_the_endpoint(server: Server, bundled: KnowledgeGraph, name: str) -> None:
    """Each question with each of its parity cases: over HTTP, with entity names sent as
    given, the same rows as on the graph's own store (and not none for the first case)."""
    from test_catalog_parity import cases

    for n, params in enumerate(cases(load_questions()[name], None)):
        remote = api.query(None, name, params, "sparql", endpoint=server.url)
        local = api.query(bundled, name, params, "sparql")
        assert (remote.columns, remote.rows) == (local.columns, local.rows), params
        assert remote.rows or n, name


TERMS = """SELECT ?v WHERE { VALUES ?v { <https://w3id.org/watchgraph/id/agency/nypd> "plain"
  "tab\\there, a \\"quote\\"\\nand a new line" "hola"@es "2019-06"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>
  42 4.5 true UNDEF } }"""


def test_the_client_asks_for_tsv_and_reads_every_kind_of_term_as_json_gives_it(server: Server) -> None:
    import pyoxigraph as ox

    from watchgraph.queries.sparql_http import ACCEPT, run_on_endpoint

    assert http(server.url, TERMS, accept=ACCEPT)[1] == "text/tab-separated-values"
    _, _, _, body = http(server.url, TERMS)  # JSON
    expected = [[s["v"]] for s in ox.parse_query_results(body, ox.QueryResultsFormat.JSON)]
    got = run_on_endpoint(server.url, TERMS)
    assert (got.variables, got.rows) == (["v"], expected)
    assert len(expected) == 9 and expected[-1] == [None]


def test_denied_claims_through_the_endpoint(server: Server) -> None:
    params = {"product": "Rekognition"}
    assert api.query(None, "product-users", params, "sparql", endpoint=server.url).rows == []
    remote = api.query(None, "product-users", {**params, "include_denied": "true"}, "sparql",
                       endpoint=server.url)
    assert remote.records() == [{
        "agency": "U.S. Immigration and Customs Enforcement", "product": "Amazon Rekognition",
        "terms": "contract, no use recorded", "since": None, "until": None, "status": "denied",
        "searchesMin": None, "searchesMax": None, "amount": None, "currency": None,
        "sources": ["pogo-amazon-ice"]}]


def test_sparql_command_on_the_endpoint(server: Server) -> None:
    runner = CliRunner()
    args = ["sparql", "agency-dealings", "--param", "agency=NYPD"]
    local = runner.invoke(cli, args)
    remote = runner.invoke(cli, [*args, "--endpoint", server.url])
    assert (remote.exit_code, remote.stdout) == (0, local.stdout)
    bad = runner.invoke(cli, ["sparql", "SELECT ?x WHERE { ?x ?y }", "--endpoint", server.url])
    assert (bad.exit_code, bad.stderr) == (
        2, "Error: the endpoint refused the query: error at 1:26: expected one of LATERAL, SERVICE, [_]\n")


def test_only_loopback_by_default(server: Server) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=5):
        pass
    with pytest.raises(OSError):  # another address of this machine's loopback range
        socket.create_connection(("127.0.0.2", server.port), timeout=5).close()
    listening = [line.split()[1] for f in ("/proc/net/tcp", "/proc/net/tcp6") if Path(f).exists()
                 for line in Path(f).read_text().splitlines()[1:] if line.split()[3] == "0A"]
    mine = [addr for addr in listening if int(addr.rsplit(":", 1)[1], 16) == server.port]
    assert mine == [f"0100007F:{server.port:04X}"]


def test_a_taken_port_is_refused(server: Server, small: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--port", str(server.port), "--store", str(tmp_path),
                                      "--no-bundled", "--data", str(small)])
    assert (result.exit_code, result.stderr) == (
        2, f"Error: port {server.port} on 127.0.0.1 is already in use; choose another with --port\n")


def test_bad_options_are_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--host", "a b", "--store", str(tmp_path)])
    assert (result.exit_code, result.stderr) == (
        2, "Error: --host 'a b' is not a host name or IP address; use e.g. 127.0.0.1 (this machine "
           "only, the default) or 0.0.0.0 (every address)\n")
    result = CliRunner().invoke(cli, ["serve", "--timeout", "0", "--store", str(tmp_path)])
    assert result.exit_code == 2 and "Invalid value for '--timeout'" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_built_stores_are_those_whose_build_finished(small: Path, tmp_path: Path) -> None:
    info = ensure_store(tmp_path, "k", lambda: api.load([small], bundled=False, show_progress=False),
                        Iris(), "http://127.0.0.1:1/query")
    (tmp_path / ".build-1").mkdir()  # a build that never finished
    assert built_stores(tmp_path) == [info.path] == [tmp_path / "k"]


def test_timeout_cors_ctrl_c_and_reuse(tmp_path: Path) -> None:
    args = ("--timeout", "1", "--cors")
    first = Server(tmp_path / "store", *args)
    try:
        out = first.wait_for("Ctrl-C stops the server.")
        assert "(built in " in out[0]
        # 25 million pairs of triples, each with some string work: minutes without the timeout
        endless = "SELECT (SUM(STRLEN(CONCAT(STR(?c), STR(?f)))) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"
        status, _, _, body = http(first.url, endless)
        assert status != 200 or b"cancelled" in body
        _, _, headers, _ = http(first.url, ASK, headers={"Origin": "https://example.org"})
        assert headers.get("access-control-allow-origin") == "*"
    finally:
        code = first.stop()
    assert code == 0 and first.wait_for("stopped")[-1] == "stopped"
    with pytest.raises(OSError):  # the oxigraph server went with it
        socket.create_connection(("127.0.0.1", first.port), timeout=5).close()
    second = Server(tmp_path / "store", *args, port=first.port)
    try:
        out = second.wait_for("Ctrl-C stops the server.")
        assert out[0].endswith("(reused: the data has not changed)")
        status, _, _, body = http(second.url, ASK)
        assert json.loads(body)["boolean"] is True
    finally:
        assert second.stop() == 0
