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
