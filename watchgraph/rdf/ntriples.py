"""N-Triples written straight from plain triples as they stream past (one escaped line
each, no object per term), and a readable file over the stream for bulk loaders."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from typing import Any

from watchgraph.rdf.mapping import Triple

_ESCAPE = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def ntriples_chunks(parts: Iterable[tuple[str, Iterable[Triple]]], counts: dict[str, int],
                    lines: int = 50_000) -> Iterator[bytes]:
    """N-Triples, UTF-8, in chunks of `lines` lines; `counts["triples"]` counts them.

    IRIs are written as they are (they are made from slugs, a checked base IRI and
    Wikidata ids); literals escape what N-Triples requires (backslash, quote, CR, LF).
    """
    preds: dict[str, str] = {}
    types: dict[str | None, str] = {None: " ."}
    n = 0
    for _, triples in parts:
        out: list[str] = []
        add = out.append
        last_s, subject = None, ""
        for s, p, o in triples:
            if s is not last_s:
                last_s, subject = s, f"<{s}>"
            pred = preds.get(p)
            if pred is None:
                pred = preds[p] = f" <{p}> "
            if o.__class__ is str:
                add(f"{subject}{pred}<{o}> .\n")
            else:
                v, dt = o
                if '"' in v or "\\" in v or "\n" in v or "\r" in v:
                    v = v.translate(_ESCAPE)
                tail = types.get(dt)
                if tail is None:
                    tail = types[dt] = f"^^<{dt}> ."
                add(f'{subject}{pred}"{v}"{tail}\n')
            if len(out) >= lines:
                n += len(out)
                yield "".join(out).encode("utf-8")
                out.clear()
        n += len(out)
        if out:
            yield "".join(out).encode("utf-8")
    counts["triples"] = n


class ChunkReader(io.RawIOBase):
    """A readable file over an iterator of byte chunks (for pyoxigraph's bulk loader)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        super().__init__()
        self.chunks = chunks
        self.buf = b""

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        while not self.buf:
            chunk = next(self.chunks, None)
            if chunk is None:
                return 0
            self.buf = chunk
        n = min(len(b), len(self.buf))
        b[:n] = self.buf[:n]
        self.buf = self.buf[n:]
        return n
