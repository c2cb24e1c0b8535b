"""Each adapter runs its real tool on real files and normalizes what the tool reports."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from reviewer.analyzers.base import ToolError, parse_json, run_tool
from reviewer.analyzers.tools.bandit import BanditAnalyzer
from reviewer.analyzers.tools.mypy import MypyAnalyzer
from reviewer.analyzers.tools.radon import RadonAnalyzer
from reviewer.analyzers.tools.ruff import RuffAnalyzer
from reviewer.config.analyzers import MypyOptions, RuffOptions
from reviewer.inputs.discovery import SourceFile
from reviewer.model import Severity
from tests.helpers import Cli, write

SQL = """\
import sqlite3


def find_user(db: sqlite3.Connection, user_id: str) -> list[tuple[str]]:
    query = f"SELECT name FROM users WHERE id = {user_id}"
    return db.execute(query).fetchall()
"""

COMPLEX = (
    "def grade(n):\n"
    + "".join(
        f"    {'if' if i == 0 else 'elif'} n == {i}:\n        return {i}\n" for i in range(24)
    )
    + "    return -1\n"
)

TYPED = """\
def double(value: int) -> int:
    return value * 2


double("two")
"""


def source(path: Path) -> SourceFile:
    return SourceFile(path.as_posix(), "python")


def test_ruff_reports_selected_codes_only(chdir_tmp: Path) -> None:
    path = write(chdir_tmp, "users.py", SQL + "import os\n")
    result = RuffAnalyzer(RuffOptions(("S608",))).run([source(Path("users.py"))])
    assert [(f.code, f.location.line, f.location.path) for f in result.findings] == [
        ("S608", 5, "users.py")
    ]
    assert path.read_text() == SQL + "import os\n"  # never fixed
    assert not (chdir_tmp / ".ruff_cache").exists()


def test_ruff_honours_complexity_threshold(chdir_tmp: Path) -> None:
    write(chdir_tmp, "grade.py", COMPLEX)
    result = RuffAnalyzer(RuffOptions(("C901",))).run([source(Path("grade.py"))])
    assert [f.code for f in result.findings] == ["C901"]


def test_bandit_reports_sql_with_cwe(chdir_tmp: Path) -> None:
    write(chdir_tmp, "users.py", SQL)
    result = BanditAnalyzer().run([source(Path("users.py"))])
    [finding] = [f for f in result.findings if f.code == "B608"]
    assert finding.location.line == 5
    assert finding.location.path == "users.py"
    assert finding.extras["cwe"] == 89


def test_radon_escalates_very_complex_functions(chdir_tmp: Path) -> None:
    write(chdir_tmp, "grade.py", COMPLEX)
    result = RadonAnalyzer().run([source(Path("grade.py"))])
    [finding] = [f for f in result.findings if f.code == "cc"]
    assert finding.raise_to is Severity.MAJOR
    assert (finding.location.line, finding.location.end_line) == (1, 50)
    assert "grade" in finding.message


def test_radon_reports_a_bad_file_and_goes_on(chdir_tmp: Path) -> None:
    write(chdir_tmp, "grade.py", COMPLEX)
    files = [SourceFile("missing.py", "python"), source(Path("grade.py"))]
    result = RadonAnalyzer().run(files)
    assert [e.path for e in result.errors] == ["missing.py"]
    assert result.findings


def test_mypy_reports_codes_and_keeps_cache_out_of_the_tree(chdir_tmp: Path) -> None:
    write(chdir_tmp, "calc.py", TYPED)
    options = MypyOptions(cache_dir=str(chdir_tmp / "cache"))
    result = MypyAnalyzer(options).run([source(Path("calc.py"))])
    assert [(f.code, f.location.line, f.location.path) for f in result.findings] == [
        ("arg-type", 5, "calc.py")
    ]
    assert not (chdir_tmp / ".mypy_cache").exists()
    assert (chdir_tmp / "cache" / "mypy").is_dir()


def test_mypy_runs_each_project_with_its_own_modules(chdir_tmp: Path) -> None:
    for project in ("one", "two"):
        write(chdir_tmp, f"{project}/pyproject.toml", "[project]\nname = 'x'\n")
        write(chdir_tmp, f"{project}/main.py", TYPED)
    files = [source(Path("one/main.py")), source(Path("two/main.py"))]
    result = MypyAnalyzer().run(files)
    assert not result.errors
    assert sorted(f.location.path for f in result.findings) == ["one/main.py", "two/main.py"]


def test_run_tool_turns_a_missing_tool_into_an_error() -> None:
    with pytest.raises(ToolError, match="not installed"):
        run_tool(["surely-not-a-tool-on-this-machine"], timeout=5)


def test_run_tool_turns_a_hang_into_an_error() -> None:
    with pytest.raises(ToolError, match="timed out"):
        run_tool([sys.executable, "-c", "import time; time.sleep(30)"], timeout=0.5)


def test_run_tool_reports_a_crash_with_its_last_line() -> None:
    with pytest.raises(ToolError, match="exited with 3: boom"):
        run_tool(
            [sys.executable, "-c", "import sys; print('boom', file=sys.stderr); sys.exit(3)"],
            timeout=10,
        )


def test_garbage_instead_of_json_is_an_error() -> None:
    with pytest.raises(ToolError, match="not JSON"):
        parse_json("Traceback (most recent call last):\n  oops", "bandit")


def test_mypy_reads_the_stub_beside_a_module(chdir_tmp: Path) -> None:
    write(chdir_tmp, "calc.py", TYPED)
    write(chdir_tmp, "calc.pyi", "def double(value: int) -> int: ...\n")
    files = [source(Path("calc.py")), source(Path("calc.pyi"))]
    result = MypyAnalyzer().run(files)
    assert result.errors == ()


def test_mypy_sets_aside_a_file_found_under_two_module_names(chdir_tmp: Path) -> None:
    write(chdir_tmp, "pyproject.toml", "[project]\nname = 'x'\n")
    write(chdir_tmp, "pkg/__init__.py", "")
    write(chdir_tmp, "pkg/tool.py", "X = 1\n")
    write(chdir_tmp, "pkg/run.py", "import tool\n")  # the same file as a top-level module
    write(chdir_tmp, "calc.py", TYPED)
    names = ["pkg/__init__.py", "pkg/tool.py", "pkg/run.py", "calc.py"]
    result = MypyAnalyzer().run([source(Path(n)) for n in names])
    assert [f.location.path for f in result.findings if f.code == "arg-type"] == ["calc.py"]
    assert all(e.path and "not type-checked" in e.message for e in result.errors)


def test_a_project_mypy_cannot_check_is_a_run_level_error(cli: Cli, chdir_tmp: Path) -> None:
    write(chdir_tmp, "mypy.ini", "[mypy]\nplugins = no_such_plugin_module\n")
    write(chdir_tmp, "calc.py", TYPED)
    run = cli("calc.py", "--format", "json")
    assert run.code == 3
    [error] = [e for e in run.json()["errors"] if e["analyzer"] == "mypy"]
    assert error["path"] == "" and error["message"].startswith("in .: ")
