"""The console script ends its process without Python's teardown, losing nothing on the way."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from watchgraph.cli import cli

SCRIPT = """
import atexit, sys
atexit.register(lambda: print("exit handler ran", file=sys.stderr))
sys.argv = ["watchgraph", *{args!r}]
from watchgraph.cli import main
main()
"""


def python(code: str) -> subprocess.CompletedProcess[str]:
    """`code` run by a new Python process, its output captured."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


def run_script(args: list[str]) -> subprocess.CompletedProcess[str]:
    return python(SCRIPT.format(args=args))


def test_a_command_prints_all_of_its_output_and_runs_the_exit_handlers_once() -> None:
    out = run_script(["query", "contracts", "--format", "csv"])
    assert out.returncode == 0
    assert out.stdout == CliRunner().invoke(cli, ["query", "contracts", "--format", "csv"]).output
    assert out.stderr == "exit handler ran\n"


def test_a_mistake_keeps_its_one_line_and_exit_status() -> None:
    out = run_script(["show", "Qqqzzz"])
    assert (out.returncode, out.stdout) == (1, "")
    assert out.stderr == ("Error: no entity named 'Qqqzzz'; `watchgraph stats` lists what "
                          "the graph holds\nexit handler ran\n")
    assert run_script(["--no-such-option"]).returncode == 2


def test_buffered_output_is_flushed_before_the_process_ends() -> None:
    code = ("import sys; from watchgraph.quick_exit import end; "
            "sys.stdout.write('x' * 1_000_000); print('end', file=sys.stderr, end=''); end(3)")
    out = python(code)
    assert (out.returncode, len(out.stdout), out.stderr) == (3, 1_000_000, "end")


def test_a_running_thread_is_joined_by_pythons_own_exit() -> None:
    code = ("import threading, time; from watchgraph.quick_exit import end; "
            "threading.Thread(target=lambda: (time.sleep(0.2), print('thread done'))).start(); "
            "end(0)")
    out = python(code)
    assert (out.returncode, out.stdout) == (0, "thread done\n")


def test_the_objects_left_are_not_freed_one_by_one() -> None:
    code = ("from watchgraph.quick_exit import end\n"
            "class Held:\n    def __del__(self): print('freed')\n"
            "held = Held()\nend(0)")
    out = python(code)
    assert (out.returncode, out.stdout) == (0, "")
