"""Issue 14, the loader, value and output defects: each as the hostile user found it, now a
one-line error (or a warning), and outputs that never overwrite an input or leave litter."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SMALL, run

from watchgraph import api
from watchgraph.errors import DataError
from watchgraph.graph.model import INTERCHANGE_FORMAT
from watchgraph.loaders.dataset import load_dataset
from watchgraph.output import atomic_dir, atomic_write

REPO = Path(__file__).resolve().parent.parent

CONTRACT = """\
relationships:
  - type: CONTRACTED_WITH
    from: agency:nypd
    to: company:clearview-ai
    status: reported
    citations: [{source: s1, quote: a contract}]
"""
USES = """\
relationships:
  - type: USES
    from: agency:nypd
    to: product:clearview-app
    mode: trial
    status: reported
    citations: [{source: s1, quote: a trial}]
"""


def problems(small: Path, bad: Path) -> list[str]:
    with pytest.raises(DataError) as err:
        load_dataset([small, bad], bundled=False, show_progress=False)
    return err.value.lines()


# -- 1. year 0 -------------------------------------------------------------------

def test_year_zero_in_a_source(write: Callable[..., Path]) -> None:
    bad = write(SMALL.replace("published: 2020-05", 'published: "0000"'), "bad.yaml")
    with pytest.raises(DataError) as err:
        load_dataset([bad], bundled=False, show_progress=False)
    assert err.value.lines() == [f"{bad}:5: published: impossible date '0000' (there is no "
                                 "year 0); write YYYY, YYYY-MM or YYYY-MM-DD with a real month and day"]


def test_year_zero_as_an_option(runner: CliRunner, small: Path, tmp_path: Path) -> None:
    code, out, err = run(runner, "render", "--no-bundled", "--data", str(small), "--as-of", "0000",
                         "-o", str(tmp_path / "x.html"))
    assert (code, out, err) == (2, "", "Error: --as-of: impossible date '0000' (there is no year 0); "
                                "write YYYY, YYYY-MM or YYYY-MM-DD\n")
    code, out, err = run(runner, "query", "true-on-date", "--no-bundled", "--data", str(small),
                         "--param", "day=0000-01-01")
    assert (code, out, err) == (2, "", "Error: parameter 'day' of query true-on-date is a day "
                                "written YYYY-MM-DD, not '0000-01-01'\n")


def test_other_scripts_digits_are_not_a_year(write: Callable[..., Path]) -> None:
    bad = write(SMALL.replace("published: 2020-05", "published: ٢٠٢٠"), "bad.yaml")
    with pytest.raises(DataError) as err:
        load_dataset([bad], bundled=False, show_progress=False)
    assert err.value.lines() == [f"{bad}:5: published: malformed date '٢٠٢٠'; write YYYY, "
                                 "YYYY-MM or YYYY-MM-DD with a real month and day"]


# -- 2. a list or a mapping where a name is expected --------------------------------

@pytest.mark.parametrize(("content", "expected"), [
    ("entities:\n  - id: agency:x\n    type: [Agency]\n    name: X\n",
     "3: unknown entity type a list; use one of Agency, Company, Product, Person, Organization, "
     "Policy, Event, Dataset"),
    (USES.replace("type: USES", "type: {USES: 1}"),
     "2: unknown relationship type a mapping; use one of PART_OF, SUBSIDIARY_OF, EMPLOYED_BY, USES, "
     "CONTRACTED_WITH, DEVELOPS, MEMBER_OF, SHARES_DATA_WITH, SUPPLIES_DATA_TO, COLLECTS_FROM, "
     "MARKETED_TO, MET_WITH, PARTICIPATED_IN, REFERRED, FACILITATED, TESTED, REGULATES, ADOPTED, "
     "REQUESTED_RECORDS_FROM, OBJECTED_TO"),
    (USES.replace("status: reported", "status: [confirmed]"),
     "6: unknown status a list; use one of reported, confirmed, alleged, disputed, denied"),
])
def test_a_list_or_mapping_for_a_name(small: Path, write: Callable[..., Path], content: str,
                                      expected: str) -> None:
    bad = write(content, "bad.yaml")
    assert problems(small, bad) == [f"{bad}:{expected}"]


# -- 3. JSON ----------------------------------------------------------------------

def test_json_nested_too_deeply(small: Path, write: Callable[..., Path]) -> None:
    bad = write("[" * 100_000, "bad.json")
    assert problems(small, bad) == [f"{bad}:1: the data is nested too deeply; flatten the lists "
                                    "and objects"]


def test_json_edges_not_a_list(small: Path, write: Callable[..., Path]) -> None:
    bad = write(f'{{"format": "{INTERCHANGE_FORMAT}",\n "edges": 5}}', "bad.json")
    assert problems(small, bad) == [f'{bad}:2: edges must be a list, not number 5; write '
                                    '`"edges": [...]`']


def test_json_repeated_key_names_both_lines(small: Path, write: Callable[..., Path]) -> None:
    bad = write('{"entities": [],\n "entities": []}', "bad.json")
    assert problems(small, bad) == [f"{bad}:2: the key 'entities' is written twice, on lines 1 "
                                    "and 2; keep one of the two"]


# -- 4. memory and hangs ------------------------------------------------------------

def test_alias_bomb_is_refused(small: Path, write: Callable[..., Path]) -> None:
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]")
    bad = write("\n".join(lines) + "\n", "bad.yaml")
    assert len(bad.read_bytes()) < 400
    assert problems(small, bad) == [f"{bad}:7: the aliases expand to more than 1,007,920 values; "
                                    "write the data out, or repeat it through fewer nested aliases"]


def test_recursive_alias_is_refused(small: Path, write: Callable[..., Path]) -> None:
    bad = write("entities: &e\n  - *e\n", "bad.yaml")
    assert problems(small, bad) == [f"{bad}:1: an alias refers to a list or mapping that contains "
                                    "it; write the data out without the recursive alias"]


def test_aliases_that_repeat_a_little_are_read(small: Path, write: Callable[..., Path]) -> None:
    ok = write(CONTRACT.replace("citations: [{source: s1, quote: a contract}]",
                                "citations: &c [{source: s1, quote: a contract}]")
               + "  - {type: CONTRACTED_WITH, from: agency:nypd, to: company:clearview-ai, "
                 "qualifier: second, status: reported, citations: *c}\n", "ok.yaml")
    ds = load_dataset([small, ok], bundled=False, show_progress=False)
    assert len(ds.relationships) == 4


@pytest.mark.parametrize("kind", ["device", "fifo"])
def test_not_a_regular_file(kind: str, tmp_path: Path) -> None:
    path = Path("/dev/zero")
    if kind == "fifo":
        path = tmp_path / "pipe.yaml"
        os.mkfifo(path)
    with pytest.raises(DataError) as err:
        load_dataset([path], bundled=False, show_progress=False)
    assert err.value.lines() == [f"{path}: not a regular file or folder (a device, a FIFO or a "
                                 "socket); point data at a data file or a folder of them"]


def test_a_fifo_in_a_folder_is_skipped_with_a_warning(small: Path, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    ds = load_dataset([tmp_path], bundled=False, show_progress=False)
    assert [str(w) for w in ds.warnings] == [f"{tmp_path / 'pipe.yaml'}: skipped: not a regular "
                                             "file; fix or remove it"]


# -- Also: links and unreadable folders in a data folder -----------------------------

def test_broken_links_and_loops_are_warned_about(small: Path, tmp_path: Path) -> None:
    (tmp_path / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    ds = load_dataset([tmp_path], bundled=False, show_progress=False)
    assert [str(w) for w in ds.warnings] == [
        f"{tmp_path / 'gone.yaml'}: skipped: a symbolic link to nothing; fix or remove it",
        f"{tmp_path / 'loop.yaml'}: skipped: a symbolic link that loops; fix or remove it",
    ]
    assert len(ds.entities) == 3


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_unreadable_folder_is_warned_about(small: Path, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        ds = load_dataset([tmp_path], bundled=False, show_progress=False)
    finally:
        locked.chmod(0o755)
    assert [str(w) for w in ds.warnings] == [f"{locked}: skipped: cannot read the folder "
                                             "(Permission denied); fix or remove it"]


# -- 5. invalid values accepted silently ---------------------------------------------

VALUES = {
    "repeated key": (USES.replace("status: reported", "status: denied\n    status: confirmed"),
                     "7: the key 'status' is written twice, on lines 6 and 7; keep one of the two"),
    "repeated section": ("entities: []\nsources: []\nentities: []\n",
                         "3: the key 'entities' is written twice, on lines 1 and 3; keep one of the two"),
    "nan": (CONTRACT + "    amount: .nan\n",
            "7: amount must be a finite number, not nan; write the amount as a plain decimal number"),
    "inf": (CONTRACT + "    amount: -.inf\n",
            "7: amount must be a finite number, not -inf; write the amount as a plain decimal number"),
    "octal": (CONTRACT + "    seats: 010\n", "7: seats must be a whole number, not '010'; write the "
              "number in plain decimal digits (no leading zero, 0x, colons or underscores)"),
    "hex": (CONTRACT + "    seats: 0x10\n", "7: seats must be a whole number, not '0x10'; write the "
            "number in plain decimal digits (no leading zero, 0x, colons or underscores)"),
    "base 60": (CONTRACT + "    seats: 1:30:00\n", "7: seats must be a whole number, not '1:30:00'; "
                "write the number in plain decimal digits (no leading zero, 0x, colons or underscores)"),
    "30 digits": (CONTRACT + "    seats: 123456789012345678901234567890\n",
                  "7: seats 123456789012345678901234567890 is too large; whole numbers must lie "
                  "between -9,223,372,036,854,775,808 and 9,223,372,036,854,775,807"),
    "NUL in a name": ('entities:\n  - id: agency:x\n    type: Agency\n    name: "a\\0b"\n',
                      "4: name holds a control character (U+0000); remove it, or write the "
                      "character it stands for"),
}


@pytest.mark.parametrize("case", VALUES)
def test_invalid_values(case: str, small: Path, write: Callable[..., Path]) -> None:
    content, expected = VALUES[case]
    bad = write(content, "bad.yaml")
    assert problems(small, bad) == [f"{bad}:{expected}"]


def test_lone_surrogate_in_json(small: Path, write: Callable[..., Path]) -> None:
    bad = write('{"entities": [\n {"id": "agency:x", "type": "Agency",\n  "name": "a\\ud800"}]}',
                "bad.json")
    assert problems(small, bad) == [f"{bad}:3: name holds a lone surrogate (U+D800); remove it, or "
                                    "write the character it stands for"]


def test_nan_in_json(small: Path, write: Callable[..., Path]) -> None:
    doc = {"relationships": [{"type": "CONTRACTED_WITH", "from": "agency:nypd",
                              "to": "company:clearview-ai", "status": "reported", "amount": "X",
                              "citations": [{"source": "s1", "quote": "a contract"}]}]}
    bad = write(json.dumps(doc, indent=1).replace('"X"', "NaN"), "bad.json")
    assert problems(small, bad) == [f"{bad}:8: amount must be a finite number, not nan; write the "
                                    "amount as a plain decimal number"]


def test_plain_decimal_numbers_still_read(small: Path, write: Callable[..., Path]) -> None:
    ok = write(CONTRACT + "    seats: 9223372036854775807\n    amount: -0.5e3\n", "ok.yaml")
    ds = load_dataset([small, ok], bundled=False, show_progress=False)
    rel = ds.relationships["contracted_with:agency:nypd:company:clearview-ai"]
    assert (rel.properties["seats"], rel.properties["amount"]) == (2**63 - 1, -500.0)


# -- 6. SVG and PNG with many or long sources ------------------------------------------

def test_many_sources_and_a_long_title(write: Callable[..., Path], tmp_path: Path) -> None:
    sources = "".join(f"  - {{id: s{i}, title: A story about a system number {i}, publisher: "
                      f"A paper, kind: news}}\n" for i in range(45))
    cites = ", ".join(f"{{source: s{i}, quote: a trial}}" for i in range(45))
    data = write("sources:\n" + sources + SMALL.split("entities:\n", 1)[1].join(["entities:\n", ""])
                 .split("relationships:\n")[0] + USES.replace("[{source: s1, quote: a trial}]",
                                                              f"[{cites}]"), "many.yaml")
    graph = api.load([data], bundled=False, show_progress=False)
    svg = api.render(graph, tmp_path / "many.svg")
    assert svg.counts == {"nodes": 3, "edges": 1, "sources": 45}
    ET.parse(tmp_path / "many.svg")
    png = api.render(graph, tmp_path / "long.png", title="word " * 2000)
    assert png.counts["sources"] == 45
    assert (tmp_path / "long.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# -- 7. control characters ------------------------------------------------------------

def test_control_character_on_its_line(small: Path, write: Callable[..., Path]) -> None:
    bad = write("entities:\n  - id: agency:x\n    type: Agency\n    name: a\x01b\n", "bad.yaml")
    assert problems(small, bad) == [f"{bad}:4: the character U+0001 is not allowed in YAML (a "
                                    "control character); remove it, or write it as an escape in a "
                                    "double-quoted string"]


# -- 11. commands never overwrite their input ------------------------------------------

@pytest.mark.parametrize(("args", "message"), [
    (["render", "--data", "a.yaml", "-o", "a.yaml"], "--output a.yaml is the input a.yaml"),
    (["export", "json", "--data", "a.yaml", "-o", "a.yaml"], "--output a.yaml is the input a.yaml"),
    (["export", "json", "--data", "D", "-o", "D/x.json"], "--output D/x.json is inside the input D"),
    (["export", "neo4j-import", "--data", "D/a.yaml", "-o", "D"], "--output D holds the input D/a.yaml"),
    (["build", "--data", "D", "-o", "D"], "--out D is the input D"),
    (["build", "--data", "D", "-o", "D/out"], "--out D/out is inside the input D"),
])
def test_outputs_never_overwrite_inputs(runner: CliRunner, small: Path, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch, args: list[str],
                                        message: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.yaml").write_text(SMALL, "utf-8")
    (tmp_path / "D").mkdir()
    (tmp_path / "D" / "a.yaml").write_text(SMALL, "utf-8")
    code, out, err = run(runner, *args[:-2], "--no-bundled", *args[-2:])
    assert (code, out, err) == (2, "", f"Error: {message}; write the output somewhere else\n")
    assert (tmp_path / "a.yaml").read_text("utf-8") == SMALL
    assert sorted(p.name for p in (tmp_path / "D").iterdir()) == ["a.yaml"]


# -- 12 and 13. no litter, and folders replaced in one step -----------------------------

KILLED = """\
import os, signal, sys
from pathlib import Path
from watchgraph.output import atomic_dir, atomic_write
target, how = Path(sys.argv[1]), sys.argv[2]
if target.suffix:
    with atomic_write(target) as fh:
        fh.write("half")
        fh.flush()
        print("writing", flush=True)
        signal.pause()
