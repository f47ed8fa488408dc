"""watchgraph: a knowledge graph of who watches whom, with the evidence for every relationship."""

from watchgraph.api import build, export_json, load, path, path_text, show, stats, validate
from watchgraph.docs import schema_overview

__all__ = ["build", "export_json", "load", "path", "path_text", "schema_overview", "show", "stats",
           "validate"]
__version__ = "0.1.0"
