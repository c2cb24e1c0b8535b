"""The in-process analyzers (radon, the design and PHP detectors) run in worker processes on
large runs, and find there exactly what they find in this one."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.analyzers import build_analyzers, workers
from reviewer.analyzers.workers import InWorker
from reviewer.catalog.rules import load_catalog
from reviewer.config.options import ReviewConfig
from reviewer.inputs.discovery import discover

SAMPLES = Path(__file__).resolve().parent.parent / "sample_projects"


@pytest.mark.parametrize("name", ["radon", "design", "php"])
def test_an_in_process_analyzer_finds_the_same_in_its_worker(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workers, "MIN_FILES", 1)  # our own seam: a worker even for a few files
    config = ReviewConfig(cache_dir=None)
    [placed] = [a for a in build_analyzers(load_catalog(), config, workers=True) if a.name == name]
    [here] = [a for a in build_analyzers(load_catalog(), config) if a.name == name]
    files = [f for f in discover([str(SAMPLES)]) if f.language in here.languages]
    assert isinstance(placed, InWorker)
    in_worker, in_process = placed.run(files), here.run(files)
    assert in_worker.findings and in_worker == in_process


def test_a_run_imports_only_the_analyzers_it_has_files_for(tmp_path: Path) -> None:
    """`--version` imports no analyzer; a Python-only review never loads the PHP parser."""
    import subprocess
    import sys

    (tmp_path / "app.py").write_text("X = 1\n", encoding="utf-8")
    probe = (
        "import sys; from reviewer.cli import main; main({args}); "
        "print(sorted(m for m in sys.modules if m.startswith('reviewer.analyzers.')))"
    )

    def loaded(args: list[str]) -> str:
        command = [sys.executable, "-c", probe.format(args=args)]
        done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
        return done.stdout.splitlines()[-1]

    assert loaded(["--version"]) == "[]"
    python_only = loaded(["--no-cache", "app.py"])
    assert "reviewer.analyzers.tools.mypy" in python_only
    assert "reviewer.analyzers.php" not in python_only


def test_the_registry_knows_each_analyzers_languages_without_importing_it() -> None:
    from reviewer.analyzers import ANALYZERS

    config = ReviewConfig(cache_dir=None)
    for analyzer in build_analyzers(load_catalog(), config):
        built = analyzer.inner  # type: ignore[attr-defined]
        assert (analyzer.name, analyzer.languages) == (built.name, built.languages)
    assert set(ANALYZERS) == {a.name for a in build_analyzers(load_catalog(), config)}