else:
    with atomic_dir(target, lambda d: True) as tmp:
        (tmp / "new.txt").write_text("new")
        print("writing", flush=True)
        signal.pause()
"""


def _killed_mid_write(target: Path, sig: signal.Signals) -> subprocess.CompletedProcess[str]:
    proc = subprocess.Popen([sys.executable, "-c", KILLED, str(target), "x"], cwd=REPO,
                            env={**os.environ, "PYTHONPATH": str(REPO)}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline() == "writing\n"
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


@pytest.mark.parametrize("name", ["graph.json", "neo4j-import"])
def test_sigterm_leaves_nothing(tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    done = _killed_mid_write(target, signal.SIGTERM)
    assert done.returncode == 128 + signal.SIGTERM, done.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["graph.json", "neo4j-import"])
def test_sigkill_litter_is_swept_by_the_next_run(tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    foreign = tmp_path / f".{name}.12345678.tmp"  # a name the project did not make: kept
    foreign.write_text("not ours")
    _killed_mid_write(target, signal.SIGKILL)
    assert len(list(tmp_path.iterdir())) == 2
    if target.suffix:
        with atomic_write(target) as fh:
            fh.write("done")
    else:
        with atomic_dir(target, lambda d: True) as tmp:
            (tmp / "done.txt").write_text("done")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, foreign.name])


def test_folder_replaced_in_one_step(tmp_path: Path) -> None:
    """A kill while the new folder is written leaves the old one whole; a finished run
    leaves only the new one, and no old copy beside it."""
    target = tmp_path / "neo4j-import"
    target.mkdir()
    (target / "old.txt").write_text("old")
    _killed_mid_write(target, signal.SIGKILL)
    assert [p.name for p in target.iterdir()] == ["old.txt"]
    with atomic_dir(target, lambda d: True) as tmp:
        (tmp / "new.txt").write_text("new")
    assert [p.name for p in tmp_path.iterdir()] == ["neo4j-import"]
    assert [p.name for p in target.iterdir()] == ["new.txt"]


def test_an_error_inside_leaves_the_old_output(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_write(target) as fh:
        fh.write("new")
        raise RuntimeError("stop")
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]
    assert target.read_text() == "old"

