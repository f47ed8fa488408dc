"""A rendered page shown inside a notebook: the self-contained HTML in a sandboxed iframe."""

from __future__ import annotations

import html
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from watchgraph.graph.store import KnowledgeGraph
from watchgraph.render.publish import publish


@dataclass(frozen=True)
class InlinePage:
    """A published page that Jupyter displays in place (and `html` holds in full)."""

    html: str
    height: int = 560

    def _repr_html_(self) -> str:
        return (f'<iframe srcdoc="{html.escape(self.html, quote=True)}" sandbox="allow-scripts" '
                f'style="width:100%;height:{self.height}px;border:0" '
                'title="watchgraph: interactive graph"></iframe>')


def show_inline(graph: KnowledgeGraph, height: int = 560, **options: Any) -> InlinePage:
    """Render a selection (the options of `render`) as a page to show in a notebook."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "graph.html"
        publish(graph, out, fmt="html", **options)
        return InlinePage(out.read_text("utf-8"), height)
