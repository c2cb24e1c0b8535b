"""The command line end to end: real analyzers, the shipped catalog, exit codes, output files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema

from tests.helpers import REPO, Cli, write

SQL = '''\
"""Users."""

import sqlite3


def find_user(db: sqlite3.Connection, user_id: str) -> list[tuple[str]]:
    """Rows of one user."""
    query = f"SELECT name FROM users WHERE id = {user_id}"
    return db.execute(query).fetchall()
'''

CLEAN = '''\
"""Arithmetic."""


def double(value: int) -> int:
    """Twice the value."""
    return value * 2
'''


def test_missing_path_is_a_one_line_usage_error(cli: Cli, chdir_tmp: Path) -> None:
    run = cli("nope")
    assert run.code == 2
    assert run.err == "review: error: path does not exist: nope\n"
    assert run.out == ""


def test_clean_code_exits_zero(cli: Cli, chdir_tmp: Path) -> None:
    write(chdir_tmp, "calc.py", CLEAN)
    run = cli("calc.py", "--format", "json")
    assert run.code == 0, run.out
    assert run.json()["comments"] == []


def test_sql_injection_fails_the_run_with_one_blended_comment(cli: Cli, chdir_tmp: Path) -> None:
    write(chdir_tmp, "users.py", SQL)
    run = cli(".", "--format", "json")
    assert run.code == 1
    [sql] = [c for c in run.json()["comments"] if "bandit:B608" in c["sources"]]
    assert "ruff:S608" in sql["sources"]
    assert (sql["severity"], sql["label"], sql["blocking"]) == ("blocker", "issue", True)
    assert (sql["path"], sql["line"]) == ("users.py", 8)
    assert "`find_user`" in sql["title"]
    assert sql["body"].startswith("**issue (blocking, security):**")


def test_fail_on_never_and_blocker(cli: Cli, chdir_tmp: Path) -> None:
    write(chdir_tmp, "users.py", SQL)
    assert cli(".", "--fail-on", "never").code == 0
    write(chdir_tmp, "users.py", SQL.replace('f"SELECT', '"SELECT').replace("{user_id}", "?"))
    assert cli(".", "--fail-on", "blocker").code == 0


def test_a_write_up_written_to_a_file_is_not_a_verdict(cli: Cli, chdir_tmp: Path) -> None:
    write(chdir_tmp, "users.py", SQL)
    for kind in ("html", "markdown"):
        written = cli(".", "-f", kind, "-o", f"review.{kind}")
        assert written.code == 0, kind
        assert "non-blocking, security" in (chdir_tmp / f"review.{kind}").read_text("utf-8")
    assert cli(".", "-f", "html", "-o", "r.html", "--fail-on", "major").code == 1
    assert "non-blocking" not in (chdir_tmp / "r.html").read_text(encoding="utf-8")
    assert cli(".", "-f", "markdown").code == 1  # to standard output: a CI step's verdict
    assert cli(".", "-f", "json", "-o", "r.json").code == 1
    (chdir_tmp / "pyproject.toml").write_text('[tool.reviewer]\nfail-on = "blocker"\n')
    assert cli(".", "-f", "html", "-o", "r.html").code == 1


def test_output_file_is_written_and_stdout_stays_empty(cli: Cli, chdir_tmp: Path) -> None:
    write(chdir_tmp, "users.py", SQL)
    run = cli("users.py", "--format", "markdown", "--output", "out/review.md")
    assert run.out == ""
    text = (chdir_tmp / "out" / "review.md").read_text()
    assert "find_user" in text
    assert [p.name for p in (chdir_tmp / "out").iterdir()] == ["review.md"]


def test_bad_option_value_exits_two(cli: Cli, chdir_tmp: Path) -> None:
    run = cli(".", "--format", "xml")
    assert run.code == 2
    assert "Traceback" not in run.err


def test_json_report_follows_the_contract(cli: Cli, chdir_tmp: Path) -> None:
    write(chdir_tmp, "users.py", SQL + "\nimport os\n")
    write(chdir_tmp, "broken.py", "def f(:\n")
    report = cli(".", "--format", "json", "--fail-on", "never").json()
    schema = json.loads((REPO / "tests" / "data" / "report-schema-v2.json").read_text())
    jsonschema.validate(report, schema)
    assert report["errors"][0]["path"] == "broken.py"
    assert report["summary"]["comments"] == len(report["comments"])


def test_version_runs_as_a_module() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "reviewer", "--version"], capture_output=True, text=True, check=True
    )
    assert done.stdout.startswith("review ")
