"""Every `$ watchgraph …` example in the README runs and prints exactly what it shows."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from watchgraph.cli import cli

ROOT = Path(__file__).resolve().parents[1]


def examples() -> list[tuple[str, str]]:
    text = (ROOT / "README.md").read_text("utf-8")
    found = []
    for block in re.findall(r"```console\n(.*?)```", text, re.S):
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = chunk.partition("\n")
            if command.startswith("watchgraph "):
                found.append((command, output))
    return found


def test_the_readme_has_examples() -> None:
    assert len(examples()) >= 5


@pytest.mark.parametrize("command,expected", examples(), ids=[c for c, _ in examples()])
def test_readme_example(command: str, expected: str, monkeypatch: pytest.MonkeyPatch,
                        tmp_path: Path) -> None:
    # run where the README's relative paths resolve, without writing into the checkout
    (tmp_path / "docs").symlink_to(ROOT / "docs", target_is_directory=True)
    (tmp_path / "datasets").symlink_to(ROOT / "datasets", target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, shlex.split(command)[1:])
    assert result.output == expected


def test_the_worked_example_file_is_the_one_shown() -> None:
    text = (ROOT / "README.md").read_text("utf-8")
    shown = re.search(r"```yaml\n(sources:.*?)```", text, re.S).group(1)
    on_disk = (ROOT / "docs/examples/new-article.yaml").read_text("utf-8")
    assert shown in on_disk
