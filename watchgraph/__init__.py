"""watchgraph: a knowledge graph of who watches whom, with the evidence for every relationship."""

from watchgraph.api import build, load, validate

__all__ = ["build", "load", "validate"]
__version__ = "0.1.0"
