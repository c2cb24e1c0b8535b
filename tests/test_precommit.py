"""This repository's hook, used by another repository through the real pre-commit framework."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, write

CLEAN = '"""Maths."""\n\n\ndef double(value: int) -> int:\n    """Twice the value."""\n    return value * 2\n'
INJECTION = (
    '"""Users."""\n\nimport sqlite3\n\n\n'
    "def find(db: sqlite3.Connection, name: str) -> list[str]:\n"
    '    """Rows named so."""\n'
    "    return db.execute(f\"SELECT id FROM users WHERE name = '{name}'\").fetchall()\n"
)


def run(
    folder: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(args), cwd=folder, capture_output=True, text=True, env=env, check=False
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A git repository whose .pre-commit-config.yaml points at this repository's HEAD."""
    folder = tmp_path_factory.mktemp("project")
    head = run(REPO, "git", "rev-parse", "HEAD").stdout.strip()
    for args in (
        ["init", "-q", "-b", "main"],
        ["config", "user.email", "d@example.com"],
        ["config", "user.name", "Dev"],
        ["config", "commit.gpgsign", "false"],
    ):
        run(folder, "git", *args)
    write(
        folder,
        ".pre-commit-config.yaml",
        f"repos:\n  - repo: {REPO.as_posix()}\n    rev: {head}\n    hooks:\n      - id: review\n",
    )
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home"))}
    installed = run(folder, sys.executable, "-m", "pre_commit", "install", env=env)
    assert installed.returncode == 0, installed.stderr
    return folder, env


def commit(
    folder: Path, env: dict[str, str], name: str, text: str
) -> subprocess.CompletedProcess[str]:
    write(folder, name, text)
    run(folder, "git", "add", name)
    return run(folder, "git", "commit", "-m", f"add {name}", env=env)


def test_clean_commit_passes(project: tuple[Path, dict[str, str]]) -> None:
    folder, env = project
    done = commit(folder, env, "maths.py", CLEAN)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "review" in done.stdout + done.stderr


def test_commit_with_sql_injection_is_refused_with_the_comment(
    project: tuple[Path, dict[str, str]],
) -> None:
    folder, env = project
    done = commit(folder, env, "users.py", INJECTION)
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert "issue (blocking, security)" in output
    assert "SQL built from strings in `find`" in output
    assert "users.py:8" in output
    assert run(folder, "git", "log", "--oneline").stdout.count("\n") == 1  # only the clean commit


EVAL = '"""Input."""\n\n\ndef ask() -> object:\n    """An answer."""\n    return eval(input())\n'


@pytest.mark.parametrize("args", ["", "    args: [--fail-on, blocker]\n"], ids=["default", "args"])
def test_a_file_named_like_an_option_is_reviewed(
    project: tuple[Path, dict[str, str]], args: str
) -> None:
    """Untrusted trees, item 26: a staged `-x.py` is a file name, even with the user's args."""
    folder, env = project
    run(folder, "git", "reset", "-q")  # what an earlier test left staged
    config = (folder / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    hook = config.split("      - id: review\n")[0] + "      - id: review\n" + args
    write(folder, ".pre-commit-config.yaml", hook)
    write(folder, "-x.py", EVAL)
    run(folder, "git", "add", "--", ".pre-commit-config.yaml", "-x.py")
    done = run(folder, "git", "commit", "-m", "add -x.py", env=env)
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert "Dynamic code execution" in output, output
    assert "-x.py:6" in output, output
    run(folder, "git", "rm", "-q", "--cached", "--", "-x.py")


def test_the_repository_s_own_reviewer_package_does_not_stand_in_for_ours(
    project: tuple[Path, dict[str, str]],
) -> None:
    """Untrusted trees, item 1: pre-commit runs the hook in the repository's top folder, where
    `python -m` would import the repository's own `reviewer/` before ours."""
    folder, env = project
    run(folder, "git", "reset", "-q")
    planted = "import pathlib\n\npathlib.Path(__file__).with_name('imported').write_text('')\n"
    write(folder, "reviewer/__init__.py", planted)
    done = commit(folder, env, "ask.py", EVAL)
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert "Dynamic code execution" in output, output
    assert not (folder / "reviewer" / "imported").exists()
    run(folder, "git", "rm", "-q", "--cached", "--", "ask.py")
