"""The schema and command references are generated; a stale one fails the suite."""

from __future__ import annotations

from pathlib import Path

from watchgraph.docs import generated

ROOT = Path(__file__).resolve().parents[1]


def test_references_are_up_to_date() -> None:
    for path, text in generated(ROOT).items():
        assert path.read_text("utf-8") == text, f"{path.name} is stale; run `python -m watchgraph.docs`"


def test_every_command_and_option_has_help() -> None:
    import click

    from watchgraph.cli import cli

    def walk(cmd: click.Command, name: str) -> None:
        assert cmd.help, f"{name} has no help text"
        for p in cmd.params:
            if isinstance(p, click.Option):
                assert p.help, f"{name} {p.opts[0]} has no help text"
        if isinstance(cmd, click.Group):
            for sub, c in cmd.commands.items():
                walk(c, f"{name} {sub}")

    walk(cli, "watchgraph")
