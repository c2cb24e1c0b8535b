"""Run the design analyzer for real on small files written into a temporary folder."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Protocol

from reviewer.analyzers.design import DesignAnalyzer, DesignThresholds
from reviewer.inputs.discovery import SourceFile
from reviewer.model import AnalyzerResult, Finding


class Analyze(Protocol):
    """The `analyze` fixture: write `source` (and `others`, by module name), analyze them all,
    and return the findings of `source`'s file."""

    def __call__(self, source: str, name: str = ..., **others: str) -> list[Finding]: ...


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


def codes(findings: list[Finding], code: str | None = None) -> list[tuple[str, int]]:
    """(code, line) pairs, for one code when given."""
    return [(f.code, f.location.line) for f in findings if code is None or f.code == code]
