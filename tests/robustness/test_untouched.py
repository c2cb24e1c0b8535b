"""Issue 8, item 3: nothing touched. A full review in every format, with the cache on, a
baseline and `--diff` in a git repository, leaves every reviewed file (content, mode and
modification time) and every folder as it was: only `--output`, `.review_cache/` and the
baseline appear. Each of those is written whole or not at all, so an interrupted run leaves
the old file intact and no temporary file behind."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer.cli import main
from reviewer.config.options import OutputFormat
from reviewer.runtime.atomic import write_atomically
from tests.helpers import SAMPLES

Snapshot = dict[str, tuple[str, int, int]]

ALLOWED = (".review_cache/", ".review-baseline.json", "reports/")


def snapshot(root: Path) -> Snapshot:
    """Every file and folder below root: its hash (or kind), mode and modification time."""
    found: Snapshot = {}
    for folder, dirs, files in os.walk(root):
        for name in [*dirs, *files]:
            path = Path(folder, name)
            status = path.lstat()
            digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
            found[path.relative_to(root).as_posix()] = (digest, status.st_mode, status.st_mtime_ns)
    return found


def allowed(path: str) -> bool:
    return path.startswith(ALLOWED) or f"{path}/".startswith(ALLOWED)


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Path]:
    """The Python and PHP samples side by side in a git repository, committed, with one
    uncommitted change for --diff to find; the working directory is the project."""
    root = tmp_path / "project"
    for sample in ("orders_api", "laravel_orders"):
        shutil.copytree(SAMPLES / sample, root / sample)
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    for args in (["init", "-q", "-b", "main"], ["add", "."], ["commit", "-qm", "samples"]):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)
    service = root / "orders_api" / "orders_api" / "services.py"
    service.write_text(service.read_text(encoding="utf-8") + "\nDEBUG = True\n", encoding="utf-8")
    old = Path.cwd()
    os.chdir(root)
    try:
        yield root
    finally:
        os.chdir(old)


@pytest.mark.slow
def test_a_full_review_in_every_format_changes_nothing_but_its_own_files(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(project)
    codes = []
    for output_format in OutputFormat:
        target = f"reports/review.{output_format.value}"
        codes.append(main([".", "--format", output_format.value, "--output", target]))
        codes.append(main([".", "--format", output_format.value]))  # to standard output
    codes.append(main(["baseline", "."]))
    codes.append(main([".", "--diff", "--format", "json"]))
    codes.append(main([".", "--staged", "--format", "sarif"]))
    assert set(codes) <= {0, 1}, capsys.readouterr().err
    after = snapshot(project)
    changed = {p for p in before if before[p] != after.get(p)}
    assert changed == set()
    added = set(after) - set(before)
    assert added and all(allowed(p) for p in added), sorted(p for p in added if not allowed(p))
    assert {f"reports/review.{f.value}" for f in OutputFormat} <= added
    assert ".review-baseline.json" in added and ".review_cache/CACHEDIR.TAG" in added
    assert not [p for p in added if p.endswith(".tmp")]  # every write finished its rename


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    """The text cannot be encoded (a lone surrogate half-way through): the write fails after
    the temporary file holds part of it, as a crash or a full disk would."""
    target = tmp_path / "review.json"
    target.write_text('{"old": true}\n', encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_atomically(target, "x" * 100_000 + "\udcff" + "y" * 10)
    assert target.read_text(encoding="utf-8") == '{"old": true}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["review.json"]


def test_a_formatter_failing_leaves_the_old_output(
    chdir_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Our seam: the formatter raises, as a bug in one would; the review file of the last run
    is still there, whole."""
    (chdir_tmp / "app.py").write_text("X = 1\n", encoding="utf-8")
    (chdir_tmp / "review.md").write_text("# last week's review\n", encoding="utf-8")

    def broken(*args: object) -> str:
        raise RuntimeError("formatter bug")

    monkeypatch.setattr("reviewer.cli.session.formatter_for", lambda output_format: broken)
    with pytest.raises(RuntimeError, match="formatter bug"):
        main(["--no-cache", "app.py", "--format", "markdown", "--output", "review.md"])
    assert (chdir_tmp / "review.md").read_text(encoding="utf-8") == "# last week's review\n"
    assert sorted(p.name for p in chdir_tmp.iterdir()) == ["app.py", "review.md"]


def test_output_into_a_folder_is_a_usage_error(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (chdir_tmp / "app.py").write_text("X = 1\n", encoding="utf-8")
    (chdir_tmp / "out").mkdir()
    assert main(["--no-cache", "app.py", "--output", "out"]) == 2
    assert capsys.readouterr().err == "review: error: cannot write out: Is a directory\n"
    assert list((chdir_tmp / "out").iterdir()) == []
