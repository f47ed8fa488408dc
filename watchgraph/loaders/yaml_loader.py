"""YAML data files: the loader the registry finds for `.yaml` and `.yml`.

The parsing (libyaml, and locating problems by line) is in `yaml_parse`, imported when a
file is read: a command whose graph comes from the cache does not import PyYAML.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from watchgraph.errors import Problem
from watchgraph.loaders.registry import Loader


class YamlLoader(Loader):
    """The data format written by hand: `sources`, `entities`, `relationships`."""

    name = "yaml"

    def read(self, path: Path, text: str, display: str) -> tuple[Any, list[Problem]]:
        from watchgraph.loaders.yaml_parse import read

        return read(text, display)

    def locate(self, path: Path, problems: Sequence[Problem]) -> None:
        from watchgraph.loaders.yaml_parse import locate

        locate(path, problems)
