"""Issue 13 (untrusted trees), the child processes: a reviewed tree never runs its own code
through the tools or workers `review` starts, however it names its modules; the tools see
every file, however many; and a folder named through a symbolic link is reviewed once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reviewer.analyzers import base
from reviewer.analyzers.base import ToolOutput, argv_size, batches, run_tool
from reviewer.analyzers.tools import bandit, ruff
from reviewer.analyzers.tools.ruff import RuffAnalyzer
from reviewer.analyzers.workers import MIN_FILES
from reviewer.cli import main
from reviewer.config.analyzers import RuffOptions
from reviewer.inputs.discovery import SourceFile
from tests.helpers import write

# Modules named like the tools and like `review`'s own imports: each, when imported, leaves a
# marker file outside the tree and prints garbage where a tool's JSON would be.
IMPOSTORS = ("bandit.py", "mypy.py", "ruff.py", "radon.py", "typer.py", "reviewer/__init__.py")
IMPOSTOR = """\
import pathlib
pathlib.Path({markers!r}, {name!r}).write_text("imported", encoding="utf-8")
print("garbage from the reviewed tree")
"""
MODULE = '''\
"""A module with one finding for each tool."""


def risky(text: str) -> object:
    """Run the text."""
    return eval(text)


def typed() -> int:
    """Say a number."""
    return "not a number"


def branchy(a: int) -> int:
    """Many paths."""
{branches}
    return 0
'''
BRANCHES = "".join(f"    if a == {n}:\n        return {n}\n" for n in range(25))
TOOLS = {"ruff", "bandit", "mypy", "radon"}


def _hostile_tree(root: Path, markers: Path, *, with_reviewer: bool = True) -> Path:
    markers.mkdir(parents=True, exist_ok=True)
    for name in IMPOSTORS:
        if with_reviewer or not name.startswith("reviewer/"):
            write(root, name, IMPOSTOR.format(markers=str(markers), name=name.replace("/", "_")))
    for number in range(MIN_FILES + 2):
        write(root, f"module_{number:02}.py", MODULE.format(branches=BRANCHES))
    return root


def _tools_that_found(report: dict[str, object]) -> set[str]:
    comments = report["comments"]
    assert isinstance(comments, list)
    return {source.split(":")[0] for c in comments for source in c["sources"]}


def _assert_reviewed_by_the_real_tools(report: dict[str, object], markers: Path) -> None:
    assert list(markers.iterdir()) == []
    assert report["errors"] == []
    assert _tools_that_found(report) >= TOOLS
    assert {"module_00.py", f"module_{MIN_FILES + 1}.py"} <= _commented_paths(report)


def _commented_paths(report: dict[str, object], source: str = "") -> set[str]:
    """The files the report comments on; with `source`, only for that tool's code."""
    comments = report["comments"]
    assert isinstance(comments, list)
    chosen = [c for c in comments if not source or source in c["sources"]]
    return {place["path"] for c in chosen for place in c["locations"]}


@pytest.fixture
def inside(tmp_path: Path) -> Iterator[Path]:
    """A hostile tree, and the test run from inside it."""
    tree = _hostile_tree(tmp_path / "tree", tmp_path / "markers")
    old = Path.cwd()
    os.chdir(tree)
    try:
        yield tree
    finally:
        os.chdir(old)


def _review_in_process(
    capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, dict[str, object]]:
    code = main(["--no-cache", "--format", "json", *args])
    out = capsys.readouterr().out
    return code, json.loads(out)


@pytest.mark.parametrize("disabled", [[], ["mypy"]])
def test_a_tree_s_modules_named_like_the_tools_never_run(
    inside: Path, capsys: pytest.CaptureFixture[str], disabled: list[str]
) -> None:
    if disabled:
        write(inside, "pyproject.toml", f"[tool.review]\ndisable = {json.dumps(disabled)}\n")
    code, report = _review_in_process(capsys, ".")
    markers = inside.parent / "markers"
    if disabled:
        assert list(markers.iterdir()) == []
        assert report["errors"] == []
        assert _tools_that_found(report) >= TOOLS - {"mypy"}
    else:
        _assert_reviewed_by_the_real_tools(report, markers)
    assert code == 1


