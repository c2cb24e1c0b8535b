"""A cache the reviewed tree supplies is never believed: a committed `.review_cache`, a
folder of the user's files named as the cache, a symbolic link planted where the cache goes.
Only a folder review made (its CACHEDIR.TAG sealed with a per-user key kept outside every
tree) is used, and each entry in it carries a seal of its own, checked on every read."""

from __future__ import annotations

import ctypes
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from reviewer.analyzers.base import CacheUnit
from reviewer.cache.results import CachedAnalyzer
from reviewer.catalog.rules import load_catalog
from reviewer.config.options import ReviewConfig
from reviewer.inputs.discovery import SourceFile
from reviewer.model import AnalyzerResult, Finding, Location
from reviewer.pipeline.run import run_review
from reviewer.render.comments import make_renderer

DANGEROUS = """\
import subprocess


def run(command):
    subprocess.run(command, shell=True)


def calculate(text):
    return eval(text)
"""
WARNING = "review: warning: not using"


@pytest.fixture
def keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's own per-user key folder, seen by review in-process and in subprocesses."""
    home = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


def review(
    cwd: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "reviewer", *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, timeout=120)


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout


def repository(folder: Path, every_tool: bool = False) -> Path:
    """A git repository holding DANGEROUS; reviewed by bandit alone (quick) unless asked."""
    folder.mkdir()
    git(folder, "init", "-q")
    git(folder, "config", "user.email", "dev@example.com")
    git(folder, "config", "user.name", "Dev")
    (folder / "app.py").write_text(DANGEROUS, encoding="utf-8")
    if not every_tool:
        quick = 'disable = ["ruff", "radon", "mypy", "design"]\n'
        (folder / ".reviewer.toml").write_text(quick, encoding="utf-8")
    git(folder, "add", ".")
    git(folder, "commit", "-q", "-m", "app")
    return folder


def said_nothing(data: Any) -> Any:
    """What an attacker writes over an entry: no findings, comments or errors, zero counts."""
    if isinstance(data, dict):
        emptied = ("findings", "comments", "praise", "errors", "notes")
        return {
            k: [] if k in emptied else {} if k.startswith("by_") else said_nothing(v)
            for k, v in data.items()
        }
    if isinstance(data, list):
        return [said_nothing(v) for v in data]
    return data


def doctor(cache: Path) -> int:
    """Every entry made to say "no findings", its seal line (if any) kept as it was."""
    doctored = 0
    for entry in cache.rglob("*.json"):
        if "mypy" in entry.relative_to(cache).parts:
            continue  # mypy's own cache, not ours
        text = entry.read_text(encoding="utf-8")
        seal, _, body = text.partition("\n") if not text.startswith("{") else ("", "", text)
        data = said_nothing(json.loads(body))
        entry.write_text((seal + "\n" if seal else "") + json.dumps(data), encoding="utf-8")
        doctored += 1
    return doctored


def messages(run: subprocess.CompletedProcess[str]) -> set[str]:
    return {c["rule"] for c in json.loads(run.stdout)["comments"]}


@pytest.mark.slow
def test_a_doctored_cache_committed_to_the_repository_is_not_believed(
    tmp_path: Path, keys: Path
) -> None:
    origin = repository(tmp_path / "origin", every_tool=True)
    first = review(origin, "--format", "json", "app.py")
    assert first.returncode == 1, first.stderr
    found = messages(first)
    assert doctor(origin / ".review_cache") >= 3
    git(origin, "add", "-f", ".review_cache")
    git(origin, "commit", "-q", "-m", "cache")
    git(tmp_path, "clone", "-q", "origin", "clone")
    clone = tmp_path / "clone"
    elsewhere = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "ci-runner")}
    in_ci = review(clone, "--format", "json", "app.py", env=elsewhere)
    assert in_ci.returncode == 1, in_ci.stderr
    assert messages(in_ci) == found
    assert in_ci.stderr.count(WARNING) == 1 and ".review_cache" in in_ci.stderr
    assert git(clone, "status", "--porcelain") == ""  # the committed cache left as it was
    # the same user's key (the doctored folder's tag verifies): each entry's seal does not
    at_home = review(clone, "--format", "json", "app.py")
    assert at_home.returncode == 1, at_home.stderr
    assert messages(at_home) == found


