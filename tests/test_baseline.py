"""`review baseline`, then later runs that report only what is new."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import Cli, CliRun, write

QUERY = 'def q{n}(db, v):\n    return db.execute(f"SELECT * FROM t{n} WHERE id = {{v}}")\n\n\n'


def sql_lines(run: CliRun) -> list[int]:
    report = run.json()
    return [
        loc["line"]
        for c in report["comments"]
        if c["rule"] == "sql-injection"
        for loc in c["locations"]
    ]


@pytest.mark.slow
def test_baseline_hides_old_findings_even_after_lines_move(cli: Cli, chdir_tmp: Path) -> None:
    write(chdir_tmp, "app.py", QUERY.format(n=1) + QUERY.format(n=2))
    assert cli("baseline", "app.py").code == 0
    data = json.loads((chdir_tmp / ".review-baseline.json").read_text())
    assert data["schema_version"] == 1
    assert data["entries"] == sorted(
        data["entries"], key=lambda e: (e["path"], e["rule"], e["fingerprint"])
    )
    write(
        chdir_tmp,
        "app.py",
        '"""Moved down."""\n\n' + QUERY.format(n=1) + QUERY.format(n=3) + QUERY.format(n=2),
    )
    run = cli("app.py", "--format", "json", "--fail-on", "never")
    assert sql_lines(run) == [8]
    assert any("already in the baseline .review-baseline.json" in n for n in run.json()["notes"])
    assert sql_lines(cli("app.py", "--format", "json", "--no-baseline")) == [4, 8, 12]


def test_identical_lines_are_told_apart_by_their_count(cli: Cli, chdir_tmp: Path) -> None:
    same = 'def q(db, v):\n    return db.execute(f"SELECT * FROM t WHERE id = {v}")\n\n\n'
    write(chdir_tmp, "app.py", same)
    cli("baseline", "app.py")
    write(chdir_tmp, "app.py", same + same.replace("def q(", "def r("))
    assert sql_lines(cli("app.py", "--format", "json")) == [6]


def test_stale_entries_are_reported(cli: Cli, chdir_tmp: Path) -> None:
    write(chdir_tmp, "app.py", QUERY.format(n=1))
    cli("baseline", "app.py")
    write(chdir_tmp, "app.py", "def q1(db, v):\n    return db.execute('SELECT 1', (v,))\n")
    notes = cli("app.py", "--format", "json").json()["notes"]
    assert any("no longer match anything" in n for n in notes)


def test_named_baseline_and_a_broken_one(cli: Cli, chdir_tmp: Path) -> None:
    write(chdir_tmp, "app.py", QUERY.format(n=1))
    assert cli("baseline", "app.py", "-o", "base/known.json").code == 0
    assert sql_lines(cli("app.py", "--format", "json", "--baseline", "base/known.json")) == []
    write(chdir_tmp, "bad.json", "{not json")
    run = cli("app.py", "--baseline", "bad.json")
    assert run.code == 2
    assert run.err == (
        "review: error: baseline bad.json is not a review baseline: it is not JSON "
        "(run `review baseline` again)\n"
    )


def test_init_writes_a_starter_config_once(cli: Cli, chdir_tmp: Path) -> None:
    run = cli("init")
    assert run.code == 0 and "pre-commit" in run.out and "id: review" in run.out
    write(chdir_tmp, "app.py", "x = 1\n")
    assert cli("app.py").code == 0  # the starter config is valid
    again = cli("init")
    assert again.code == 2 and "already exists" in again.err
