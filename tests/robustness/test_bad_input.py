"""Issue 8, item 1: bad input. Each case is a real file (or path, or repository) and each
says precisely what went wrong, exits with the documented code (2 for usage, config and path
errors; otherwise 0 or 1, never 3 for one file's trouble), prints no traceback, and leaves
every other file reviewed and in the report.

Most per-file cases share one tree and one real `review` process (all analyzers, real tools):
`zoo` below. What needs its own setup (git, privileges, a file vanishing mid-run) has its own
test further down."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from reviewer.analyzers import build_analyzers
from reviewer.analyzers.base import Wrapped
from reviewer.catalog.rules import load_catalog
from reviewer.config.options import ReviewConfig
from reviewer.inputs.discovery import SourceFile
from reviewer.inputs.sources import MAX_BYTES
from reviewer.model import AnalyzerResult, Review, Voice
from reviewer.pipeline.run import run_review
from reviewer.render.comments import make_renderer
from tests.helpers import Cli, write
from tests.robustness.real_command import Run, review

# Reviewed and clean but for one nitpick (unused-import, line 3): never makes the run fail.
SENTINEL = '"""A module."""\n\nimport os\n'


def commented(report: dict[str, Any]) -> dict[str, set[int]]:
    """Every path a comment (or praise) covers, with the lines."""
    places: dict[str, set[int]] = {}
    for comment in [*report["comments"], *report.get("praise", [])]:
        for place in comment.get("locations") or [comment]:
            places.setdefault(place["path"], set()).add(place["line"])
    return places


def errors_by_path(report: dict[str, Any]) -> dict[str, list[tuple[str, str]]]:
    found: dict[str, list[tuple[str, str]]] = {}
    for error in report["errors"]:
        found.setdefault(error["path"], []).append((error["analyzer"], error["message"]))
    return found


def assert_clean_stderr(run: Run) -> None:
    assert "Traceback" not in run.err, run.err
    assert run.err == "", run.err


# ---------------------------------------------------------------- the zoo: one tree, one run


def make_zoo(root: Path) -> None:
    """Good files beside every kind of bad one."""
    write(root, "good.py", SENTINEL)
    write(root, "syntax.py", "def broken(:\n    pass\n")
    (root / "latin1_declared.py").write_bytes(
        b'# -*- coding: latin-1 -*-\n"""Caf\xe9."""\n\nimport os\n'
    )
    (root / "latin1_undeclared.py").write_bytes(b'"""Caf\xe9."""\n\nimport os\n')
    # the parser lets a stray byte through in a comment; Python and the analyzers do not
    (root / "stray_byte.py").write_bytes(b'"""A module."""\n\nimport os  # caf\xe9\n')
    (root / "stray_first.py").write_bytes(b"#\x80")
    (root / "bom.py").write_bytes(b"\xef\xbb\xbf" + SENTINEL.encode())
    (root / "crlf.py").write_bytes(SENTINEL.replace("\n", "\r\n").encode())
    (root / "nul.py").write_bytes(b'"""A module."""\n\x00\nimport os\n')
    (root / "binary.py").write_bytes(bytes(range(256)) * 64)
    write(root, "long_line.py", f'"""A module."""\n\nimport os\n\nX = "{"a" * 50_000}"\n')
    write(root, "deep_parse.py", "X = 1" + " + 1" * 100_000 + "\n")  # beyond the parser
    write(root, "deep_tools.py", f"{SENTINEL}X = {'-+' * 1000}1\n")  # parses; tools recurse
    write(root, "big.py", _generated_module(10 * 1024 * 1024))
    os.symlink("loop.py", root / "loop.py")
    os.symlink("missing.py", root / "dangling.py")
    os.mkfifo(root / "fifo.py")
    write(root, "folder.py/inner.py", SENTINEL)  # a folder named like a module
    write(root, "with space/my file.py", SENTINEL)
    write(root, "ünïcödé/naïve café.py", SENTINEL)
    (root / os.fsdecode(b"caf\xe9.py")).write_text(SENTINEL, encoding="utf-8")
    write(root, "truncated.php", "<?php\nfunction total(array $items): int {\n    return array_")


def _generated_module(size: int) -> str:
    """A generated data module of `size` bytes (give or take a row), as generators write them."""
    rows, total = ['"""Generated."""\n\nTABLE = {\n'], 0
    while total < size:
        rows.append(f'    "key_{len(rows):07d}": ("value number {len(rows)}", {len(rows)}),\n')
        total += len(rows[-1])
    return "".join([*rows, "}\n"])


@pytest.fixture(scope="module")
def zoo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Run, Run]]:
    """The zoo reviewed once as JSON and once as text, by the real command."""
    root = tmp_path_factory.mktemp("zoo")
    make_zoo(root)
    yield review(root, ".", "--format", "json"), review(root, ".")


@pytest.mark.slow
def test_the_zoo_with_the_cache_on_finishes_and_is_answered_the_same_warm(
    tmp_path: Path, zoo: tuple[Run, Run]
) -> None:
    """The kept review's key reads every discovered file: a named pipe must not be read (it
    would never end), and the warm answer must be the cold one."""
    make_zoo(tmp_path)
    command = [sys.executable, "-m", "reviewer", ".", "--format", "json", "--cache-dir", "c"]
    cold, warm = (
        subprocess.run(command, cwd=tmp_path, capture_output=True, timeout=300, check=False)
        for _ in range(2)
    )
    assert cold.returncode == warm.returncode == 0
    assert json.loads(cold.stdout) == json.loads(warm.stdout) == zoo[0].json()
    assert list((tmp_path / "c" / "reviews").rglob("*.json"))


def test_the_zoo_run_finishes_cleanly_with_exit_0(zoo: tuple[Run, Run]) -> None:
    as_json, as_text = zoo
    for run in (as_json, as_text):
        assert run.code == 0, run.err  # per-file errors never make it 3, a nitpick never 1
        assert_clean_stderr(run)
    assert not [e for e in as_json.json()["errors"] if not e["path"]]  # every analyzer ran


REVIEWED = [
    ("good.py", 3),
    ("bom.py", 3),
    ("crlf.py", 3),
    ("long_line.py", 3),
    ("deep_tools.py", 3),
    ("folder.py/inner.py", 3),
    ("with space/my file.py", 3),
    ("ünïcödé/naïve café.py", 3),
]


@pytest.mark.parametrize(("path", "line"), REVIEWED)
def test_every_readable_file_is_reviewed_at_the_right_line(
    zoo: tuple[Run, Run], path: str, line: int
) -> None:
    assert line in commented(zoo[0].json()).get(path, set())


UNREVIEWABLE = [
    ("syntax.py", "does not parse at line 1: "),
    ("latin1_undeclared.py", "cannot be decoded at line 1: 'utf-8' codec can't decode byte 0xe9"),
    ("stray_byte.py", "cannot be decoded at line 3: 'utf-8' codec can't decode byte 0xe9"),
    ("stray_first.py", "cannot be decoded at line 1: 'utf-8' codec can't decode byte 0x80"),
    ("nul.py", "contains NUL bytes: a binary file, not Python source"),
    ("binary.py", "contains NUL bytes: a binary file, not Python source"),
    ("deep_parse.py", "nested too deeply to parse"),
    ("big.py", "not reviewed: 10 MiB is over the 1 MiB limit for one file (generated code?)"),
    ("loop.py", "cannot be read: Too many levels of symbolic links"),
    ("dangling.py", "cannot be read: No such file or directory"),
    ("fifo.py", "is not a regular file but a named pipe (FIFO)"),
    ("caf\\xe9.py", "its name is not valid UTF-8; rename it to have it reviewed"),
]


@pytest.mark.parametrize(("path", "message"), UNREVIEWABLE)
def test_a_file_that_cannot_be_reviewed_is_one_precise_error(
    zoo: tuple[Run, Run], path: str, message: str
) -> None:
    errors = errors_by_path(zoo[0].json())
    [(analyzer, said)] = errors[path]  # reported once, by the reader, not by every analyzer
    assert analyzer == "review"
    assert said.startswith(message)
    assert path not in commented(zoo[0].json())


def test_the_text_report_lists_each_error_on_one_line(zoo: tuple[Run, Run]) -> None:
    lines = zoo[1].out.splitlines()
    for path, message in UNREVIEWABLE:
        assert f"Could not analyze: {path} (review: {message}" in " ".join(lines)
    assert ": 10 files, 34 lines reviewed. " in lines[-1]
    assert lines[-1].endswith(" analysis errors (see Errors).")


def test_a_file_the_tools_cannot_walk_is_their_error_not_a_crash(zoo: tuple[Run, Run]) -> None:
    """2,000 unary minuses parse, but overflow ruff's worker-thread stack and the recursion of
    Python visitors: each tool says so for this file, and ruff's crash does not cost the rest
    of the tree its ruff findings (good.py's unused import is ruff's F401)."""
    report = zoo[0].json()
    # radon walks it now, in a thread with room for its recursion (issue 13, item 10)
    assert {"mypy"} <= {analyzer for analyzer, _ in errors_by_path(report)["deep_tools.py"]}
    assert not [e for e in report["errors"] if e["analyzer"] == "ruff" and not e["path"]]
    assert any("ruff:F401" in c["sources"] for c in report["comments"])


def test_a_php_file_cut_short_is_an_error_and_python_goes_on(zoo: tuple[Run, Run]) -> None:
    [(analyzer, message)] = errors_by_path(zoo[0].json())["truncated.php"]
    assert analyzer == "php" and message.startswith("does not parse at line ")


def test_a_file_in_a_declared_encoding_is_read_by_all_but_ruff(zoo: tuple[Run, Run]) -> None:
    """ruff reads UTF-8 only (PEP 263 declarations are ignored): it says so for the file, and
    radon, bandit and mypy read it as its coding line says."""
    errors = dict(errors_by_path(zoo[0].json())["latin1_declared.py"])
    assert errors["ruff"] == (
        "cannot be read: ruff reads UTF-8 only, and this file is in another encoding"
    )
    assert {"review", "radon", "bandit", "mypy"}.isdisjoint(errors)


def test_the_design_analyzer_reads_a_declared_encoding(zoo: tuple[Run, Run]) -> None:
    errors = dict(errors_by_path(zoo[0].json())["latin1_declared.py"])
    assert "design" not in errors


def test_a_long_line_is_shown_shortened_in_excerpts(tmp_path: Path) -> None:
    write(tmp_path, "long.py", f'def f(x):\n    return eval(x + "{"a" * 50_000}")\n')
    run = review(tmp_path, "long.py", "--format", "markdown")
    assert run.code == 1 and "(50," in run.out
    assert len(run.out) < 20_000  # not one 50 kB line per comment


def test_the_size_limit_is_the_one_documented() -> None:
    assert MAX_BYTES == 1024 * 1024


def test_a_form_feed_does_not_shift_suppressions(cli: Cli, chdir_tmp: Path) -> None:
    write(chdir_tmp, "paged.py", '"""Doc."""\n\x0c\nimport os  # review: ignore[unused-import]\n')
    run = cli("paged.py", "--format", "json")
    assert run.json()["comments"] == []


# ---------------------------------------------------------------- paths a user names: exit 2


def test_a_path_that_does_not_exist(cli: Cli, chdir_tmp: Path) -> None:
    write(chdir_tmp, "good.py", SENTINEL)
    run = cli("good.py", "nope")
    assert (run.code, run.err, run.out) == (2, "review: error: path does not exist: nope\n", "")


def test_a_path_that_is_a_symlink_loop(cli: Cli, chdir_tmp: Path) -> None:
    os.symlink("loop.py", chdir_tmp / "loop.py")
    run = cli("loop.py")
    assert run.code == 2
    assert run.err == "review: error: path is a broken symbolic link (or a loop of them): loop.py\n"


def test_a_path_that_is_not_utf8(cli: Cli, chdir_tmp: Path) -> None:
    name = os.fsdecode(b"caf\xe9")
    (chdir_tmp / name).mkdir()
    run = cli(name)
    assert (run.code, run.err) == (2, "review: error: path is not valid UTF-8: caf\\xe9\n")


def test_a_file_instead_of_a_folder_is_reviewed(cli: Cli, chdir_tmp: Path) -> None:
    write(chdir_tmp, "good.py", SENTINEL)
    write(chdir_tmp, "other.py", "def f(x):\n    return eval(x)\n")
    run = cli("good.py", "--format", "json")
    assert run.code == 0 and run.err == ""
    assert set(commented(run.json())) == {"good.py"}


def test_a_fifo_named_on_the_command_line_does_not_hang(cli: Cli, chdir_tmp: Path) -> None:
    os.mkfifo(chdir_tmp / "pipe.py")
    run = cli("pipe.py", "--format", "json")
    assert run.code == 0
    assert run.json()["errors"] == [
        {
            "path": "pipe.py",
            "analyzer": "review",
            "message": "is not a regular file but a named pipe (FIFO)",
        }
    ]


def test_an_empty_folder_is_an_empty_review(cli: Cli, chdir_tmp: Path) -> None:
    (chdir_tmp / "empty").mkdir()
    run = cli("empty", "--format", "json")
    assert run.code == 0
    assert run.json()["summary"]["files"] == 0


def test_an_empty_folder_says_so_on_stderr(cli: Cli, chdir_tmp: Path) -> None:
    """As ruff warns 'No Python files found under the given path(s)'."""
    (chdir_tmp / "empty").mkdir()
    (chdir_tmp / "docs").mkdir()
    write(chdir_tmp, "docs/notes.txt", "not code\n")
    run = cli("empty", "docs")
    assert run.code == 0
    assert run.err == "review: warning: no Python or PHP files to review under empty, docs\n"


# ---------------------------------------------------------------- configuration: exit 2


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "pyproject.toml",
            '[tool.reviewer\nfail-on = "major"\n',
            "pyproject.toml: invalid TOML: Expected ']' at the end of a table declaration "
            "(at line 1, column 15)",
        ),
        (
            ".reviewer.toml",
            "x = [\n",
            ".reviewer.toml: invalid TOML: Invalid value (at end of document)",
        ),
        (
            "pyproject.toml",
            '[tool.reviewer]\nfail-on = "majr"\n',
            "pyproject.toml: 'fail-on' cannot be 'majr'; did you mean 'major'?",
        ),
    ],
)
def test_a_config_file_with_an_error(
    cli: Cli, chdir_tmp: Path, name: str, text: str, message: str
) -> None:
    write(chdir_tmp, "good.py", SENTINEL)
    write(chdir_tmp, name, text)
    run = cli("good.py")
    assert (run.code, run.err, run.out) == (2, f"review: error: {message}\n", "")


def test_a_config_file_that_is_not_utf8(cli: Cli, chdir_tmp: Path) -> None:
    (chdir_tmp / ".reviewer.toml").write_bytes(b"\xff\xfe")
    run = cli(".")
    assert run.code == 2 and run.err.startswith("review: error: .reviewer.toml: cannot be read: ")
    assert run.err.count("\n") == 1


def test_a_named_config_file_that_does_not_exist(cli: Cli, chdir_tmp: Path) -> None:
    run = cli("--config", "nothere.toml", ".")
    assert (run.code, run.err) == (2, "review: error: config file not found: nothere.toml\n")


# ---------------------------------------------------------------- git: --diff and --staged


def git(cwd: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=env)


@pytest.mark.parametrize("option", [["--diff"], ["--diff=main"], ["--staged"]])
def test_diff_outside_a_git_repository(cli: Cli, chdir_tmp: Path, option: Sequence[str]) -> None:
    write(chdir_tmp, "good.py", SENTINEL)
    run = cli("good.py", *option)
    assert run.code == 2 and run.out == ""
    assert run.err.startswith("review: error: --diff and --staged need a git repository (")
    assert run.err.count("\n") == 1


def test_diff_on_a_detached_head_reviews_what_the_change_adds(cli: Cli, chdir_tmp: Path) -> None:
    write(chdir_tmp, "old.py", "def f(x):\n    return eval(x)\n")
    git(chdir_tmp, "init", "-q", "-b", "trunk")  # no main or master to measure against
    git(chdir_tmp, "add", ".")
    git(chdir_tmp, "commit", "-qm", "one")
    write(chdir_tmp, "later.py", SENTINEL)
    git(chdir_tmp, "add", ".")
    git(chdir_tmp, "commit", "-qm", "two")
    git(chdir_tmp, "checkout", "-q", "--detach", "HEAD~1")
    write(chdir_tmp, "new.py", SENTINEL)
    run = cli("--format", "json", "--diff")
    assert (run.code, run.err) == (0, "")
    assert set(commented(run.json())) == {"new.py"}


def test_diff_against_a_ref_that_does_not_exist(cli: Cli, chdir_tmp: Path) -> None:
    write(chdir_tmp, "good.py", SENTINEL)
    git(chdir_tmp, "init", "-q")
    run = cli("--diff=nonexistent")
    assert run.code == 2
    assert run.err == "review: error: --diff nonexistent: no such commit in this repository\n"


# ---------------------------------------------------------------- an unreadable file


def _without_root_privileges() -> list[str] | None:
    """A command prefix under which chmod 000 stops reads: nothing for a normal user; for
    root (in CI containers), setpriv dropping the capabilities that bypass file modes."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--"]
    probe = subprocess.run([*prefix, "true"], capture_output=True, check=False)
    return prefix if probe.returncode == 0 else None


