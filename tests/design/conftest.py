"""Run the design analyzer for real on small files written into a temporary folder."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from reviewer.analyzers.design import DesignAnalyzer, DesignThresholds
from reviewer.inputs.discovery import SourceFile
from reviewer.model import AnalyzerResult, Finding

Analyze = Callable[..., list[Finding]]


def run_design(
    folder: Path, files: dict[str, str], thresholds: DesignThresholds | None = None
) -> AnalyzerResult:
    """Write the files (dedented) and run the analyzer on all of them."""
    paths = []
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        paths.append(path)
    analyzer = DesignAnalyzer() if thresholds is None else DesignAnalyzer(thresholds)
    sources = [SourceFile(p.as_posix(), "python") for p in paths]
    return analyzer.run(sources)


@pytest.fixture
def analyze(tmp_path: Path) -> Analyze:
    """`analyze(source, name="module.py", **other_files)` -> the findings of that one file."""

    def run(source: str, name: str = "module.py", **others: str) -> list[Finding]:
        files = {name: source, **{f"{key}.py": text for key, text in others.items()}}
        result = run_design(tmp_path, files)
        assert result.errors == ()
        target = (tmp_path / name).as_posix()
        return [f for f in result.findings if f.location.path == target]

    return run


def codes(findings: list[Finding], code: str | None = None) -> list[tuple[str, int]]:
    """(code, line) pairs, for one code when given."""
    return [(f.code, f.location.line) for f in findings if code is None or f.code == code]