def test_cache_dir_dot_neither_marks_nor_deletes_the_project(tmp_path: Path, keys: Path) -> None:
    project = repository(tmp_path / "project")
    (project / "notes.txt").write_text("mine\n", encoding="utf-8")
    status = git(project, "status", "--porcelain")
    run = review(project, "--cache-dir", ".", "app.py")
    assert run.returncode == 1, run.stderr
    assert run.stderr.count(WARNING) == 1
    assert git(project, "status", "--porcelain") == status
    assert not (project / "CACHEDIR.TAG").exists() and not (project / ".gitignore").exists()
    before = sorted(p.name for p in project.iterdir())
    clear = review(project, "cache", "clear", "--cache-dir", ".")
    assert clear.returncode == 2
    assert clear.stderr.strip().splitlines() == [
        "review: error: . is not a cache review made; left as is"
    ]
    assert sorted(p.name for p in project.iterdir()) == before
    assert git(project, "status", "--porcelain") == status


def test_a_cache_folder_of_folders_named_like_ours_is_not_cleared(
    tmp_path: Path, keys: Path
) -> None:
    project = tmp_path / "project"
    for name in ("ruff", "mypy", "design"):
        (project / name).mkdir(parents=True)
        (project / name / "work.txt").write_text("mine\n", encoding="utf-8")
    clear = review(tmp_path, "cache", "clear", "--cache-dir", "project")
    assert clear.returncode == 2, clear.stdout
    assert (project / "mypy" / "work.txt").read_text(encoding="utf-8") == "mine\n"


def test_review_clears_the_cache_it_made(tmp_path: Path, keys: Path) -> None:
    project = repository(tmp_path / "project")
    assert review(project, "app.py").returncode == 1
    assert (project / ".review_cache" / "CACHEDIR.TAG").is_file()
    clear = review(project, "cache", "clear")
    assert clear.returncode == 0, clear.stderr
    assert not (project / ".review_cache").exists()


def test_a_symlinked_cache_folder_is_not_written_through(tmp_path: Path, keys: Path) -> None:
    project = repository(tmp_path / "project")
    outside = tmp_path / "outside"
    outside.mkdir()
    (project / ".review_cache").symlink_to(outside)
    (project / "sub").symlink_to(outside)
    run = review(project, "app.py")
    assert run.returncode == 1, run.stderr
    assert run.stderr.count(WARNING) == 1
    nested = review(project, "--cache-dir", "sub/cache", "app.py")
    assert nested.returncode == 1, nested.stderr
    assert nested.stderr.count(WARNING) == 1
    assert list(outside.iterdir()) == []
    clear = review(project, "cache", "clear")
    assert clear.returncode == 2 and clear.stderr.count("\n") == 1, clear.stderr
    assert (project / ".review_cache").is_symlink() and outside.is_dir()


def test_a_symlinked_cache_folder_is_refused_with_staged_too(tmp_path: Path, keys: Path) -> None:
    """`--staged` runs in a stand-in folder with the cache path made absolute: the links on
    the way to it are judged before that, where the user named them."""
    project = repository(tmp_path / "project")
    outside = tmp_path / "outside"
    outside.mkdir()
    (project / "sub").symlink_to(outside)
    (project / "app.py").write_text(DANGEROUS + "\n# staged\n", encoding="utf-8")
    git(project, "add", "app.py")
    run = review(project, "--staged", "--diff-mode", "file", "--cache-dir", "sub/cache")
    assert run.returncode == 1, run.stderr
    assert run.stderr.count(WARNING) == 1
    assert list(outside.iterdir()) == []


