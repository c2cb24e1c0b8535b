"""--diff and --staged against real git repositories in temporary folders."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from reviewer.inputs.vcs import parse_diff
from tests.helpers import Cli, write

OLD = 'def old(db, v):\n    return db.execute(f"SELECT * FROM a WHERE id = {v}")\n'
NEW = '\n\ndef new(db, v):\n    return db.execute(f"SELECT * FROM b WHERE id = {v}")\n'


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def repo(chdir_tmp: Path) -> Path:
    git(chdir_tmp, "init", "-q", "-b", "main")
    git(chdir_tmp, "config", "user.email", "dev@example.com")
    git(chdir_tmp, "config", "user.name", "Dev")
    git(chdir_tmp, "config", "commit.gpgsign", "false")
    return chdir_tmp


def commit_all(repo: Path, message: str = "change") -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def sql_places(cli: Cli, *args: str) -> list[tuple[str, int]]:
    run = cli(*args, "--format", "json", "--fail-on", "never")
    assert run.code == 0, run.err
    return sorted(
        (loc["path"], loc["line"])
        for c in run.json()["comments"]
        if c["rule"] == "sql-injection"
        for loc in c["locations"]
    )


@pytest.mark.slow
def test_only_added_lines_get_comments(cli: Cli, repo: Path) -> None:
    write(repo, "app.py", OLD)
    commit_all(repo)
    write(repo, "app.py", OLD + NEW)
    assert sql_places(cli, ".", "--diff") == [("app.py", 6)]
    assert sql_places(cli, ".", "--diff", "HEAD") == [("app.py", 6)]
    assert sql_places(cli, ".", "--diff-mode", "file", "--diff") == [("app.py", 2), ("app.py", 6)]


def test_lines_inserted_above_do_not_revive_old_findings(cli: Cli, repo: Path) -> None:
    write(repo, "app.py", OLD)
    commit_all(repo)
    write(repo, "app.py", '"""Queries."""\n\n' + OLD)
    assert sql_places(cli, ".", "--diff") == []
    assert sql_places(cli, ".", "--diff", "--diff-mode", "context", "--context", "3") == [
        ("app.py", 4)
    ]


def test_staged_reviews_the_index_not_the_work_tree(cli: Cli, repo: Path) -> None:
    write(repo, "app.py", OLD)
    commit_all(repo)
    write(repo, "app.py", OLD + NEW)
    git(repo, "add", "app.py")
    write(repo, "other.py", OLD)  # untracked: not staged
    assert sql_places(cli, ".", "--staged") == [("app.py", 6)]


def test_repository_without_commits(cli: Cli, repo: Path) -> None:
    write(repo, "app.py", OLD)
    assert sql_places(cli, ".", "--diff") == [("app.py", 2)]  # untracked counts as added
    git(repo, "add", "app.py")
    assert sql_places(cli, ".", "--staged") == [("app.py", 2)]


def test_renames_deletions_binaries_and_odd_names(cli: Cli, repo: Path) -> None:
    body = "".join(f"CONSTANT_{i} = {i}\n" for i in range(12)) + OLD
    write(repo, "old name.py", body)
    write(repo, "gone.py", OLD)
    (repo / "data.bin").write_bytes(bytes(range(256)))
    commit_all(repo)
    git(repo, "mv", "old name.py", "nouveau café.py")
    (repo / "gone.py").unlink()
    (repo / "data.bin").write_bytes(bytes(range(255, -1, -1)))
    write(repo, "nouveau café.py", body + NEW)
    git(repo, "add", "-A")
    assert sql_places(cli, ".", "--staged") == [("nouveau café.py", 18)]


def test_detached_head(cli: Cli, repo: Path) -> None:
    write(repo, "app.py", OLD)
    commit_all(repo)
    git(repo, "checkout", "-q", "--detach")
    write(repo, "app.py", OLD + NEW)
    assert sql_places(cli, ".", "--diff") == [("app.py", 6)]


def test_diff_outside_a_repository_is_a_usage_error(cli: Cli, chdir_tmp: Path) -> None:
    write(chdir_tmp, "app.py", OLD)
    run = cli(".", "--diff")
    assert run.code == 2
    assert run.err.startswith("review: error: --diff and --staged need a git repository")
    assert len(run.err.splitlines()) == 1


def test_unknown_ref_is_a_usage_error(cli: Cli, repo: Path) -> None:
    write(repo, "app.py", OLD)
    commit_all(repo)
    run = cli(".", "--diff", "no-such-branch")
    assert run.code == 2
    assert run.err == "review: error: --diff no-such-branch: no such commit in this repository\n"


def test_parse_diff_reads_hunks_and_quoted_names() -> None:
    diff = (
        '+++ "b/caf\\303\\251 \\"x\\".py"\n@@ -0,0 +1,2 @@\n+a\n+b\n'
        "+++ b/kept.py\n@@ -3 +3 @@\n-x\n+y\n@@ -9,2 +10,0 @@\n"
        "+++ /dev/null\n@@ -1 +0,0 @@\n"
    )
    assert parse_diff(diff) == {'café "x".py': frozenset({1, 2}), "kept.py": frozenset({3})}


def test_a_review_of_a_change_has_no_scores(cli: Cli, repo: Path) -> None:
    write(repo, "app.py", OLD)
    commit_all(repo)
    write(repo, "app.py", OLD + NEW)
    whole = cli(".", "--format", "json", "--fail-on", "never").json()
    change = cli(".", "--diff", "--format", "json", "--fail-on", "never").json()
    assert whole["summary"]["scores"]["security"] < 100
    assert change["summary"]["scores"] == {} and change["summary"]["grades"] == {}
    written = cli(".", "--diff", "--format", "markdown", "--fail-on", "never").out
    assert "| security | 1 | - | - |" in written  # counted, neither scored nor graded
