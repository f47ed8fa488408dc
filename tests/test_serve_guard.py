"""The endpoint's guard, against the real `watchgraph serve` (front + oxigraph workers) over
loopback: queries that crashed oxigraph, queries that outran the timeout or grew without
bound, and SERVICE used to fetch URLs from the server's machine (issue 14, defects 8-10)."""

from __future__ import annotations

import json
import os
import signal
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_serve import ASK, Server, http

from watchgraph.cli import cli, flag
from watchgraph.errors import WatchgraphError
from watchgraph.serve.allocator import find_mimalloc, worker_env
from watchgraph.serve.guard import Limits, Refused, check

SPARQL_QUERY = "application/sparql-query"
NESTED = "SELECT * WHERE " + "{ " * 5000 + "?s ?p ?o " + "} " * 5000  # about 20 KB
UNIONS = "SELECT * WHERE { " + " UNION ".join("{ ?s ?p ?o }" for _ in range(20_000)) + " }"
SORTED_PAIRS = "SELECT ?a WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?d"
GROUPED_PAIRS = "SELECT ?a (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f } GROUP BY ?a ?d"


def post(srv: Server, query: str) -> tuple[int, str, bytes]:
    status, ctype, _, body = http(srv.url, method="POST", ctype=SPARQL_QUERY, body=query.encode())
    return status, ctype, body


def still_answers(srv: Server) -> None:
    status, _, _, body = http(srv.url, ASK)
    assert status == 200 and json.loads(body)["boolean"] is True
    assert srv.proc.poll() is None


def workers_of(srv: Server) -> list[int]:
    """The pids of the oxigraph processes `watchgraph serve` started."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            comm = stat.read_text().split("(", 1)[1].rsplit(")", 1)[0]
        except (OSError, IndexError):
            continue
        if int(fields[1]) == srv.proc.pid and comm == "oxigraph":
            found.append(int(stat.parent.name))
    return found


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`watchgraph serve --timeout 2 --cors` over the bundled data, two workers."""
    srv = Server(tmp_path_factory.mktemp("store"), "--timeout", "2", "--max-memory", "4096",
                 "--workers", "2", "--cors")
    srv.wait_for("Ctrl-C stops the server.")
    yield srv
    assert srv.stop() == 0


class Recorder(BaseHTTPRequestHandler):
    """A web server on this machine that notes every request made to it."""

    seen: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        self.seen.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        body = b'{"head":{"vars":["secret"]},"results":{"bindings":[]}}'
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture()
def recorder() -> Iterator[tuple[str, list[str]]]:
    Recorder.seen = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/internal", Recorder.seen
    httpd.shutdown()
    httpd.server_close()


# defect 8: one request killed the endpoint


def test_deeply_nested_groups_are_refused_and_the_endpoint_keeps_serving(guarded: Server) -> None:
    assert len(NESTED) > 20_000
    assert post(guarded, NESTED) == (400, "text/plain", (
        b"the query nests groups or expressions more than 64 deep; this endpoint refuses "
        b"deeper ones\n"))
    still_answers(guarded)


def test_a_20000_branch_union_is_refused_and_the_endpoint_keeps_serving(guarded: Server) -> None:
    assert post(guarded, UNIONS) == (400, "text/plain", (
        b"the query is 380,012 characters long; this endpoint takes at most 100,000\n"))
    compact = "SELECT * WHERE {" + "UNION".join(["{}"] * 10_000) + "}"  # within the size limit
    status, _, body = post(guarded, compact)
    assert (status, body) == (400, b"the query has more than 1,000 UNION branches; this endpoint "
                                   b"refuses more\n")
    still_answers(guarded)


def test_long_operator_chains_are_refused(guarded: Server) -> None:
    chain = "SELECT * WHERE { ?s ?p ?o FILTER(" + "+".join(["1"] * 30_000) + ") }"
    assert post(guarded, chain)[::2] == (
        400, b"the query has more than 4,000 operators; this endpoint refuses more\n")
    still_answers(guarded)


