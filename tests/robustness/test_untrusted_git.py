"""Issue 13 (untrusted trees), the git items: what a reviewed repository, its git settings,
its file names and the refs a user passes can do to `--diff`, `--staged` and the pre-commit
hook. Each case is a real repository in `tmp_path`, real git and the real `review` command in
its own process."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.helpers import write
from tests.robustness.real_command import Run, review

EVAL = '"""Input."""\n\n\ndef ask() -> object:\n    return eval(input())\n'


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=folder, capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with one commit holding a clean `app.py`."""
    folder = tmp_path / "repo"
    folder.mkdir()
    git(folder, "init", "-q", "-b", "main")
    for key, value in (("user.email", "d@example.com"), ("user.name", "Dev")):
        git(folder, "config", key, value)
    git(folder, "config", "commit.gpgsign", "false")
    write(folder, "app.py", '"""App."""\n')
    git(folder, "add", "app.py")
    git(folder, "commit", "-q", "-m", "start")
    return folder


def test_a_ref_that_looks_like_an_option_is_refused(repo: Path, tmp_path: Path) -> None:
    """Item 7: `--diff=--output=FILE` must not reach git as an option (git would write FILE)."""
    write(repo, "app.py", EVAL)
    pwned = tmp_path / "pwned"
    run = review(repo, ".", f"--diff=--output={pwned}")
    assert run.code == 2, run.out + run.err
    assert run.err.startswith("review: error: --diff"), run.err
    assert len(run.err.splitlines()) == 1, run.err
    assert not pwned.exists()


def places(run: Run, rule: str) -> list[tuple[str, int]]:
    """Where the JSON report puts the comments of one rule."""
    found = json.loads(run.out)["comments"]
    return sorted(
        (o["path"], o["line"]) for c in found if c["rule"] == rule for o in c["locations"]
    )


def stamp(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


@pytest.mark.parametrize(
    "work_tree",
    ["".join(f"# note {n}\n" for n in range(10)) + EVAL, '"""App."""\n'],
    ids=["lines-inserted-above", "eval-removed"],
)
def test_staged_reviews_the_index_content(repo: Path, work_tree: str) -> None:
    """Item 13: the eval staged on line 5 is reported at line 5 whatever the work tree holds."""
    write(repo, "app.py", EVAL)
    git(repo, "add", "app.py")
    write(repo, "app.py", work_tree)
    before = stamp(repo / "app.py")
    run = review(repo, ".", "--staged", "--format", "json")
    assert run.code == 1, run.out + run.err
    assert places(run, "code-injection") == [("app.py", 5)]
    assert stamp(repo / "app.py") == before


ODD_NAMES = ["new\nline.py", "tab\there.py", 'quote"d.py', "back\\slash.py", "café.py"]


def test_user_git_settings_and_odd_names_change_nothing(repo: Path, tmp_path: Path) -> None:
    """Item 14: settings that change git's diff output, and names git must quote."""
    for name in ODD_NAMES:
        write(repo, name, '"""Odd."""\n')
    (repo / os.fsdecode(b"latin\xe9.py")).write_bytes(b'"""Odd."""\n')
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "odd names")
    marker = tmp_path / "ran"
    for key, value in (
        ("diff.mnemonicPrefix", "true"),
        ("diff.noprefix", "true"),
        ("color.ui", "always"),
        ("color.diff", "always"),
        ("diff.interHunkContext", "10"),
        ("diff.external", f"touch {marker}"),
        ("diff.odd.textconv", f"touch {marker}; cat"),
    ):
        git(repo, "config", key, value)
    write(repo, ".gitattributes", "*.py diff=odd\n")
    for name in [*ODD_NAMES, "app.py"]:
        write(repo, name, EVAL)
    (repo / os.fsdecode(b"latin\xe9.py")).write_bytes(EVAL.encode())
    run = review(repo, ".", "--diff", "HEAD", "--format", "json", "--fail-on", "never")
    assert run.code == 0, run.err
    expected = sorted((name, 5) for name in [*ODD_NAMES, "app.py"])
    assert places(run, "code-injection") == expected
    errors = json.loads(run.out)["errors"]
    assert [e["path"] for e in errors] == ["latin\\xe9.py"], errors
    assert not marker.exists()
