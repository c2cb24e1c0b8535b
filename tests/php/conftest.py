"""Helpers for the PHP analyzer tests: real PHP files in a temporary folder, analyzed for real."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reviewer.analyzers.php import PhpAnalyzer
from reviewer.config.thresholds import PhpThresholds
from reviewer.inputs.discovery import SourceFile
from reviewer.model import AnalyzerResult, Finding

Analyze = Callable[..., AnalyzerResult]


def run_php(*paths: Path, thresholds: PhpThresholds | None = None) -> AnalyzerResult:
    """Run the PHP analyzer over real files."""
    files = [SourceFile(str(path), "php") for path in paths]
    return PhpAnalyzer(thresholds or PhpThresholds()).run(files)


@pytest.fixture
def analyze(tmp_path: Path) -> Analyze:
    """Write PHP source at a Laravel-style path below tmp_path and analyze it."""

    def run(source: str, name: str = "app/Services/OrderService.php") -> AnalyzerResult:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
        result = run_php(path)
        assert result.errors == (), result.errors
        return result

    return run


def of(result: AnalyzerResult, code: str) -> list[Finding]:
    """The findings of one code."""
    return [f for f in result.findings if f.code == code]


def php(body: str, namespace: str = "App\\Services") -> str:
    """A strict-typed PHP file with a namespace, so only the body's own problems show."""
    return f"<?php\n\ndeclare(strict_types=1);\n\nnamespace {namespace};\n\n{body.strip()}\n"