def test_a_crashed_worker_is_an_error_and_the_endpoint_keeps_serving(guarded: Server) -> None:
    answer: list[tuple[int, str, bytes]] = []
    running = threading.Thread(target=lambda: answer.append(post(guarded, SORTED_PAIRS)))
    running.start()
    time.sleep(0.5)  # the query is running on one of the workers
    for pid in workers_of(guarded):
        os.kill(pid, signal.SIGKILL)  # as a crash of the engine would end them
    running.join()
    assert answer == [(500, "text/plain",
                       b"the query engine failed on this query and was restarted\n")]
    still_answers(guarded)


# defect 9: the timeout was not enforced, and a cancelled query came back as 200


@pytest.mark.parametrize("query", [SORTED_PAIRS, GROUPED_PAIRS], ids=["order-by", "group-by"])
def test_sorting_and_grouping_queries_stop_at_the_timeout(guarded: Server, query: str) -> None:
    status, ctype, _, body = http(guarded.url, query)
    assert (status, ctype, body) == (504, "text/plain",
                                     b"the query ran longer than 2 s and was stopped\n")
    still_answers(guarded)


def test_memory_is_bounded(tmp_path: Path) -> None:
    srv = Server(tmp_path / "store", "--timeout", "120", "--max-memory", "200", "--workers", "1")
    try:
        srv.wait_for("Ctrl-C stops the server.")
        assert post(srv, SORTED_PAIRS) == (
            503, "text/plain", b"the query needed more than 200 MB and was stopped\n")
        still_answers(srv)
    finally:
        assert srv.stop() == 0


# defect 10: SERVICE made the server fetch any URL (readable cross-site with --cors)


def test_service_is_refused_and_nothing_is_fetched(guarded: Server,
                                                   recorder: tuple[str, list[str]]) -> None:
    url, seen = recorder
    query = f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"
    status, ctype, headers, body = http(guarded.url, query, headers={"Origin": "https://evil.example"})
    assert (status, ctype, body) == (400, "text/plain", (
        b"SERVICE (federated query) is not allowed on this endpoint: it would make the server "
        b"fetch other URLs\n"))
    assert post(guarded, "select * { service silent <" + url + "> { ?s ?p ?o } }")[0] == 400
    assert seen == []


def test_allow_federation_lets_service_through(tmp_path: Path,
                                               recorder: tuple[str, list[str]]) -> None:
    url, seen = recorder
    srv = Server(tmp_path / "store", "--allow-federation", "--workers", "1")
    try:
        srv.wait_for("Ctrl-C stops the server.")
        status, _, _, _ = http(srv.url, f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}")
        assert status == 200 and len(seen) == 1
    finally:
        assert srv.stop() == 0


def test_valid_queries_still_pass_the_guard(guarded: Server) -> None:
    query = ("PREFIX ex: <http://example.org/> SELECT ?service WHERE { "
             "?service ?p \"SERVICE { UNION\" . # SERVICE <http://x/>\n"
             "FILTER(?p != ex:service && ?p != <http://example.org/SERVICE>) } LIMIT 1")
    status, _, _, body = http(guarded.url, query)
    assert status == 200 and json.loads(body)["head"]["vars"] == ["service"]


@pytest.mark.parametrize("query,message", [
    ("ASK { " + "(" * 65 + "1" + ")" * 65 + " }", "nests groups or expressions more than 64 deep"),
    ("ASK { SERVICE <urn:x> {} }", r"SERVICE \(federated query\) is not allowed"),
    ("ask { Service <urn:x> {} }", r"SERVICE \(federated query\) is not allowed"),
    ("#" + "x" * 100_000 + "\nASK {}", "characters long"),
])
def test_check_refuses(query: str, message: str) -> None:
    with pytest.raises(Refused, match=message):
        check(query, Limits())


@pytest.mark.parametrize("query", [
    "ASK { ?s <urn:SERVICE> 'SERVICE' }", "ASK { ?service ?p \"\"\"SERVICE {{{{\"\"\" }",
    "PREFIX service: <urn:> ASK { ?s service:x ?o }",
])
def test_check_lets_through(query: str) -> None:
    check(query, Limits())
    check("ASK { SERVICE <urn:x> {} }", Limits(allow_federation=True))


