"""The endpoint's front: a small threaded HTTP server that checks each query (guard.py) and
hands it to a worker of the pool (pool.py), answering with the worker's reply or, when the
worker had to be stopped, with an HTTP error status and a one-line text body.

Replies are read whole before they are sent on, so a client never receives a truncated
result with a success status.
"""

from __future__ import annotations

import http.client
import socket
import tempfile
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import IO

from watchgraph.serve.guard import Limits, Refused, check
from watchgraph.serve.pool import Pool

MAX_BODY = 1 << 20  # bytes of a request body
HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade",
       "proxy-authorization", "proxy-authenticate", "content-length", "host"}


class Front(ThreadingHTTPServer):
    """The listening server, holding the pool and the rules."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], pool: Pool, limits: Limits, timeout: float,
                 cors: bool) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.pool, self.limits, self.query_timeout, self.cors = pool, limits, timeout, cors
        super().__init__(address, Handler)


def queries_in(method: str, target: str, ctype: str, body: bytes) -> list[str]:
    """Every query text a request carries (URL parameter, form field or direct body)."""
    found = urllib.parse.parse_qs(urllib.parse.urlsplit(target).query).get("query", [])
    if method == "POST":
        if ctype == "application/x-www-form-urlencoded":
            found += urllib.parse.parse_qs(body.decode("utf-8", "replace")).get("query", [])
        elif ctype == "application/sparql-query":
            found.append(body.decode("utf-8", "replace"))
    return found


class Handler(BaseHTTPRequestHandler):
    """One client request: check it, run it on a worker, answer."""

    server: Front
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base's name
        pass  # quiet: the terminal shows the announcement only

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self.handle_request()

    def do_POST(self) -> None:  # noqa: N802
        self.handle_request()

    def do_HEAD(self) -> None:  # noqa: N802
        self.handle_request()

    def do_OPTIONS(self) -> None:  # noqa: N802
        self.handle_request()

    def do_PUT(self) -> None:  # noqa: N802
        self.handle_request()

    def do_DELETE(self) -> None:  # noqa: N802
        self.handle_request()

    def error(self, status: int, message: str) -> None:
        """A one-line plain-text answer."""
        body = (message + "\n").encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def handle_request(self) -> None:
        """Check the request, forward it to a worker, relay the reply."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self.close_connection = True
            return self.error(411, "send the request with a Content-Length")
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            self.close_connection = True
            return self.error(400, "the Content-Length header is not a number")
        if length < 0 or length > MAX_BODY:
            self.close_connection = True
            if MAX_BODY < length <= 64 * MAX_BODY:  # read it, so the client sees the answer
                while length > 0 and (chunk := self.rfile.read(min(length, 1 << 16))):
                    length -= len(chunk)
            return self.error(413, f"the request body is over {MAX_BODY:,} bytes; this endpoint "
                                   "takes at most that")
        body = self.rfile.read(length) if length else b""
        ctype = self.headers.get_content_type() if self.headers.get("Content-Type") else ""
        try:
            for query in queries_in(self.command, self.path, ctype, body):
                check(query, self.server.limits)
        except Refused as exc:
            return self.error(400, str(exc))
        self.forward(body)

    def forward(self, body: bytes) -> None:
        front = self.server
        deadline = time.monotonic() + front.query_timeout  # waiting for a worker counts too
        worker = front.pool.borrow(front.query_timeout)
        if worker is None:
            return self.error(503, f"the endpoint was busy with other queries for "
                                   f"{front.query_timeout:g} s; try again shortly")
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP}
        reply: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=8 << 20)
        stop_watch = worker.guard(max(0.0, deadline - time.monotonic()))
        try:
            conn = http.client.HTTPConnection("127.0.0.1", worker.port)
            try:
                conn.request(self.command, self.path, body=body or None,
                             headers={**headers, "Content-Length": str(len(body))})
                resp = conn.getresponse()
                while chunk := resp.read(1 << 16):
                    reply.write(chunk)
                status, reason, got = resp.status, resp.reason, resp.getheaders()
            finally:
                conn.close()
            stop_watch()
            if worker.stopped_for or not worker.alive():  # the reply may have been cut short
                raise ConnectionAbortedError
        except (OSError, http.client.HTTPException):
            stop_watch()
            worker.kill()
            why = worker.stopped_for or ("memory" if worker.ran_out_of_memory() else None)
            front.pool.give_back(worker)
            reply.close()
            if why == "timeout":
                return self.error(504, f"the query ran longer than {front.query_timeout:g} s and "
                                       "was stopped")
            if why == "memory":
                return self.error(503, f"the query needed more than "
                                       f"{worker.max_memory / (1 << 20):,.0f} MB and was stopped")
            return self.error(500, "the query engine failed on this query and was restarted")
        front.pool.give_back(worker)
        size = reply.tell()
        reply.seek(0)
        try:
            self.send_response(status, reason)
            for key, value in got:
                lower = key.lower()
                if lower in HOP or lower in ("date", "server"):
                    continue
                if lower.startswith("access-control-") and not front.cors:
                    continue
                self.send_header(key, value)
            self.send_header("Content-Length", str(size))
            self.end_headers()
            if self.command != "HEAD":
                while chunk := reply.read(1 << 16):
                    self.wfile.write(chunk)
        finally:
            reply.close()