def test_a_dangling_cache_dir_link_does_not_create_its_target(tmp_path: Path, keys: Path) -> None:
    project = repository(tmp_path / "project")
    target = tmp_path / "nowhere" / "cache"
    (project / "link").symlink_to(target)
    run = review(project, "--cache-dir", "link", "app.py")
    assert run.returncode == 1, run.stderr
    assert run.stderr.count(WARNING) == 1
    assert not (tmp_path / "nowhere").exists()


def test_without_a_key_review_runs_without_a_cache(tmp_path: Path) -> None:
    project = repository(tmp_path / "project")
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", encoding="utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": str(blocked)}
    run = review(project, "app.py", env=env)
    assert run.returncode == 1, run.stderr
    assert run.stderr.count("review: warning:") == 1 and "Traceback" not in run.stderr
    assert not (project / ".review_cache").exists()


@dataclass
class Rewriter:
    """Our own seam: an analyzer during whose run the file is saved again (as an editor
    would), and that reports what it then reads: an `eval` line is a finding."""

    replacement: str
    name: str = "rewriter"
    languages: frozenset[str] = frozenset({"python"})
    calls: list[str] = field(default_factory=list)

    def version(self) -> str:
        return "1"

    def run(self, files: Sequence[SourceFile]) -> AnalyzerResult:
        found = []
        for source in files:
            Path(source.path).write_text(self.replacement, encoding="utf-8")
            lines = Path(source.path).read_text(encoding="utf-8").splitlines()
            found += [
                Finding("bandit", "B307", Location(source.path, n, n), "eval")
                for n, line in enumerate(lines, 1)
                if "eval(" in line
            ]
            self.calls.append(source.path)
        return AnalyzerResult(tuple(found))


def test_a_file_saved_during_the_review_is_not_kept_under_its_old_bytes(
    tmp_path: Path, keys: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    clean = '"""Clean."""\n'
    Path("app.py").write_text(clean, encoding="utf-8")
    config = ReviewConfig(paths=("app.py",), cache_dir=".review_cache")
    catalog, render = load_catalog(), make_renderer(config.voice)

    def reviewed(text: str) -> int:
        rewriter = Rewriter(text)
        cached = CachedAnalyzer(rewriter, Path(".review_cache"), CacheUnit.FILE, lambda: "")
        return len(run_review(config, [cached], catalog, render).comments)

    assert reviewed("x = eval('1')\n") == 1  # analyzed the bytes saved while it ran
    Path("app.py").write_text(clean, encoding="utf-8")
    assert reviewed(clean) == 0  # the reverted file: its own findings, not the saved one's


def _without_override() -> None:
    """In the child, before exec: root without CAP_DAC_OVERRIDE (1) and CAP_DAC_READ_SEARCH (2),
    so that a folder of mode 000 cannot be read, as for any other user."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        libc.prctl(24, capability, 0, 0, 0)  # PR_CAPBSET_DROP


def test_an_unreadable_folder_with_the_cache_on_is_one_line(tmp_path: Path, keys: Path) -> None:
    project = repository(tmp_path / "project", every_tool=True)  # mypy's inputs walk the tree
    locked = project / "locked"
    locked.mkdir()
    (locked / "b.py").write_text("y = 1\n", encoding="utf-8")
    locked.chmod(0)
    try:
        probe = subprocess.run(
            ["ls", str(locked)], capture_output=True, preexec_fn=_without_override, check=False
        )
        if probe.returncode == 0:
            pytest.skip("permissions do not bite here")
        command = [sys.executable, "-m", "reviewer", "."]
        run = subprocess.run(
            command,
            cwd=project,
            capture_output=True,
            text=True,
            preexec_fn=_without_override,
            timeout=120,
            check=False,
        )
    finally:
        locked.chmod(0o755)
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode == 1, run.stderr
    assert "app.py" in run.stdout
