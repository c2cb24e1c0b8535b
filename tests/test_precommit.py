"""This repository's hook, used by another repository through the real pre-commit framework."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO, write

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
    assert "SQL built from strings: db.execute() in find" in output  # plain: no code spans
    assert "users.py:8" in output
    assert run(folder, "git", "log", "--oneline").stdout.count("\n") == 1  # only the clean commit


EVAL = '"""Input."""\n\n\ndef ask() -> object:\n    """An answer."""\n    return eval(input())\n'


@pytest.mark.parametrize(
    "args", ["", "        args: [--fail-on, blocker]\n"], ids=["default", "args"]
)
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


LEGACY = (
    '"""Settings."""\n\n\ndef load(path: str) -> str:\n    """The file\'s text, or nothing."""\n'
    '    try:\n        with open(path, encoding="utf-8") as handle:\n'
    '            return handle.read()\n    except:\n        return ""\n'
)
HARMLESS = '\n\nDEFAULT_PATH = "settings.txt"\n'
NEW_BARE_EXCEPT = (
    '\n\ndef size(path: str) -> int:\n    """The file\'s size, or zero."""\n'
    "    try:\n        return len(load(path))\n    except:\n        return 0\n"
)


@pytest.fixture
def legacy(project: tuple[Path, dict[str, str]]) -> tuple[Path, dict[str, str]]:
    """The project with `legacy.py` committed (past the hook), an old bare `except:` in it."""
    folder, env = project
    run(folder, "git", "reset", "-q")  # what an earlier test left staged
    write(folder, ".pre-commit-config.yaml", _default_hook(folder))
    write(folder, "legacy.py", LEGACY)
    run(folder, "git", "add", "--", ".pre-commit-config.yaml", "legacy.py")
    done = run(
        folder, "git", "commit", "-q", "--no-verify", "--allow-empty", "-m", "legacy", env=env
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return folder, env


def _default_hook(folder: Path) -> str:
    config = (folder / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    return config.split("      - id: review\n")[0] + "      - id: review\n"


def test_the_hook_does_not_block_a_commit_for_old_code_in_a_touched_file(
    legacy: tuple[Path, dict[str, str]],
) -> None:
    """Newcomer, item 4: one harmless line appended to a file with an old bare `except:`."""
    folder, env = legacy
    done = commit(folder, env, "legacy.py", LEGACY + HARMLESS)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_hook_blocks_a_commit_that_adds_a_bare_except(
    legacy: tuple[Path, dict[str, str]],
) -> None:
    """Newcomer, item 4: what the commit adds is still reviewed, and only that is shown."""
    folder, env = legacy
    done = commit(folder, env, "legacy.py", LEGACY + NEW_BARE_EXCEPT)
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert "legacy.py:17" in output, output
    assert "legacy.py:9" not in output, output
    run(folder, "git", "checkout", "-q", "--", "legacy.py")
    run(folder, "git", "reset", "-q")


def test_run_all_files_reviews_whole_files(legacy: tuple[Path, dict[str, str]]) -> None:
    """Newcomer, item 4: `pre-commit run --all-files` stages nothing; like ruff's hook, ours
    then reviews the files it is given whole."""
    folder, env = legacy
    done = run(folder, sys.executable, "-m", "pre_commit", "run", "--all-files", env=env)
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert "legacy.py:9" in output, output


def test_args_diff_mode_file_reviews_the_whole_of_each_touched_file(
    legacy: tuple[Path, dict[str, str]],
) -> None:
    """Newcomer, item 4: reviewing the whole of each committed file is an `args` choice."""
    folder, env = legacy
    write(
        folder,
        ".pre-commit-config.yaml",
        _default_hook(folder) + "        args: [--diff-mode, file]\n",
    )
    run(folder, "git", "add", ".pre-commit-config.yaml")
    done = commit(folder, env, "legacy.py", LEGACY + HARMLESS)
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert "legacy.py:9" in output, output
    run(folder, "git", "checkout", "-q", "--", "legacy.py", ".pre-commit-config.yaml")
    run(folder, "git", "reset", "-q")


def test_run_from_ref_reviews_what_the_commits_add(legacy: tuple[Path, dict[str, str]]) -> None:
    """Newcomer, item 4: `pre-commit run --from-ref A --to-ref B` (and the pre-push stage)
    comments on the lines added since A, not on the old code of the files it names."""
    folder, env = legacy
    write(folder, "legacy.py", LEGACY + HARMLESS)
    run(folder, "git", "commit", "-q", "--no-verify", "-am", "harmless", env=env)
    refs = ["--from-ref", "HEAD~1", "--to-ref", "HEAD"]
    done = run(folder, sys.executable, "-m", "pre_commit", "run", *refs, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    write(folder, "legacy.py", LEGACY + NEW_BARE_EXCEPT)
    run(folder, "git", "commit", "-q", "--no-verify", "-am", "bare", env=env)
    done = run(folder, sys.executable, "-m", "pre_commit", "run", *refs, env=env)
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert "legacy.py:17" in output, output
    assert "legacy.py:9" not in output, output