def test_an_unreadable_file_and_folder(tmp_path: Path) -> None:
    prefix = _without_root_privileges()
    if prefix is None:
        pytest.skip("running as root without setpriv: chmod 000 cannot stop root's reads")
    write(tmp_path, "good.py", SENTINEL)
    write(tmp_path, "locked.py", SENTINEL).chmod(0)
    write(tmp_path, "closed/inner.py", SENTINEL)
    (tmp_path / "closed").chmod(0)
    try:
        done = subprocess.run(
            [*prefix, sys.executable, "-m", "reviewer", "--no-cache", "--format", "json", "."],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    finally:
        (tmp_path / "closed").chmod(0o755)
    run = Run(done.returncode, done.stdout, done.stderr)
    assert run.code == 0, run.err
    assert_clean_stderr(run)
    report = run.json()
    assert errors_by_path(report) == {
        "locked.py": [("review", "cannot be read: Permission denied")],
        "closed": [("review", "folder cannot be listed: Permission denied")],
    }
    assert set(commented(report)) == {"good.py"}


def test_a_cache_folder_that_cannot_be_written_costs_only_the_cache(tmp_path: Path) -> None:
    """`.review_cache` is a file here (a read-only checkout behaves alike): every analyzer
    still runs, mypy without its incremental cache (it stopped with an internal error)."""
    write(tmp_path, "good.py", SENTINEL)
    write(tmp_path, ".review_cache", "not a folder\n")
    done = subprocess.run(
        [sys.executable, "-m", "reviewer", "--format", "json", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith("review: warning: not using .review_cache as a cache: ")
    assert done.stderr.count("\n") == 1
    assert json.loads(done.stdout)["errors"] == []
    assert (tmp_path / ".review_cache").read_text(encoding="utf-8") == "not a folder\n"


# ---------------------------------------------------------------- a file deleted mid-run


@dataclass(frozen=True)
class DeletesFirst(Wrapped):
    """Our seam: an analyzer that deletes files after discovery, then runs the real one."""

    victims: tuple[Path, ...] = ()

    def run(self, files: Sequence[SourceFile]) -> AnalyzerResult:
        for victim in self.victims:
            victim.unlink(missing_ok=True)
        return self.inner.run(files)


def deleted_while_reviewed(folder: Path, disabled: frozenset[str]) -> Review:
    """A review whose analyzers each delete two files first (our seam), as if someone did
    while it ran; keep.py and typed.py stay."""
    write(folder, "keep.py", SENTINEL)
    write(folder, "typed.py", "def f(x: int) -> str:\n    return x\n")
    victims = (
        write(folder, "victim.py", "def f(x):\n    return eval(x)\n"),
        write(folder, "victim.php", "<?php\necho 'hi';\n"),
    )
    config = ReviewConfig(paths=(".",), cache_dir=None, disabled_analyzers=disabled)
    catalog = load_catalog()
    analyzers = [DeletesFirst(a, victims) for a in build_analyzers(catalog, config)]
    return run_review(config, analyzers, catalog, make_renderer(Voice.PEER))


def test_a_file_deleted_after_it_was_read_is_blamed_by_each_analyzer(chdir_tmp: Path) -> None:
    """bandit left out: it starts before the files are read, so it may delete them first."""
    result = deleted_while_reviewed(chdir_tmp, frozenset({"bandit"}))
    assert all(e.path for e in result.errors)  # no analyzer lost the whole run
    blamed = {(e.analyzer, e.path) for e in result.errors}
    python = {"ruff", "mypy", "radon", "design"}
    assert blamed == {(a, "victim.py") for a in python} | {("php", "victim.php")}
    by_path = {(c.path, c.rule.id) for c in result.comments}
    assert {("keep.py", "unused-import"), ("typed.py", "return-type-mismatch")} <= by_path


def test_a_file_deleted_at_any_moment_is_reported_and_the_rest_reviewed(chdir_tmp: Path) -> None:
    """With bandit deleting the files as it starts, before or after they are read."""
    result = deleted_while_reviewed(chdir_tmp, frozenset())
    assert all(e.path for e in result.errors)
    assert {e.path for e in result.errors} == {"victim.py", "victim.php"}
    by_path = {(c.path, c.rule.id) for c in result.comments}
    assert {("keep.py", "unused-import"), ("typed.py", "return-type-mismatch")} <= by_path