def test_python_m_reviewer_inside_the_tree_imports_nothing_of_it(tmp_path: Path) -> None:
    """`python -m reviewer` puts the current folder first on the import path; the tree's
    `typer.py` (which `review` imports) and tools must stay unimported. (A `reviewer/` package
    in the tree would be imported by Python itself before any of our code runs.)"""
    markers = tmp_path / "markers"
    tree = _hostile_tree(tmp_path / "tree", markers, with_reviewer=False)
    run = subprocess.run(
        [sys.executable, "-m", "reviewer", "--no-cache", "--format", "json", "."],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 1, run.stderr
    _assert_reviewed_by_the_real_tools(json.loads(run.stdout), markers)


# ------------------------------------------------- trees beyond the argument-length limit

LEAKY = "import json\nimport os\nimport subprocess\n\nsubprocess.call('ls ' + os.sep, shell=True)\n"


def test_batches_hold_every_file_once_in_order_within_the_budget() -> None:
    files = [SourceFile(f"{'d' * (n % 7 + 1)}/m{n}.py", "python") for n in range(60)]
    groups = list(batches(files, budget=200))
    assert [f for group in groups for f in group] == files
    assert len(groups) > 5
    assert all(argv_size(group) <= 200 for group in groups)
    alone = SourceFile("x" * 500 + ".py", "python")
    assert list(batches([files[0], alone, files[1]], budget=200)) == [
        [files[0]],
        [alone],
        [files[1]],
    ]


def test_with_a_small_budget_ruff_and_bandit_report_every_batch(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    names = [f"module_{n:02}.py" for n in range(12)]
    for name in names:
        write(chdir_tmp, name, LEAKY)
    write(chdir_tmp, "pyproject.toml", '[tool.review]\ndisable = ["mypy", "radon"]\n')
    monkeypatch.setattr(base, "ARGV_BUDGET", 70)  # our seam: three files a run
    runs = _counting_runs(monkeypatch)
    code, report = _review_in_process(capsys, ".")
    assert report["errors"] == [] and code == 1
    for tool, rule in (("ruff", "ruff:F401"), ("bandit", "bandit:B602")):
        assert runs[tool] >= 4, runs
        assert _commented_paths(report, rule) == set(names), tool


def _counting_runs(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many times ruff and bandit are started (the real run_tool still starts them)."""
    runs = {"ruff": 0, "bandit": 0}
    for module in (ruff, bandit):
        tool = module.__name__.rsplit(".", 1)[1]

        def counted(*args: Any, _tool: str = tool, **kwargs: Any) -> ToolOutput:
            runs[_tool] += 1
            return run_tool(*args, **kwargs)

        monkeypatch.setattr(module, "run_tool", counted)
    return runs


@pytest.mark.slow
def test_a_command_line_beyond_the_system_s_limit_is_split_not_an_error(
    chdir_tmp: Path,
) -> None:
    """Real files whose names together exceed ARG_MAX: ruff sees them all."""
    limit = os.sysconf("SC_ARG_MAX")
    if limit > 4 * 1024 * 1024:
        pytest.skip(f"ARG_MAX is {limit} here: too many files to make")
    folder = chdir_tmp / ("a" * 200) / ("b" * 200) / ("c" * 200)  # names of 600 bytes
    folder.mkdir(parents=True)
    count = limit // len(folder.relative_to(chdir_tmp).as_posix()) + 300
    for n in range(count):
        (folder / f"m{n:05}.py").write_text("import os\n", encoding="utf-8")
    files = [SourceFile(p.relative_to(chdir_tmp).as_posix(), "python") for p in folder.iterdir()]
    assert sum(len(f.path) + 1 for f in files) > limit
    result = RuffAnalyzer(RuffOptions(("F401",))).run(files)
    assert result.errors == ()
    assert {f.location.path for f in result.findings} == {f.path for f in files}


# ------------------------------------------------- a folder named through a symbolic link

LINKED = """\
import json
import subprocess


def run() -> int:
    subprocess.call("ls", shell=True)
    return "not a number"
"""


@pytest.mark.parametrize("from_elsewhere", [False, True])
def test_a_folder_named_through_a_link_is_reviewed_once_under_that_name(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    from_elsewhere: bool,
) -> None:
    write(tmp_path / "project" / "real", "app.py", LINKED)
    (tmp_path / "project" / "link").symlink_to("real", target_is_directory=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere if from_elsewhere else tmp_path / "project")
    named = "../project/link" if from_elsewhere else "link"
    _, report = _review_in_process(capsys, named)
    places = _places(report)
    assert {path for path, _, _ in places} == {f"{named}/app.py"}
    assert len(places) == len(set(places)), places
    assert _tools_that_found(report) >= {"ruff", "bandit", "mypy"}


def _places(report: dict[str, object]) -> list[tuple[str, int, str]]:
    """Each comment's places: path, line and the rule, as many times as they are reported."""
    comments = report["comments"]
    assert isinstance(comments, list)
    return [(p["path"], p["line"], c["rule"]) for c in comments for p in c["locations"]]
