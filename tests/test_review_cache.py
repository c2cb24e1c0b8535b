"""A whole review kept by what it was made from: asked again, `review` answers without running
an analyzer; any change to the files, settings, tools or catalog makes a fresh one."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from reviewer.analyzers.base import Wrapped
from reviewer.analyzers.tools.ruff import RuffAnalyzer
from reviewer.catalog.rules import load_catalog
from reviewer.config.analyzers import RuffOptions
from reviewer.config.options import ReviewConfig
from reviewer.inputs.discovery import SourceFile
from reviewer.inputs.scope import Scope
from reviewer.inputs.vcs import ChangeSet
from reviewer.model import AnalysisError, AnalyzerResult, Review, Voice
from reviewer.pipeline.run import run_review
from reviewer.render.comments import make_renderer
from tests.helpers import write

APP = "import subprocess\n\n\ndef run(cmd):\n    assert cmd\n    return subprocess.call(cmd, shell=True)\n"


@dataclass(frozen=True)
class Counted(Wrapped):
    """Our own seam around the real ruff: counts the runs that reach it."""

    calls: list[int] = field(default_factory=list)
    fail: bool = False

    def run(self, files: Sequence[SourceFile]) -> AnalyzerResult:
        self.calls.append(len(files))
        if self.fail:
            return AnalyzerResult(errors=(AnalysisError(self.name, "crashed: boom"),))
        return self.inner.run(files)


def review(analyzer: Counted, config: ReviewConfig, scope: Scope = Scope()) -> Review:  # noqa: B008
    catalog = load_catalog()
    return run_review(config, [analyzer], catalog, make_renderer(config.voice), scope)


@pytest.fixture
def ruff() -> Counted:
    return Counted(RuffAnalyzer(RuffOptions(load_catalog().codes_for("ruff"))))


@pytest.fixture
def config(chdir_tmp: Path) -> ReviewConfig:
    write(chdir_tmp, "app.py", APP)
    return ReviewConfig(paths=("app.py",), cache_dir="cache")


def test_the_same_review_asked_again_runs_no_analyzer(ruff: Counted, config: ReviewConfig) -> None:
    first = review(ruff, config)
    again = review(ruff, dataclasses.replace(config, output="elsewhere.md"))
    assert first.comments and again == first
    assert ruff.calls == [1]


def test_a_changed_file_or_setting_makes_a_fresh_review(
    ruff: Counted, config: ReviewConfig, chdir_tmp: Path
) -> None:
    review(ruff, config)
    write(chdir_tmp, "app.py", APP + "\n\nX = 1\n")
    review(ruff, config)
    review(ruff, dataclasses.replace(config, voice=Voice.MENTOR))
    review(ruff, dataclasses.replace(config, disabled_analyzers=frozenset({"mypy"})))
    assert ruff.calls == [1, 1, 1, 1]


def test_a_changed_tool_version_makes_a_fresh_review(
    ruff: Counted, config: ReviewConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    packages = tmp_path / "venv" / "site-packages"
    write(packages, "ruff-0.0.1.dist-info/METADATA", "")
    monkeypatch.setattr(sys, "path", [*sys.path, str(packages)])
    config = dataclasses.replace(config, disabled_analyzers=frozenset({"mypy"}))
    review(ruff, config)
    (packages / "ruff-0.0.1.dist-info").rename(packages / "ruff-0.0.2.dist-info")
    review(ruff, config)
    assert ruff.calls == [1, 1]


def test_a_damaged_entry_is_rebuilt_never_trusted(ruff: Counted, config: ReviewConfig) -> None:
    first = review(ruff, config)
    [entry] = Path("cache", "reviews").rglob("*.json")
    entry.write_text(entry.read_text(encoding="utf-8")[:-40], encoding="utf-8")
    assert review(ruff, config) == first
    assert ruff.calls == [1, 1]


def test_a_run_level_error_or_a_diff_is_never_kept(ruff: Counted, config: ReviewConfig) -> None:
    broken = Counted(ruff.inner, fail=True)
    review(broken, config)
    review(broken, config)
    diff = Scope(changes=ChangeSet(lines={"app.py": frozenset({5})}))
    review(ruff, config, diff)
    review(ruff, config, diff)
    assert broken.calls == [1, 1]
    assert ruff.calls == [1, 1]