def allocator_of(pid: int) -> str:
    """Which allocator a running worker has mapped: mimalloc or the C library's."""
    maps = Path(f"/proc/{pid}/maps").read_text()
    return "mimalloc" if "libmimalloc" in maps else "system"


def test_the_workers_run_with_the_allocator_announced(guarded: Server) -> None:
    line = next(line for line in guarded.output if line.startswith("query workers: "))
    allocator = line.rsplit(" ", 1)[1]
    if os.environ.get("CI") == "true":  # make test installs mimalloc
        assert allocator == "mimalloc"
    assert line == f"query workers: 2, allocator {'mimalloc' if find_mimalloc() else 'system'}"
    workers = workers_of(guarded)
    assert len(workers) == 2 and [allocator_of(pid) for pid in workers] == [allocator] * 2
    assert post(guarded, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0] == 200


def test_the_system_allocator_on_request(tmp_path: Path) -> None:
    srv = Server(tmp_path / "store", "--allocator", "system", "--workers", "1")
    try:
        out = srv.wait_for("Ctrl-C stops the server.")
        assert "query workers: 1, allocator system" in out
        assert [allocator_of(pid) for pid in workers_of(srv)] == ["system"]
        still_answers(srv)
    finally:
        assert srv.stop() == 0


def test_mimalloc_missing_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(WatchgraphError) as exc:
        worker_env("mimalloc", "watchgraph-no-such-library")
    assert exc.value.lines(flag) == ["mimalloc is not installed (Debian: apt-get install "
                                     "libmimalloc2.0); install it or use --allocator system"]
    assert worker_env("auto", "watchgraph-no-such-library") == ("system", {})
    assert worker_env("system") == ("system", {})
    library = find_mimalloc()
    if library:  # a preload already asked for is kept, after ours
        monkeypatch.setenv("LD_PRELOAD", "libfaketime.so.1")
        assert worker_env("auto") == ("mimalloc", {"LD_PRELOAD": f"{library} libfaketime.so.1"})


def test_the_options_are_documented_and_checked(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert "--allow-federation" in result.stdout and "--max-memory MB" in result.stdout
    result = CliRunner().invoke(cli, ["serve", "--max-memory", "10", "--store", str(tmp_path)])
    assert result.exit_code == 2 and "Invalid value for '--max-memory'" in result.stderr


def test_oversized_or_malformed_requests_get_one_line(guarded: Server) -> None:
    status, _, _, body = http(guarded.url, method="POST", ctype=SPARQL_QUERY, body=b"#" * (2 << 20))
    assert (status, body) == (413, b"the request body is over 1,048,576 bytes; this endpoint takes "
                                   b"at most that\n")
    with socket.create_connection(("127.0.0.1", guarded.port), timeout=30) as sock:
        sock.sendall(b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Length: many\r\n\r\n")
        reply = sock.makefile("rb").read()
    assert reply.startswith(b"HTTP/1.1 400 ") and reply.endswith(
        b"\r\n\r\nthe Content-Length header is not a number\n")
    still_answers(guarded)


def test_the_worker_that_answered_last_takes_the_next_request(tmp_path: Path) -> None:
    """The idle workers are a stack (their caches warm): one request at a time always goes
    to the same worker; two at once get two; the one given back last is lent first."""
    from watchgraph import api
    from watchgraph.rdf.mapping import Iris
    from watchgraph.serve.pool import Pool
    from watchgraph.serve.server import oxigraph_binary
    from watchgraph.serve.store import build_store

    build_store(tmp_path / "store", api.load(show_progress=False), Iris(), "http://127.0.0.1/query")
    pool = Pool(oxigraph_binary(), tmp_path / "store", cors=False, max_memory=1 << 30, size=3)
    pool.start()
    try:
        first = pool.borrow(5)
        assert first is not None
        pool.give_back(first)
        for _ in range(3):
            again = pool.borrow(5)
            assert again is first
            pool.give_back(again)
        a, b = pool.borrow(5), pool.borrow(5)
        assert a is first and b is not None and b is not a
        pool.give_back(a)
        pool.give_back(b)
        assert pool.borrow(5) is b
    finally:
        pool.close()
