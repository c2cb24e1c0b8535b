"""Helpers for the PHP analyzer tests: run the analyzer on real files, pick findings, wrap PHP."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from reviewer.analyzers.php import PhpAnalyzer
from reviewer.config.thresholds import PhpThresholds
from reviewer.inputs.discovery import SourceFile
from reviewer.model import AnalyzerResult, Finding


class Analyze(Protocol):
    """The `analyze` fixture: write PHP source at a Laravel-style path and analyze it."""

    def __call__(self, source: str, name: str = ...) -> AnalyzerResult: ...


def run_php(*paths: Path, thresholds: PhpThresholds | None = None) -> AnalyzerResult:
    """Run the PHP analyzer over real files."""
    files = [SourceFile(str(path), "php") for path in paths]
    return PhpAnalyzer(thresholds or PhpThresholds()).run(files)


def of(result: AnalyzerResult, code: str) -> list[Finding]:
    """The findings of one code."""
    return [f for f in result.findings if f.code == code]


def php(body: str, namespace: str = "App\\Services") -> str:
    """A strict-typed PHP file with a namespace, so only the body's own problems show."""
    return f"<?php\n\ndeclare(strict_types=1);\n\nnamespace {namespace};\n\n{body.strip()}\n"
